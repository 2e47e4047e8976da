"""The English word list: the test for "is this a real word" before any typo correction."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path


@cache
def english_words() -> frozenset[str]:
    """English base forms from spacy-lookups-data, read once per process.

    Empty when the package is missing: callers then fall back to their own lists,
    which still protect most words, rather than failing to start.
    """
    try:
        import spacy_lookups_data
    except ImportError:
        return frozenset()
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_index.json.gz"
    if not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        index = json.load(handle)
    return frozenset(word.lower() for words in index.values() for word in words)
