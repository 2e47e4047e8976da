"""Actions for the personal tools: staying-well plan, check-ins, progress, reminders, their data.

Thin: the decisions are in `personal/` and the records in `store/`. Database work runs in a
thread so one person's write never holds up the event loop that answers everyone else.
"""
