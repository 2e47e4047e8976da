"""Extensions that run inside the Rasa server, each named by its import path in Rasa's files.

- `crisis_override.CrisisOverride`: NLU component (config.yml) that lets the crisis detector
  override the intent classifier.
- `redis_lock.AtomicRedisLockStore`: lock store (endpoints.yml, `LOCK_STORE_URL`) that keeps two
  Rasa servers from handling one person's messages at once.
- `conversation_erasure.ConversationErasureInput`: input channel (credentials.yml) that erases a
  conversation's tracker events after the person confirms.

They import Rasa, so nothing outside the Rasa server imports them.
"""
