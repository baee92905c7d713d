"""Sourcing profile per article. PLACEHOLDER until issue 9 lands."""
from __future__ import annotations


def sourcing_profiles(results, support) -> dict[str, dict]:
    return {}
