"""Scaled mode on loopback: PostgreSQL, Redis, nginx, several Rasa and action servers."""
