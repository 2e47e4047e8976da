"""The Rasa action server's custom actions (thin: domain logic lives in plain modules)."""
