"""Actions for the personal tools: staying-well plan, check-ins, progress, reminders, their data.

Named personal_tools, not personal: rasa_sdk walks subpackages by their bare name, so an
actions package called "personal" would load the top-level `personal` package instead.

Thin: the decisions are in `personal/` and the records in `store/`. Database work runs in a
thread so one person's write never holds up the event loop that answers everyone else.
"""
