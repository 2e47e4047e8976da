"""Personal tools as plain Python: the staying-well plan, check-ins, progress, reminders, and
the person's data (what is kept, export, erasure).

No Rasa and no Telegram here, so every decision is tested on its own; the actions in
`actions/personal_tools/` and `bot/reminders.py` are thin callers. Importing does no work:
matplotlib is imported only when a chart is drawn.
"""
