"""Rewrite analysis. PLACEHOLDER until issue 9 lands."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Drift, Family, Link, Support


@dataclass(slots=True)
class ReuseResult:
    families: list[Family] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)


def analyze_reuse(results) -> ReuseResult:
    return ReuseResult()
