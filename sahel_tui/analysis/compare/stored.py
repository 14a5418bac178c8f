"""A whole comparison kept in the analysis cache, so a second look at an unchanged corpus is not a second comparison.

The comparison is a pure function of the corpus (texts, segmentation, metadata,
order), the actors it was given, the sections asked for and the code, so all
of these make its key (:func:`entry_key`). A warm export, a second `compare`,
or the app's comparison view opened again after a restart read the entry
instead of comparing 2,000 articles again (6-9 s there; reading the entry takes about 1 s).

Why not pickle: a cache file is read back into objects, and unpickling a
tampered file runs code. This codec builds only the record types listed in
:func:`_types`, from plain JSON, through ``json.loads``' C decoder with an
``object_hook``; anything else in the file makes it a miss.

What it leaves out, to stay small and right:

* a cited sentence (:class:`SentenceRef`, 70,000 of them at 2,000 articles) is
  stored as its article and sentence id, and its text, offsets and citation
  are read back from the corpus (the key guarantees it is the same corpus);
* the analyst's verdicts (``review``) are not stored: they change without the
  corpus changing, and the workspace applies them to every reviewable item
  after each load;
* nor are the stage timings, which describe one run (an entry read back has none).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from sahel_tui.analysis.attribution.model import Attribution
from sahel_tui.analysis.compare.contested import ClaimSide, ContestedClaim
from sahel_tui.analysis.compare.model import (
    ChronologyEntry,
    ChronologyMention,
    CorroboratedGroup,
    DateConflict,
    Discrepancy,
    DiscrepancySide,
    GroupMember,
    MemberMatch,
    Review,
    SentenceRef,
    SingleSourceClaim,
)
from sahel_tui.store.verdict_records import Evidence

if TYPE_CHECKING:
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.infrastructure.cache import Cache

KIND = "comparison"
VERSION = "1"
# Entries kept: each is the comparison of one state of a whole corpus (15 MB at 2,000 articles)
# and an edit supersedes it, so older ones are deleted; a few cover switching between folders
# or filters and back.
KEEP = 4
# Above this many articles nothing is stored: at 20,000 an entry would be several hundred MB
# and take half a minute to write, which an analyst quitting the app would wait for.
MAX_ARTICLES = 5000


def _types() -> tuple[type, ...]:
    from sahel_tui.analysis.compare import Comparison

    return (
        Comparison, CorroboratedGroup, GroupMember, MemberMatch, Review, SingleSourceClaim, Discrepancy,
        DiscrepancySide, ChronologyEntry, ChronologyMention, DateConflict, Attribution, ContestedClaim,
        ClaimSide, Evidence,
    )


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def _ref_fields(cls: type) -> frozenset[int]:
    """Positions of the fields declared ``SentenceRef``: written inline as [article, sentence id],
    which saves the decoder a call per cited sentence (60,000 group members at 2,000 articles)."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    return frozenset(i for i, f in enumerate(fields) if f.type in ("SentenceRef", SentenceRef))


class NotStorable(Exception):
    """The result holds something the codec does not know: it is simply not cached."""


# -- the key -------------------------------------------------------------------------------


def _code() -> str:
    """The source of everything the comparison runs: the analysis packages and the corpus model."""
    from sahel_tui.infrastructure.cache import source_digest

    here = Path(__file__).resolve().parent
    analysis = here.parent
    dirs = [analysis, here, analysis / "attribution", analysis / "actors", analysis.parent / "corpus"]
    return hashlib.sha256("".join(source_digest(d) for d in dirs).encode()).hexdigest()[:16]


def _corpus_digest(corpus: Corpus) -> str:
    """Everything of the corpus the comparison reads: each article in order, its text, its
    sentences' spans, its title and metadata (a manifest edit changes citations and dates)."""
    h = hashlib.sha256()
    for a in corpus.articles:
        h.update(f"\0{a.id}\0{a.content_hash}\0{a.title}\0".encode("utf-8", "surrogatepass"))
        h.update(hashlib.sha256(a.text.encode("utf-8", "surrogatepass")).digest())
        h.update(repr([(p.kind, [(s.start, s.end) for s in p.sentences]) for p in a.paragraphs]).encode())
        h.update(repr(a.meta).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _actors_digest(actors: Sequence[Any] | None) -> str:
    if actors is None:
        return "none"
    h = hashlib.sha256()
    for a in actors:
        h.update(repr((a.id, a.name, a.type, a.aliases, a.roles, a.description, a.description_source, a.merged)).encode("utf-8", "surrogatepass"))
        h.update(repr([(m.article, m.sentence_id, m.start, m.end) for m in a.mentions]).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def entry_key(corpus: Corpus, actors: Sequence[Any] | None, sections: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """(content hash, params) for the cache: one entry per corpus, actors, sections and code."""
    return _corpus_digest(corpus), {"v": VERSION, "code": _code(), "actors": _actors_digest(actors), "sections": list(sections)}


# -- encoding --------------------------------------------------------------------------------
#
# Plain JSON values stay as they are; every other value is one small object whose single
# key says what it is, so no object in the file has keys of the data's own:
#   {"@": [type number, field values...]}  a record of _types() (a field declared SentenceRef
#                                           as [article, sentence id])
#   {"r": [article, sentence id]}           a SentenceRef, rebuilt from the corpus
#   {"d": [[key, value], ...]}              a dict
#   {"t": [...]} / {"f": [...]}             a tuple / a frozenset
#   {"n": 0}                                a Review (not stored: the verdicts are applied after loading)
#   {"j": "JSON text"}                      a section that is plain JSON (similarity, coverage, framing)


_PIECE = 32  # lists and dicts longer than this are written an item at a time...
_DEPTH = 3  # ...down to this depth within a section
_PLAIN = frozenset({"similarity", "coverage", "framing"})  # Comparison's sections that are plain JSON values


def _dumps(value: Any) -> str:
    # ASCII: a lone surrogate (from a file name's undecodable byte) is written escaped, never as bytes
    # that would not decode; the entry holds ids and terms, not texts, so escapes cost little.
    return json.dumps(value, separators=(",", ":"))


def encode(result: Comparison) -> Iterator[str]:
    """The entry's JSON text in pieces: one top-level item at a time, so writing it costs the
    memory of one item's encoding, not of the whole result's (1.7 million values at 2,000)."""
    types = _types()
    number = {cls: i for i, cls in enumerate(types)}
    fields = {cls: _fields(cls) for cls in types}
    inline = {cls: _ref_fields(cls) for cls in types}

    def field_value(cls: type, i: int, x: Any) -> Any:
        if i in inline[cls]:
            if type(x) is not SentenceRef:
                raise NotStorable(f"{cls.__qualname__}.{fields[cls][i]} is not a SentenceRef")
            return [x.article, x.sentence_id]
        return enc(x)

    def enc(x: Any) -> Any:
        if x is None or isinstance(x, (bool, int, float, str)):
            return x
        if isinstance(x, list):
            return [enc(v) for v in x]
        cls = type(x)
        if cls is SentenceRef:
            return {"r": [x.article, x.sentence_id]}
        if cls is Review:
            return {"n": 0}
        if cls in number:
            return {"@": [number[cls], *(field_value(cls, i, getattr(x, name)) for i, name in enumerate(fields[cls]))]}
        if isinstance(x, dict):
            if not all(isinstance(k, str) for k in x):
                raise NotStorable("a dict with keys that are not strings")
            return {"d": [[k, enc(v)] for k, v in x.items()]}
        if isinstance(x, tuple):
            return {"t": [enc(v) for v in x]}
        if isinstance(x, frozenset):
            return {"f": [enc(v) for v in x]}
        raise NotStorable(f"a {cls.__module__}.{cls.__qualname__}")

    def cut(x: Any, depth: int, leaf: Callable[[Any], str], wrapped: bool) -> Iterator[str]:
        """``leaf(x)`` in pieces: a section's large lists and dicts (the similarity matrix, the
        coverage's actors: 24 and 44 MB of JSON at 2,000 articles) are written an item at a time
        down to ``_DEPTH`` levels, so no piece costs more than a few MB to build, and below that
        whole, so the pieces stay few (a piece per value took 30 s). ``wrapped``: dicts as this
        codec's {"d": pairs}, else as JSON objects (plain sections)."""
        if isinstance(x, list) and all(v is None or isinstance(v, (bool, int, float, str)) for v in x):
            yield _dumps(x)  # a row of numbers: JSON as it is, at once, no copy
        elif depth < _DEPTH and isinstance(x, list) and len(x) > _PIECE:
            yield "["
            for i, v in enumerate(x):
                if i:
                    yield ","
                yield from cut(v, depth + 1, leaf, wrapped)
            yield "]"
        elif depth < _DEPTH and type(x) is dict and (
            len(x) > _PIECE or (depth == 0 and any(isinstance(v, (list, dict)) for v in x.values()))
        ):
            # A long dict, or a section's small dict of large values ({"matrix": ..., "nearest": ...}).
            if not all(isinstance(k, str) for k in x):
                raise NotStorable("a dict with keys that are not strings")
            yield '{"d":[' if wrapped else "{"
            for i, (k, v) in enumerate(x.items()):
                yield ("," if i else "") + ("[" + _dumps(k) + "," if wrapped else _dumps(k) + ":")
                yield from cut(v, depth + 1, leaf, wrapped)
                if wrapped:
                    yield "]"
            yield "]}" if wrapped else "}"
        else:
            yield leaf(x)

    def plain_leaf(x: Any) -> str:
        try:
            return _dumps(x)
        except TypeError as exc:  # not plain JSON after all
            raise NotStorable(str(exc)) from None

    def as_string(pieces: Iterator[str]) -> Iterator[str]:
        """A JSON string holding the pieces' text: escaping is per character, so per piece."""
        yield '{"j":"'
        for piece in pieces:
            yield _dumps(piece)[1:-1]
        yield '"}'

    cls = type(result)
    if cls not in number or inline[cls]:
        raise NotStorable("not a Comparison")
    yield '{"types":' + _dumps([f"{c.__module__}.{c.__qualname__}" for c in types])
    yield ',"fields":' + _dumps([list(fields[c]) for c in types])
    yield ',"result":{"@":[' + str(number[cls])
    for name in fields[cls]:
        yield ","
        value = getattr(result, name)
        if name == "timings":
            yield _dumps(enc({}))  # they describe one run, not the result: an entry read back has none
        elif name in _PLAIN and type(value) is dict:
            # Plain JSON (similarity, coverage, framing: 77 MB of the 87 at 2,000 articles), kept as
            # JSON text in a string: no wrapping to write, and C's decoder reads it back unhooked.
            yield from as_string(cut(value, 0, plain_leaf, wrapped=False))
        else:
            yield from cut(value, 0, lambda v: _dumps(enc(v)), wrapped=True)
    yield "]}}"


def decode(raw: str, corpus: Corpus) -> Comparison:
    """The stored comparison; ValueError (or KeyError, TypeError) when it is not this code's, or not sound."""
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.analysis.compare.prepare import citation

    types = _types()
    fields = [list(_fields(cls)) for cls in types]
    inline = [sorted(_ref_fields(cls)) for cls in types]
    names = [f"{cls.__module__}.{cls.__qualname__}" for cls in types]
    by_id: dict[str, Article] = {a.id: a for a in corpus.articles}
    cited: dict[tuple[str, int], str] = {}

    def ref(article_id: str, sentence_id: str) -> SentenceRef:
        article = by_id[article_id]
        s = article.sentence(sentence_id)
        if s is None:
            raise KeyError(sentence_id)
        key = (article_id, s.paragraph)
        where = cited.get(key)
        if where is None:
            where = cited[key] = citation(article, s)
        return SentenceRef(article_id, sentence_id, s.text, s.start, s.end, where)

    def hook(obj: dict[str, Any]) -> Any:
        if len(obj) != 1:
            if obj.keys() == {"types", "fields", "result"}:
                return obj  # the entry itself (every dict of the data is wrapped, so none is taken for it)
            raise ValueError("not an entry of this codec")
        (tag, value), = obj.items()
        if tag == "@":
            n = value[0]
            if len(value) - 1 != len(fields[n]):
                raise ValueError("a record of another shape")
            args = value[1:]
            for i in inline[n]:
                article, sentence = args[i]
                args[i] = ref(str(article), str(sentence))
            return types[n](*args)
        if tag == "r":
            return ref(str(value[0]), str(value[1]))
        if tag == "d":
            return {k: v for k, v in value}
        if tag == "t":
            return tuple(value)
        if tag == "f":
            return frozenset(value)
        if tag == "n":
            return Review()
        if tag == "j":
            return json.loads(value)
        raise ValueError(f"unknown tag {tag!r}")

    # The header is checked before the body is built, so an entry of other code costs no objects.
    head, sep, _ = raw.partition(',"result":')
    if not sep:
        raise ValueError("no result")
    header = json.loads(head + "}")
    if header.get("types") != names or header.get("fields") != fields:
        raise ValueError("written by other code")
    doc = json.loads(raw, object_hook=hook)
    result = doc["result"]
    if not isinstance(result, Comparison):
        raise ValueError("not a comparison")
    return result


# -- the cache -------------------------------------------------------------------------------


def load(cache: Cache, corpus: Corpus, key: tuple[str, dict[str, Any]]) -> Comparison | None:
    raw = cache.get_text(KIND, key[0], key[1])
    if raw is None:
        return None
    try:
        return decode(raw, corpus)
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        cache.drop(KIND, key[0], key[1])  # unsound: the next store rebuilds it
        return None


def store(cache: Cache, result: Comparison, key: tuple[str, dict[str, Any]]) -> bool:
    """Keep ``result`` (its reviews are not kept); False when it holds what the codec does not know."""
    from sahel_tui.infrastructure.background import paced

    try:
        written = cache.put_text(KIND, key[0], paced(encode(result)), key[1])
    except (NotStorable, RecursionError, ValueError):
        return False  # put_text left no entry behind
    if written:
        cache.keep_newest(KIND, KEEP)
    return written


_pending: list[threading.Thread] = []  # writing entries in the background
_pending_lock = threading.Lock()


def wait_for_stores(timeout: float | None = None) -> None:
    """Wait until every entry being written in the background is written (the CLI, before it returns)."""
    with _pending_lock:
        threads = list(_pending)
        _pending.clear()
    for thread in threads:
        thread.join(timeout)


def _only(whole: Comparison, chosen: tuple[str, ...]) -> Comparison:
    """``whole`` with only the ``chosen`` sections, as a comparison of those sections alone is."""
    from sahel_tui.analysis.compare import Comparison

    part = Comparison(articles=whole.articles, sections=chosen, notes=list(whole.notes))
    for name in chosen:
        setattr(part, name, getattr(whole, name))
    return part


def cached_compare(
    compute: Callable[[], Comparison],
    cache: Cache | None,
    corpus: Corpus,
    actors: Sequence[Any] | None,
    sections: Sequence[str] | None,
    *,
    background: bool = False,
) -> Comparison:
    """``compute()``'s result, read from the cache when this corpus, actors, sections and code made one.

    With ``background``, a fresh result is written by a thread (about 2 s at 2,000 articles),
    so whoever waits for it sees it first. The thread is not a daemon: a process that ends
    meanwhile finishes the write. It reads nothing a caller changes (reviews are not written).
    """
    if cache is None or not cache.enabled or len(corpus.articles) > MAX_ARTICLES:
        return compute()
    from sahel_tui.analysis.compare import SECTIONS, parse_sections

    chosen = parse_sections(sections)
    key = entry_key(corpus, actors, chosen)
    found = load(cache, corpus, key)
    if found is not None:
        return found
    if chosen != SECTIONS:
        # The whole comparison holds every part: the export (all but similarity and the
        # attribution lists) after the app's comparison view reads the view's entry.
        whole = load(cache, corpus, entry_key(corpus, actors, SECTIONS))
        if whole is not None:
            return _only(whole, chosen)
    result = compute()
    if background:
        thread = threading.Thread(target=store, args=(cache, result, key), name="store-comparison")
        with _pending_lock:
            _pending.append(thread)
        thread.start()
    else:
        store(cache, result, key)
    return result
