"""Crisis safety: detection of crisis language and the contacts that can help now.

Plain Python shared by the Rasa NLU component, the action server and the Telegram
front end, so that every process answers a crisis from the same rules and data.
"""
