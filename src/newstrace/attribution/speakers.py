"""Speaker resolution. PLACEHOLDER until issue 5 lands."""
from __future__ import annotations

from ..model import Article, Attribution, Entity


def resolve_speakers(article: Article, attributions: list[Attribution], doc=None) -> list[Attribution]:
    return attributions


def link_entities(results) -> list[Entity]:
    return []
