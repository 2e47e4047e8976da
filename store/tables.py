"""Imports every feature module that declares personal tables, so the store knows them all.

A feature adds its module here; `tests/store/test_erasure.py` checks nothing is missed.
"""

from store import checkins, consent, exercises, plans, reminders  # noqa: F401
