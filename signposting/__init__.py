"""Signposting: find peer-support groups and services by topic and place.

Plain Python, testable without Rasa. The public surface:

- `directory.load_directory()`: the resource directory (data/resources/*.yml),
  shaped like Open Referral UK / HSDS and checked against its schema on load;
- `places.read_place()` and `understanding.read_request()`: what a message says
  about where and what, by spaCy rules on a blank English pipeline;
- `search.search()`: ranked matches, local and specific first, never empty;
- `render.render_page()`: a page of three matches as short text for a phone;
- `importer`, `checker`, `aliss`: load a local directory, list stale entries,
  and ask ALISS live (off by default).

Errors: `directory.DirectoryError` (the data cannot be trusted) is the only
exception this package raises on purpose; ALISS failures are caught and fall
back to the local directory.
"""
