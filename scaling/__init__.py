"""Rasa plug-ins for running several Rasa servers side by side (the scaled mode)."""
