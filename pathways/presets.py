"""A pathway's search preset as the signposting search's query."""

from __future__ import annotations

from pathways.model import Pathway
from signposting.search import Query


def search_query(pathway: Pathway, area: str | None = None) -> Query:
    """Where a pathway's group search starts; `area` (the person's own) wins over the preset.

    A preset's kinds rank first rather than filter, so a pathway for groups still
    shows a helpline when no group fits.
    """
    chosen = area or pathway.search.area
    return Query(
        topics=pathway.search.topics,
        areas=(chosen,) if chosen else (),
        prefer_kinds=pathway.search.kinds,
    )
