"""Speaker resolution: who is behind each attribution's source, and what kind of source it is.

:func:`resolve_speakers` (one article) turns each attribution's source span into a
:class:`~newstrace.model.Speaker`: ``named`` with the fullest name the article gives
(pronouns, titles/roles and short forms resolved), ``anonymous`` ("a Baltic diplomat"),
``document`` ("a 2021 internal memo") or ``unresolved`` when nothing in the article
supports an antecedent. Precision first: users prefer fewer speakers to wrong ones.
The cross-article step, :func:`newstrace.attribution.entities.link_entities`, then builds
one :class:`~newstrace.model.Entity` per real speaker of the run.

No coreference package works offline here (coreferee's English model and fastcoref's
weights are downloaded at run time), so this is a small hand-written resolver over spaCy's
entities, parse and noun chunks. Its word lists live as data in ``speaker_rules/`` (beside
this package); its accuracy is measured by ``newstrace.eval.speakers`` on a hand-labelled
PolNeAR dev set.

Modules: :mod:`.rules` (rule data, name helpers), :mod:`.spans` (spaCy span helpers),
:mod:`.context` (what the resolver knows about one article), :mod:`.resolver` (the
resolution steps and :func:`resolve_speakers`).
"""
from __future__ import annotations

from .resolver import resolve_speakers
from .rules import joint_members, joint_name, name_tokens, names_compatible, normalize_name

__all__ = ["joint_members", "joint_name", "name_tokens", "names_compatible", "normalize_name", "resolve_speakers"]


