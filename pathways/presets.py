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


def search_entities(pathway: Pathway) -> dict[str, str]:
    """The preset as the entities of a /find_group button, so the ordinary search runs it.

    Topics go comma-joined (the search slot's own form), the area as a place key, and
    the first preferred kind as `support_kind`, which ranks that kind first without
    filtering. With no area the search asks where, as it does for anyone.
    """
    query = search_query(pathway)
    entities = {"support_topic": ",".join(query.topics)}
    if query.areas:
        entities["support_place"] = f"area:{query.areas[0]}"
    if query.prefer_kinds:
        entities["support_kind"] = query.prefer_kinds[0]
    return entities
