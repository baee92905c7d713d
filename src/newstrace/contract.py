"""The output contract: every table newstrace writes, declared once.

Each :class:`Table` says its name, whether it holds rows per article or per run, its fields
(name, type, optional or not) and its primary key. Everything that writes or reads results
derives from :data:`TABLES`:

* the JSON records (``to_record`` in :mod:`newstrace.model` orders and trims them with
  :func:`compact`) and the JSONL files of ``newstrace analyze --out`` (:func:`jsonl_tables`);
* the DuckDB store (:mod:`newstrace.store`: columns, DDL, upserts, reading back);
* Arrow and Parquet (:func:`arrow_schema`, :func:`typed_row`, :func:`record_from_row`): the
  Spark job's output and ``newstrace export --format parquet``.

A record may carry fields that are not declared ("more fields may be added" in the contract):
the store and Parquet keep them, as JSON, in an ``extra`` column, so reading a table back
gives exactly the records that were written. Optional fields are left out of a record when
they are null (or an empty list); the other fields are always present, null or not.

Field types: ``str``, ``int``, ``float``, ``bool``, ``strs`` (list of strings), ``span``
(``{"start", "end", "text"}``, offsets into the text of the article the record names),
``spans`` (list of spans), ``speaker`` (``{"name", "kind", "entity"}``) and ``json`` (any JSON
value, stored as JSON text).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Field", "Table", "TABLES", "EXTRA", "arrow_schema", "compact", "jsonl_tables", "per_article_tables",
           "per_run_tables", "record_from_row", "table", "typed_row"]

FieldType = Literal["str", "int", "float", "bool", "strs", "span", "spans", "speaker", "json"]
#: The sub-fields of the object types.
OBJECT_KEYS: dict[str, tuple[str, ...]] = {"span": ("start", "end", "text"), "speaker": ("name", "kind", "entity")}
#: The column that keeps a record's undeclared fields (JSON) in the store and in Parquet.
EXTRA = "extra"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a table's records.

    ``column`` names the field's column(s) in the store where it differs from ``name`` (a
    span or speaker becomes ``{column}_start``, ``{column}_end``, ``{column}_text``...)."""

    name: str
    type: FieldType
    doc: str
    optional: bool = False
    column: str | None = None

    @property
    def store_name(self) -> str:
        return self.column or self.name


@dataclass(frozen=True, slots=True)
class Table:
    """One output table. ``scope`` is ``article`` (rows belong to one article and are saved
    with it) or ``run`` (rows are made across the articles of a run and replaced wholesale).
    ``jsonl`` says whether ``newstrace analyze --out`` writes it as ``NAME.jsonl``. Tables are
    looked up in :data:`TABLES` when used, so a table added there reaches every writer."""

    name: str
    scope: Literal["article", "run"]
    doc: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    jsonl: bool = True
    #: Fields (``span.start`` for a key inside an object) that order the rows when a table is
    #: read back; the key when empty.
    order: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no field {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(name: str, type_: FieldType, doc: str, optional: bool = False, column: str | None = None) -> Field:
    return Field(name, type_, doc, optional, column)


_DECLARED: tuple[Table, ...] = (
    Table("articles", "article", "One record per article (a split page gives one per article on it).", (
        _f("id", "str", "stable id: the input file's stem, `stem#k` for the k-th article of a split page, "
                        "`stem~n` for the n-th input with an id already seen"),
        _f("origin", "str", "the input path (`path:LINE` for a JSON Lines record)"),
        _f("title", "str", "the title, or null"),
        _f("text", "str", "the article's text; every span of every table points into it"),
        _f("url", "str", "the page's URL", optional=True),
        _f("outlet", "str", "the publisher (site name or host)", optional=True),
        _f("published", "str", "publication date as the input gives it", optional=True),
        _f("authors", "strs", "bylines", optional=True),
        _f("downloaded", "str", "when the page was fetched (news-please `date_download`), as the input gives it",
           optional=True),
        _f("hash", "str", "sha256 of title and text: an article whose hash is in the store is not analysed again"),
    ), key=("id",)),
    Table("sentences", "article", "Sentence spans of every analysed article (store and Parquet only).", (
        _f("article", "str", "article id"),
        _f("start", "int", "sentence start offset", column="span_start"),
        _f("end", "int", "sentence end offset", column="span_end"),
    ), key=("article", "start"), jsonl=False),
    Table("furniture", "article", "Page furniture: lines of an article's text that belong to the page (share "
          "bars, photo credits and captions, related-story teasers, newsletter boxes...), kept out of attributions, "
          "alignment, support and drift; the text itself is unchanged.", (
        _f("article", "str", "article id"),
        _f("span", "span", "the line"),
        _f("kind", "str", "what it is: `gallery`, `credit`, `caption`, `share`, `related`, `newsletter`, `comment`, "
                          "`advert`, `copyright`, `byline`, `dateline`, `rule`, `repeated` (recurs on several pages "
                          "of one outlet), ..."),
    ), key=("article", "span.start")),
    Table("attributions", "article", "Who said what: every attribution found in an article.", (
        _f("article", "str", "article id"),
        _f("id", "str", "`ARTICLE:aN`, in order of content start"),
        _f("source", "span", "who is speaking, as the text names them, or null"),
        _f("cue", "span", "the reporting verb or phrase, or null"),
        _f("content", "span", "what was said"),
        _f("kind", "str", "`direct` | `partial` | `indirect`"),
        _f("speaker", "speaker", "the resolved speaker: canonical `name` (or null), `kind` (`named` | "
                                 "`anonymous` | `document` | `unresolved`), `entity` id (or null); a joint "
                                 "source (several people speaking together) is `named` with every member's "
                                 "canonical name, separated by `; `, and no entity"),
        _f("score", "float", "the tagger's confidence", optional=True),
    ), key=("article", "id")),
    Table("entities", "run", "One record per real speaker across the run.", (
        _f("id", "str", "entity id"),
        _f("name", "str", "canonical name"),
        _f("aliases", "strs", "surface forms seen"),
        _f("kind", "str", "`person` | `organisation` | `anonymous` | `document`"),
        _f("roles", "strs", "roles the articles give the speaker"),
        _f("articles", "strs", "ids of the articles that quote the speaker"),
    ), key=("id",)),
    Table("families", "run", "Articles that rewrite one underlying report.", (
        _f("id", "str", "family id"),
        _f("articles", "strs", "member article ids"),
        _f("score", "float", "how strongly the members are tied (mean copy or rewrite evidence)"),
        _f("source", "str", "the earliest member: the report the others rewrite", optional=True),
    ), order=("id",)),
    Table("sources", "run", "Who copied whom: each member of a family and its most likely source.", (
        _f("family", "str", "family id"),
        _f("article", "str", "the member"),
        _f("source", "str", "the member it most likely copied, or null for the family's root"),
        _f("basis", "str", "what ordered the members: `published`, `downloaded` (crawl time) or `text` "
                           "(no times: longest first)"),
        _f("carried", "float", "share of the member's own text the source carries (below 1: the copy adds)"),
        _f("kept", "float", "share of the source's own text the member keeps (below 1: the copy cuts)"),
        _f("shared_lead", "bool", "whether member and source open with the same lead"),
    ), key=("family", "article")),
    Table("outlets", "run", "The outlet network: which outlet copies from which, across the families of a run.", (
        _f("source", "str", "the outlet copied from (its site name, else its URL's host)"),
        _f("copier", "str", "the outlet that copied"),
        _f("families", "int", "families in which `copier` took an article of `source`"),
        _f("copies", "int", "articles of `copier` whose most likely source is an article of `source`"),
        _f("median_lag_hours", "float", "median hours from the source article's time to the copy's (publication, "
                                        "else crawl time; pairs with both)", optional=True),
        _f("family_ids", "strs", "the families"),
    ), key=("source", "copier")),
    Table("links", "run", "Aligned sentences between two articles of a family.", (
        _f("a", "str", "article id"),
        _f("b", "str", "article id"),
        _f("a_span", "span", "sentence in `a`", column="a"),
        _f("b_span", "span", "sentence in `b`", column="b"),
        _f("score", "float", "similarity"),
        _f("relation", "str", "`same-quote` | `same-fact`"),
    ), order=("a", "b", "a_span.start", "b_span.start")),
    Table("support", "run", "Each sentence of every article in a family: supported by a sibling or not.", (
        _f("article", "str", "article id"),
        _f("span", "span", "the sentence"),
        _f("status", "str", "`supported` | `unsupported`"),
        _f("supported_by", "strs", "ids of the siblings that carry the sentence"),
        _f("score", "float", "best similarity found", optional=True),
    ), order=("article", "span.start")),
    Table("drift", "run", "Quotes of one speaker whose wording changed between two articles.", (
        _f("a", "str", "article id"),
        _f("b", "str", "article id"),
        _f("a_span", "span", "the quote's content in `a`", column="a"),
        _f("b_span", "span", "the quote's content in `b`", column="b"),
        _f("speaker", "str", "entity id or name of the speaker"),
        _f("similarity", "float", "word-level similarity of the two quotes"),
        _f("changes", "str", "a short word-level diff"),
    ), order=("a", "b", "a_span.start", "b_span.start")),
    Table("errors", "article", "Every input, article or stage that could not be processed (the run goes on).", (
        _f("origin", "str", "the input path, or `(corpus)` for the cross-article stages"),
        _f("error", "str", "what is wrong and what to do"),
        _f("code", "str", "error code (see the table of codes in docs/reference.md)"),
    ), order=("origin",)),
    Table("profiles", "run", "Sourcing profile of each article.", (
        _f("article", "str", "article id"),
        _f("sources", "json", "attributions per speaker kind: `{named, anonymous, document, unresolved}`"),
        _f("named_speakers", "strs", "names of the named speakers (joint speakers' members included), in order of first attribution"),
        _f("sentences", "int", "sentences in the article"),
        _f("in_family", "bool", "whether the article belongs to a rewrite family"),
        _f("unsupported_sentences", "int", "sentences no sibling supports"),
        _f("unsupported_share", "float", "share of unsupported sentences (null outside families)"),
        _f("vague_attributions", "spans", "vague sourcing phrases (\"sources say\", \"reportedly\")"),
    ), key=("article",)),
)

#: Every output table by name, in declaration order.
TABLES: dict[str, Table] = {t.name: t for t in _DECLARED}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}") from None


def jsonl_tables() -> tuple[str, ...]:
    """The tables ``newstrace analyze --out`` writes as ``NAME.jsonl``."""
    return tuple(t.name for t in TABLES.values() if t.jsonl)


def per_article_tables() -> tuple[str, ...]:
    return tuple(t.name for t in TABLES.values() if t.scope == "article")


def per_run_tables() -> tuple[str, ...]:
    return tuple(t.name for t in TABLES.values() if t.scope == "run")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list) and not value)


def compact(name: str, rec: dict) -> dict:
    """``rec`` in the table's field order, optional fields left out when null or empty, then any
    undeclared fields in their own order. The one rule for what a record looks like."""
    t = table(name)
    out = {f.name: rec[f.name] for f in t.fields if f.name in rec and not (f.optional and _empty(rec[f.name]))}
    for k, v in rec.items():
        if k not in out and k not in t.names:
            out[k] = v
    return out


def merge_extra(rec: dict, extra: str | None) -> dict:
    """Put back into ``rec`` what :func:`typed_row` kept aside in ``extra``."""
    more = json.loads(extra) if extra else {}
    for key, nested in more.pop("__nested__", {}).items():
        if isinstance(rec.get(key), dict):
            rec[key].update(nested)
    rec.update(more)
    return rec


# --------------------------------------------------------------------------- Arrow / Parquet

def _arrow_type(type_: FieldType):
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "strs": pa.list_(pa.string()), "span": span, "spans": pa.list_(span),
            "speaker": pa.struct([("name", pa.string()), ("kind", pa.string()), ("entity", pa.string())]),
            "json": pa.string()}[type_]


def arrow_schema(name: str):
    """The typed Arrow schema of a table (spans as structs), plus the ``extra`` column."""
    import pyarrow as pa

    return pa.schema([(f.name, _arrow_type(f.type)) for f in table(name).fields] + [(EXTRA, pa.string())])


def _is_int(v: Any) -> bool:
    return type(v) is int and -2**63 <= v < 2**63


def _fits(value: Any, type_: FieldType) -> bool:
    """Whether a typed column holds ``value`` exactly (else the record keeps it in ``extra``)."""
    if value is None or type_ == "json":
        return True
    if type_ == "str":
        return isinstance(value, str)
    if type_ == "int":
        return _is_int(value)
    if type_ == "float":
        return type(value) is float
    if type_ == "bool":
        return type(value) is bool
    if type_ == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if type_ == "spans":
        return isinstance(value, list) and all(isinstance(v, dict) and set(v) <= set(OBJECT_KEYS["span"])
                                               and _fits(v, "span") for v in value)
    if not isinstance(value, dict):
        return False
    if type_ == "span":
        return (all(_is_int(value.get(k)) for k in ("start", "end"))
                and (value.get("text") is None or isinstance(value.get("text"), str)))
    return all(value.get(k) is None or isinstance(value.get(k), str) for k in OBJECT_KEYS[type_])


def _to_typed(value: Any, type_: FieldType) -> Any:
    """A value that :func:`_fits` its type, as the column holds it."""
    if value is None:
        return None
    if type_ == "json":
        return json.dumps(value, ensure_ascii=False)
    if type_ in OBJECT_KEYS:
        return {k: value.get(k) for k in OBJECT_KEYS[type_]}
    if type_ == "spans":
        return [_to_typed(v, "span") for v in value]
    return value


def _from_typed(value: Any, type_: FieldType) -> Any:
    if value is None:
        return None
    if type_ == "json":
        return json.loads(value)
    if type_ == "span" and isinstance(value, dict) and value.get("start") is None:
        return None  # a span whose offsets are null was a null span
    if type_ == "speaker" and isinstance(value, dict) and all(v is None for v in value.values()):
        return None
    if isinstance(value, tuple):
        return list(value)
    if type_ == "spans":
        return [dict(v) for v in value]
    return value


def typed_row(name: str, rec: dict) -> dict:
    """One record as a row of the table's Arrow schema. What the typed columns cannot hold
    exactly (undeclared fields, a value of another type, unknown keys inside a span or a
    speaker) goes to ``extra`` as JSON."""
    t = table(name)
    row, rest = {}, {k: v for k, v in rec.items() if k not in t.names}
    for f in t.fields:
        value = rec.get(f.name)
        if not _fits(value, f.type):
            rest[f.name] = value
            value = None
        elif f.type in OBJECT_KEYS and value is not None:
            more = {k: x for k, x in value.items() if k not in OBJECT_KEYS[f.type]}
            if more:
                rest.setdefault("__nested__", {})[f.name] = more
        row[f.name] = _to_typed(value, f.type)
    row[EXTRA] = json.dumps(rest, ensure_ascii=False) if rest else None
    return row


def record_from_row(name: str, row: dict) -> dict:
    """A typed row back to its record (inverse of :func:`typed_row`): ``extra`` merged back,
    optional fields left out when null, as ``to_record`` writes them."""
    t = table(name)
    rec = {f.name: _from_typed(row.get(f.name), f.type) for f in t.fields}
    rec.update({k: v for k, v in row.items() if k not in rec and k != EXTRA})
    return compact(name, merge_extra(rec, row.get(EXTRA)))
