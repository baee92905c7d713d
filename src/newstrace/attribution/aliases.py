"""A user's alias file: name variants that are one speaker.

The format is the Gender Gap Tracker's ``aliases.txt``, which media researchers already keep:
one person (or organisation) per line, the primary name first, then its variants, separated
by commas::

    Primary name, alias1, alias 2, ...
    Vladimir Putin, Vlad Putin, Vladimir V. Putin, Vladimir Vladimirovich Putin
    Volodymyr Zelensky, Volodymyr Zelenskiy, Volodymyr Zelenskyy
    NATO, North Atlantic Treaty Organization

Blank lines, lines starting with ``#`` and the header line above (``Primary name, …``) are
skipped. Names are compared as :func:`~newstrace.attribution.speakers.rules.normalize_name`
folds them (case, honorifics, a leading "the", possessives), so "President Vladimir Putin"
matches the line of "Vladimir Putin". A variant listed under two primary names is an error:
the file would not say which one is meant.

``newstrace analyze --aliases FILE`` (and ``newstrace spark --aliases FILE``) loads it;
:func:`newstrace.attribution.entities.link_entities` merges every speaker whose name is on a
line into one entity named by the line's primary name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NewstraceError
from .speakers.rules import normalize_name, rules

__all__ = ["AliasFileError", "Aliases", "load_aliases", "parse_aliases"]

#: The header line of the Gender Gap Tracker's file ("Primary name, alias1, alias 2, ...").
_HEADER = "primary name"


class AliasFileError(NewstraceError, ValueError):
    """The alias file cannot be read or says two things at once; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Aliases:
    """Name variants grouped under their primary name. Hashable, so it rides in
    :class:`~newstrace.options.Options` to Spark's driver like the other options."""

    #: One tuple per line of the file: the primary name first, then its variants as written.
    groups: tuple[tuple[str, ...], ...] = ()
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for name in group:
                self._index[normalize_name(name)] = group[0]

    def primary(self, name: str | None) -> str | None:
        """The primary name of the line that lists ``name`` (itself included), or None."""
        if not name:
            return None
        return self._index.get(normalize_name(name))

    def __len__(self) -> int:
        return len(self.groups)


def _only_titles(key: str) -> bool:
    """"President", "the minister": a title alone would send every speaker with it to one person."""
    r = rules()
    return all(w.strip(".") in r.roles or w in r.honorifics or w.strip(".") + "." in r.honorifics
               for w in key.split())


def parse_aliases(text: str, origin: str = "the alias file") -> Aliases:
    """:class:`Aliases` from the text of an alias file; ``origin`` names it in errors."""
    groups: list[tuple[str, ...]] = []
    owner: dict[str, tuple[str, int]] = {}  # normalised name -> (primary, line number)
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [x.strip() for x in line.split(",")]
        if n == 1 and names[0].lower() == _HEADER:
            continue
        names = [x for x in names if x]
        if not names:
            continue
        for name in names:
            key = normalize_name(name)
            if not key or _only_titles(key):
                raise AliasFileError(f"{origin}, line {n}: {name!r} is not a name once titles are removed; "
                                     "write the person's name (\"Vladimir Putin\"), not only a title.")
            seen = owner.get(key)
            if seen is not None and seen[0] != names[0]:
                raise AliasFileError(f"{origin}, line {n}: {name!r} is already a variant of {seen[0]!r} "
                                     f"(line {seen[1]}); a name can belong to one line only.")
            owner.setdefault(key, (names[0], n))
        groups.append(tuple(dict.fromkeys(names)))
    return Aliases(tuple(groups))


def load_aliases(path: str | Path) -> Aliases:
    """Read an alias file (UTF-8). Raises :class:`AliasFileError` naming the file when it is
    missing, unreadable, not text, or lists one variant under two names."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise AliasFileError(f"alias file {p} does not exist; give the path of a text file with one person "
                             "per line: primary name, variant, variant, ...") from None
    except IsADirectoryError:
        raise AliasFileError(f"alias file {p} is a folder; give the path of a text file") from None
    except OSError as e:
        raise AliasFileError(f"alias file {p} cannot be read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise AliasFileError(f"alias file {p} is not UTF-8 text (byte {e.start}); save it as UTF-8") from None
    if "\x00" in text:
        raise AliasFileError(f"alias file {p} is a binary file, not a text file of names")
    return parse_aliases(text, str(p))
