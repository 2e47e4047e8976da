"""The one blank English spaCy pipeline that signposting's rules run on.

Only the tokenizer is needed (places and topics are matched on lower-case
tokens), so this is `spacy.blank("en")`: no model download, no network. It is
built on first use and kept, because building it takes most of a second and
importing this package must not.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def blank_english() -> Any:
    import spacy  # imported here: loading spaCy takes seconds, importing us must not

    return spacy.blank("en")


def phrase_matcher(phrases: dict[str, list[str]]) -> Any:
    """A PhraseMatcher on lower-case text, one label per key of `phrases`."""
    from spacy.matcher import PhraseMatcher

    nlp = blank_english()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, texts in phrases.items():
        matcher.add(label, [nlp.make_doc(text) for text in texts])
    return matcher


def longest_matches(matcher: Any, doc: Any) -> list[tuple[tuple[str, ...], int, int]]:
    """The longest non-overlapping matches in text order, each with every label it has.

    One phrase can carry several labels ("Aberdeen" is a town and a council area),
    so the caller chooses among them.
    """
    from spacy.util import filter_spans

    strings = doc.vocab.strings
    found = matcher(doc)
    labels: dict[tuple[int, int], list[str]] = {}
    for key, start, end in found:
        labels.setdefault((start, end), []).append(strings[key])
    kept = filter_spans([doc[start:end] for start, end in labels])
    return sorted(((tuple(labels[(s.start, s.end)]), s.start, s.end) for s in kept),
                  key=lambda item: item[1])
