"""Pathways: what a practitioner hands over, as data, and what the service may count.

A practitioner gives a person `https://t.me/<bot>?start=<code>`; the code names a
pathway in data/pathways/ that sets the welcome, the exercises suggested first and a
preset for group and service searches. The code is the only thing kept about how the
person arrived. Plain Python, testable without Rasa or Telegram. The public surface:

- `loader.lookup(code)`: the pathway for a start parameter, or None for an unknown or
  malformed one (the ordinary welcome then applies);
- `loader.load_pathways()`: every pathway, checked against the schema on load;
- `usage.count_usage(kind, pathway)`: one count for the service's figures (no text, no
  ids); `usage.usage_report()` the figures with small counts suppressed;
- `leaflet.write_leaflet(...)`: the one-page A4 PDF and the QR code for a pathway
  (needs segno and fpdf2, imported only there).

Errors: `loader.PathwayError` (a pathway file cannot be trusted) is the only exception
raised on purpose; `lookup` and `count_usage_safely` never raise for bad input.
"""
