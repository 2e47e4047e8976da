"""Building blocks that safety/, signposting/, exercises/ and the actions share.

- `clock`: the one place that asks what time it is in the UK.
- `opening_hours`: weekly opening rules and whether something is open at a moment.
- `fields`: validators for the YAML content files, naming file and entry on error.
- `words`: the English word list from spacy-lookups-data ("is this a real word").
- `edit_distance`: how far apart two words are, for typo tolerance.

Nothing here knows about crisis, groups or Rasa.
"""
