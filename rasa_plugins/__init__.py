"""Extensions that run inside the Rasa server, each named by its import path in Rasa's files.

- `crisis_override.CrisisOverride`: NLU component (config.yml) that lets the crisis detector
  override the intent classifier.
- `redis_lock.AtomicRedisLockStore`: lock store (endpoints.yml, `LOCK_STORE_URL`) that keeps two
  Rasa servers from handling one person's messages at once.
- `conversation_erasure.ConversationErasureInput`: input channel (credentials.yml) that erases a
  conversation's tracker events after the person confirms.
- `action_calls` and `sqlite_tracker`: installed by the Rasa launcher (`scripts/rasa_private.py`),
  not named in a file: custom action calls without Rasa's per-call schema self-check, and the
  SQLite tracker store in WAL mode with pooled connections.

They import Rasa, so nothing outside the Rasa server imports them.
"""
