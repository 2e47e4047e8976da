"""Personal records: one store module for everything kept about a person.

Every table holds rows for one pseudonym (`person`), so that what a person can
see, export and erase is found the same way for every feature.
"""
