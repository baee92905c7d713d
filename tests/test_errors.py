"""One error catalogue (newstrace.errors): every code defined once, and the reference in the docs
made from it."""
from __future__ import annotations

import re
from pathlib import Path

from newstrace.errors import E, NewstraceError, catalogue, record

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newstrace"


def test_errors_codes_are_unique_and_only_in_the_catalogue():
    codes = [c.code for c in catalogue()]
    assert len(codes) == len(set(codes))
    literal = re.compile(r"""["']E\d{3}["']""")
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py":
            continue
        hits = literal.findall(path.read_text(encoding="utf-8"))
        assert not hits, f"{path.relative_to(ROOT)} spells error codes {hits}: use newstrace.errors.E"


def test_errors_record_fills_the_template():
    err = record(E.E101, "in/x.txt", path="in/x.txt")
    assert (err.code, err.origin, err.error) == ("E101", "in/x.txt", "in/x.txt does not exist: check the path.")


def test_errors_user_facing_exceptions_share_one_base():
    from newstrace.attribution.runtime import ModelArtifactError
    from newstrace.runner import OutputError
    from newstrace.store import StoreError

    for exc in (OutputError, StoreError, ModelArtifactError):
        assert issubclass(exc, NewstraceError)


def test_errors_reference_doc_is_generated_from_the_declarations():
    from newstrace.reference import markdown

    doc = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert doc == markdown(), "docs/reference.md is stale: run `python -m newstrace.reference > docs/reference.md`"
