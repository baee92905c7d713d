"""Attribution: who said what. PLACEHOLDER until the tagger lands (issue 4)."""
from __future__ import annotations

from ..model import Article, Attribution


def attribute(article: Article) -> list[Attribution]:
    """All attributions of one article, speakers not yet resolved."""
    return []
