"""Near-duplicate texts by word-set Jaccard similarity: the shared leakage helper.

Two texts are near duplicates when the sets of their words (lower-cased, keeping only
a-z, 0-9 and apostrophes) overlap by at least `threshold` (|A & B| / |A | B|). The crisis
evaluation's leakage test and the abilities set's use this one function, so "a close
copy" means the same thing everywhere.

    from scripts.near_duplicates import near_duplicates
    near_duplicates(training_texts, held_out_texts, 0.8)  # [(i, j, similarity), ...]

Prefix filtering keeps it fast: with a fixed word order (rarest first), two sets with
Jaccard >= t must share a word among the first |A| - ceil(t * |A|) + 1 words of A.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_KEEP = re.compile(r"[a-z0-9']+")

DEFAULT_THRESHOLD = 0.8


def words(text: str) -> frozenset[str]:
    """The word set of a text: lower case, runs of [a-z0-9'] (curly apostrophes folded)."""
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return frozenset(w.strip("'") for w in _KEEP.findall(lowered) if w.strip("'"))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b|; 0.0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def near_duplicates(
    a: Sequence[str], b: Sequence[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) with jaccard(words(a[i]), words(b[j])) >= threshold.

    With `b` None, pairs within `a` (i < j). Texts with no words are never paired.
    """
    same = b is None
    left = [words(t) for t in a]
    right = left if same else [words(t) for t in (b or ())]
    frequency = Counter(w for s in (left if same else left + right) for w in s)

    def ordered(s: frozenset[str]) -> list[str]:
        return sorted(s, key=lambda w: (frequency[w], w))

    def prefix(s: frozenset[str]) -> list[str]:
        return ordered(s)[: len(s) - math.ceil(threshold * len(s)) + 1]

    index: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(right):
        for w in prefix(s):
            index[w].append(j)
    found: list[tuple[int, int, float]] = []
    for i, s in enumerate(left):
        if not s:
            continue
        candidates = {j for w in prefix(s) for j in index.get(w, ())}
        for j in sorted(candidates):
            if same and j <= i:
                continue
            other = right[j]
            if not other or min(len(s), len(other)) < threshold * max(len(s), len(other)):
                continue
            similarity = jaccard(s, other)
            if similarity >= threshold:
                found.append((i, j, similarity))
    return found
