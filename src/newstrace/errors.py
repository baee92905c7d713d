"""Every error newstrace reports, defined once.

**Error records.** An input, an article or a cross-article stage that fails never stops a run:
it becomes one record of the ``errors`` table (:class:`~newstrace.model.IngestError`:
``origin``, ``error``, ``code``) and the rest goes on. Each code below has one meaning and
one message template; the message says what is wrong and what to do. Make a record with
:func:`record`::

    record(E.E101, origin, path=p)   # -> IngestError(origin, "... does not exist: ...", "E101")

Codes keep their meaning across releases. E1xx: finding the input; E2xx: reading its bytes;
E3xx: HTML; E4xx: JSON Lines; E5xx: WARC; E9xx: analysis. Two codes used twice with different meanings
before the catalogue existed were renumbered: a Spark record that could not be written is
E903 (was E901, the time limit), an article the Spark job could not rebuild is E904 (was E902,
an article too long to analyse).

**Exceptions.** A condition that stops a command (the output cannot be written, the store
cannot be opened, a shipped model is broken) raises a subclass of :class:`NewstraceError`;
the command line prints its message on one line and exits with code 2::

    NewstraceError                 every exception newstrace raises on purpose
     ├── OutputError               the --out folder cannot be written
     ├── StoreError                the DuckDB store cannot be opened or written (a RuntimeError too)
     ├── ModelArtifactError        a shipped model file is missing or corrupt (a RuntimeError too)
     ├── StageError                a stage list that cannot run: a stage reads what no earlier stage adds
     └── ArticleTimeout            one article ran past its time limit (caught: becomes E901)
"""
from __future__ import annotations

from dataclasses import dataclass

from .contract import compact

__all__ = ["Code", "E", "ArticleTimeout", "IngestError", "ModelArtifactError", "NewstraceError", "OutputError",
           "StageError", "StoreError", "catalogue", "record"]


# --------------------------------------------------------------------------- exceptions

class NewstraceError(Exception):
    """Base of every exception newstrace raises on purpose; its message is written for a person."""


class OutputError(NewstraceError):
    """The output folder cannot be written; the message says which and why."""


class StoreError(NewstraceError, RuntimeError):
    """The store file cannot be opened or written; the message names the file and what to do."""


class ModelArtifactError(NewstraceError, RuntimeError):
    """A shipped model file is missing or unreadable; the message names the file and the fix."""


class StageError(NewstraceError, ValueError):
    """A list of stages that cannot run as given (unknown name, or a stage that reads what no
    earlier stage adds)."""


class ArticleTimeout(NewstraceError):
    """An article's analysis ran past the per-document time limit."""


# --------------------------------------------------------------------------- error records

@dataclass(frozen=True, slots=True)
class Code:
    """One error code: what it means (for the docs) and the message of its records."""

    code: str
    meaning: str
    template: str

    def message(self, **fields) -> str:
        return self.template.format(**fields)


class E:
    """The catalogue of error-record codes (see the module docstring)."""

    E000 = Code("E000", "an error of no known kind", "{error}")
    # finding the input
    E101 = Code("E101", "a path given does not exist", "{path} does not exist: check the path.")
    E102 = Code("E102", "a file named on the command line has a type newstrace does not read",
                "{name} has an unsupported type {suffix!r}: newstrace reads .txt, .html, .jsonl and .warc(.gz) files.")
    E103 = Code("E103", "a file cannot be read (permissions, I/O)", "{path} cannot be read ({reason}){advice}.")
    E104 = Code("E104", "a link inside an input folder points nowhere",
                "{path} is a broken link (its target does not exist): fix or remove it.")
    # reading its bytes
    E201 = Code("E201", "a file or text is empty", "{name} {detail}.")
    E202 = Code("E202", "a file or text contains NUL characters (binary, not text)", "{where} {detail}.")
    E203 = Code("E203", "a file is not valid UTF-8", "{name} is not valid UTF-8 ({position}): {advice}.")
    E204 = Code("E204", "a file is over the size limit per file",
                "{name} is {megabytes:.0f} MB, over the {limit} MB limit per file: split it into smaller files.")
    # HTML
    E301 = Code("E301", "an HTML page could not be parsed", "{name}: the HTML could not be parsed ({error}).")
    E302 = Code("E302", "an HTML page holds no article text", "{name}: no article text found in the HTML{hint}.")
    # JSON Lines
    E401 = Code("E401", "a JSON Lines line is not valid JSON",
                "line {line} of {name} is not valid JSON ({msg} at column {column}).")
    E402 = Code("E402", "a JSON Lines line is not a JSON object",
                "line {line} of {name} is a JSON {type}, not an object with a 'text' field.")
    E403 = Code("E403", "a JSON Lines record has no article text",
                "line {line} of {name} has no article text: give a non-empty string in 'text' (or 'maintext').")
    # WARC
    E501 = Code("E501", "a WARC file is damaged (cut short or corrupt); the complete records before the damage are read",
                "{name} is damaged at byte {offset}: {what}. The {read} pages before it were read; nothing after "
                "it was. Fetch the file again if it was cut short.")
    # analysis
    E900 = Code("E900", "the per-article analysis of one article failed; its text is kept without findings",
                "article {article!r}: {step} failed ({error}); its text is kept, without findings.")
    E901 = Code("E901", "one article ran past the time limit (--time-limit); its text is kept without findings",
                "article {article!r}: analysis took longer than {seconds:g} s and was stopped; its text is kept, "
                "without findings (raise --time-limit if it is a very long article).")
    E902 = Code("E902", "one article is longer than the analysed maximum; its text is kept without findings",
                "article {article!r} has {chars:,} characters, over the {limit:,} analysed per article: its text "
                "is kept without findings. Is it really one article? Split it, or check the input's format.")
    E903 = Code("E903", "one article's findings could not be turned into records (Spark); its text is kept",
                "article {article!r}: findings could not be written ({error}); its text is kept, without findings.")
    E904 = Code("E904", "one article could not be rebuilt from the Spark job's transport rows",
                "article {article!r} could not be rebuilt ({error}).")
    E910 = Code("E910", "the cross-article stages failed; per-article results are kept",
                "{what} failed{where}: {error}. {kept}")
    E920 = Code("E920", "linking speakers across articles failed (Spark); in-article speakers are kept",
                "linking speakers across articles failed ({error}); attributions are kept with their "
                "in-article speakers.")
    E999 = Code("E999", "a reader failed on a file: a bug, please report it",
                "{name} could not be read: internal error ({error}); please report it.")


@dataclass(slots=True)
class IngestError:
    """An error record: an input, article or stage that could not be processed, where, and a
    sentence a person can act on (the ``errors`` table)."""

    origin: str
    error: str
    code: str = E.E000.code

    def to_record(self) -> dict:
        return compact("errors", {"origin": self.origin, "error": self.error, "code": self.code})


def catalogue() -> list[Code]:
    """Every error code, in code order (the docs' table is made from this)."""
    return sorted((v for v in vars(E).values() if isinstance(v, Code)), key=lambda c: c.code)


def record(code: Code, origin: str, **fields) -> IngestError:
    """An error record of ``code`` for ``origin``, its message made from the code's template."""
    return IngestError(origin, code.message(**fields), code.code)


def describe(exc: BaseException) -> str:
    """``Type: message`` of an exception, as error records quote it."""
    return f"{type(exc).__name__}: {exc}"
