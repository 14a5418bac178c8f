"""Cleaned, segmented articles kept in the cache between runs, one pack per corpus folder.

Cleaning and segmentation cost about half a millisecond per article, and the
app loads thousands at start-up. Each article's result is stored under its
content hash, source kind and ``CORPUS_VERSION``; all entries of one corpus
folder live in a single pack file, because reading one file is much cheaper
than reading two thousand. Editing a file changes its hash, so only that
entry is rebuilt; the rest of the pack is reused as is. Ids are not stored:
they are rebuilt from the article id, so renaming a file costs nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from sahel_tui.corpus.model import META_FIELDS, Article, Field, Metadata, Paragraph, Removal, Sentence

# Bump when the cached layout changes. Changes to the pipeline's code retire
# entries by themselves: the source of the corpus modules is part of the key.
CORPUS_VERSION = "corpus-1"
_PACK = "corpus-pack"
_KINDS = ("title", "heading", "body")
_FIELDS = META_FIELDS


def pack_key(root: Path | None) -> str:
    return hashlib.sha256(str(Path(root).resolve() if root else "").encode("utf-8", "surrogateescape")).hexdigest()


def pack_params() -> dict[str, str]:
    return {"v": CORPUS_VERSION, "code": code_version()}


def has_pack(root: Path, cache: Any) -> bool:
    """Whether ``root`` has a pack in ``cache`` (cheap: one stat, nothing read)."""
    return bool(cache.has(_PACK, pack_key(root), pack_params()))


class ArticleCache:
    """Build articles, or take them from the pack of their corpus folder."""

    def __init__(self, root: Path | None = None, cache: Any = None) -> None:
        self.cache = cache
        self.key = pack_key(root)
        self.params = pack_params()
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.dirty = False
        self.keys: dict[str, str] = {}  # article id -> its entry's key, for the corpus index
        # Set by save(): each entry's byte range in the pack file, and the file's stat.
        self.offsets: dict[str, tuple[int, int]] = {}
        self.written: Any = None
        if cache is not None and cache.enabled:
            pack = cache.get(_PACK, self.key, self.params)
            if isinstance(pack, dict):
                self.old = pack

    def article(
        self, text: str, article_id: str, path: Path, kind: str, content_hash: str, warnings: list[str], prepared: Any = None
    ) -> Article:
        """``prepared``: the entry a worker process built for this text (a cold folder is cleaned on every core)."""
        return self._get(text, None, article_id, path, kind, content_hash, warnings, prepared)

    def document(
        self,
        data: bytes,
        article_id: str,
        path: Path,
        kind: str,
        content_hash: str,
        warnings: list[str],
        prepared: Any = None,
    ) -> Article:
        """A PDF, DOCX or e-mail file's article; the file is only read (the costly part) on a miss.

        ``prepared`` is the file already read by a worker: its entry (``to_json``), or the DocumentError it met.
        Raises sahel_tui.corpus.documents.DocumentError when the file cannot be read.
        """
        return self._get("", data, article_id, path, kind, content_hash, warnings, prepared)

    def has(self, kind: str, content_hash: str) -> bool:
        return f"{kind}:{content_hash}" in self.old

    def _get(
        self,
        text: str,
        data: bytes | None,
        article_id: str,
        path: Path,
        kind: str,
        content_hash: str,
        warnings: list[str],
        prepared: Any = None,
    ) -> Article:
        entry_key = f"{kind}:{content_hash}"
        self.keys[article_id] = entry_key
        hit = self.old.get(entry_key)
        if hit is not None:
            try:
                article = from_json(hit, article_id, path, content_hash, warnings)
                self.new[entry_key] = hit
                return article
            except (KeyError, TypeError, ValueError, IndexError):
                pass  # a torn or foreign entry: rebuild it
        if isinstance(prepared, Exception):
            raise prepared
        if isinstance(prepared, dict):
            try:
                article = from_json(prepared, article_id, path, content_hash, warnings)
                self.new[entry_key] = prepared
                self.dirty = True
                return article
            except (KeyError, TypeError, ValueError, IndexError):
                pass  # cannot happen unless the worker ran other code; build it here
        # Imported only to build an entry here: the pipeline's regexes cost 50-65 ms to
        # compile, which neither a warm start nor a cold one whose entries the
        # prefetch children built (sahel_tui/startup.py) needs.
        from sahel_tui.corpus.pipeline import build_article

        document = None
        if data is not None:
            from sahel_tui.corpus.documents import read_document

            document = read_document(kind, data)
        article = build_article(text, article_id, path, kind, content_hash, warnings, document=document)
        self.new[entry_key] = to_json(article, len(warnings))
        self.dirty = True
        return article

    def changed(self) -> bool:
        return self.dirty or self.new.keys() != self.old.keys()

    def save(self, force: bool = False) -> None:
        """Write the pack when it changed (or ``force``): new entries in, entries of gone files out.

        The pack is one JSON object, written entry by entry so that each
        entry's byte range is known (``offsets``): the corpus index reads one
        article's body from it without decoding the others.
        """
        if self.cache is None or not self.cache.enabled or not (force or self.changed()):
            return
        parts: list[bytes] = [b"{"]
        pos = 1
        offsets: dict[str, tuple[int, int]] = {}
        for i, (key, value) in enumerate(self.new.items()):
            head = (b"," if i else b"") + json.dumps(key).encode("utf-8") + b":"
            try:
                body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: escaped, as json.loads reads it back
                body = json.dumps(value, separators=(",", ":")).encode("ascii")
            parts += (head, body)
            offsets[key] = (pos + len(head), len(body))
            pos += len(head) + len(body)
        parts.append(b"}")
        self.written = self.cache.put_bytes(_PACK, self.key, b"".join(parts), self.params)
        self.offsets = offsets if self.written is not None else {}


_CODE_VERSION: str | None = None


def code_version() -> str:
    """A digest of the corpus package's source: edit the pipeline, lose its old entries."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        h = hashlib.sha256()
        for source in sorted(Path(__file__).parent.glob("*.py")):
            try:
                h.update(source.name.encode() + b"\0" + source.read_bytes())
            except OSError:
                h.update(source.name.encode())
        # An HTML page's text is trafilatura's: another version of it may extract differently.
        # Its __init__.py holds __version__; reading it is ~1 ms where importlib.metadata takes 30.
        from importlib.util import find_spec

        try:
            spec = find_spec("trafilatura")
            h.update(b"trafilatura\0" + (Path(spec.origin).read_bytes() if spec and spec.origin else b"none"))
        except (ImportError, OSError, ValueError):
            h.update(b"trafilatura\0none")
        _CODE_VERSION = h.hexdigest()[:16]
    return _CODE_VERSION


def to_json(article: Article, skip_warnings: int = 0) -> dict[str, Any]:
    """The article without its ids, path and caller-supplied warnings."""
    return {
        "text": article.text,
        "paragraphs": [[p.kind, p.start, p.end, [[s.start, s.end] for s in p.sentences]] for p in article.paragraphs],
        "removed": [[r.reason, r.text, r.source_start, r.source_end, r.before] for r in article.removed],
        **meta_to_json(article.meta),
        "warnings": list(article.warnings[skip_warnings:]),
    }


def meta_to_json(m: Metadata) -> dict[str, Any]:
    return {
        "meta": {n: [f.value, f.inferred, f.how] for n in _FIELDS if (f := getattr(m, n)) is not None},
        "author_bio": m.author_bio,
        "extra": dict(m.extra),
    }


def meta_from_json(data: dict[str, Any]) -> Metadata:
    bio, extra = data["author_bio"], data["extra"]
    if (bio is not None and type(bio) is not str) or not isinstance(extra, dict):
        raise ValueError("not metadata")
    meta = Metadata(author_bio=bio, extra={str(k): str(v) for k, v in extra.items()})
    for name, (value, inferred, how) in data["meta"].items():
        if name in _FIELDS:
            setattr(meta, name, Field(str(value), bool(inferred), str(how)))
    return meta


def checked_body(data: dict[str, Any]) -> tuple[str, list[Any], tuple[Removal, ...]]:
    """An entry's text, paragraph spans and removals, checked: a torn entry raises ValueError."""
    text = data["text"]
    if type(text) is not str:
        raise ValueError("not a text")
    spans = data["paragraphs"]
    for kind, start, end, sentence_spans in spans:
        if kind not in _KINDS or type(start) is not int or type(end) is not int:
            raise ValueError("not a paragraph")
        if not 0 <= start <= end <= len(text):
            raise ValueError("paragraph outside the text")
        for s, e in sentence_spans:
            if type(s) is not int or type(e) is not int or not start <= s <= e <= end:
                raise ValueError("sentence outside its paragraph")
    return text, spans, tuple(Removal(*r) for r in data["removed"])


def from_json(data: dict[str, Any], article_id: str, path: Path, content_hash: str, warnings: list[str]) -> Article:
    """The article an entry describes; its paragraphs and sentences are built on first use.

    A warm start of 2,000 articles would otherwise spend half a second making
    65,000 Sentence objects, most of them for articles nobody opens; the
    entry is checked here, so a torn one still fails now and is rebuilt.
    """
    text, spans, removed = checked_body(data)
    article = PackedArticle(
        id=article_id,
        path=path,
        text=text,
        content_hash=content_hash,
        meta=meta_from_json(data),
        paragraphs=(),
        removed=removed,
        warnings=tuple(warnings) + tuple(data["warnings"]),
    )
    _PARAGRAPHS.__delete__(article)
    article._spans = spans
    return article


def build_paragraphs(article_id: str, text: str, spans: list[Any]) -> tuple[Paragraph, ...]:
    paragraphs = []
    for number, (kind, start, end, sentence_spans) in enumerate(spans, 1):
        pid = f"{article_id}-p{number}"
        sentences = tuple(
            Sentence(f"{pid}-s{i}", article_id, number, i, s, e, text[s:e], kind)
            for i, (s, e) in enumerate(sentence_spans, 1)
        )
        paragraphs.append(Paragraph(pid, number, kind, start, end, sentences))
    return tuple(paragraphs)


# The slot Article's dataclass made for ``paragraphs``; PackedArticle fills it lazily.
_PARAGRAPHS: Any = Article.__dict__["paragraphs"]
_BUILD_LOCK = threading.Lock()


class PackedArticle(Article):
    """An Article from the cache pack, whose paragraphs are made when first read.

    It is an Article in every way that matters (isinstance, fields, ``==``
    with a freshly built one); only the moment its Sentence objects are made
    differs. A lock makes two threads that read it first get the same objects.
    """

    __slots__ = ("_spans",)
    _spans: Any  # the packed paragraph spans until paragraphs are first built, then None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        try:
            return _PARAGRAPHS.__get__(self, Article)  # type: ignore[no-any-return]
        except AttributeError:
            pass
        with _BUILD_LOCK:
            try:
                return _PARAGRAPHS.__get__(self, Article)  # type: ignore[no-any-return]
            except AttributeError:
                built = build_paragraphs(self.id, self.text, self._spans)
                _PARAGRAPHS.__set__(self, built)
                self._spans = None
                return built

    @paragraphs.setter
    def paragraphs(self, value: tuple[Paragraph, ...]) -> None:
        _PARAGRAPHS.__set__(self, value)

    def has_paragraphs(self) -> bool:
        """Whether any paragraph is left, without building them."""
        spans = getattr(self, "_spans", None)
        return bool(spans) if spans is not None else bool(self.paragraphs)

    @property
    def word_count(self) -> int:
        """As Article's, from the packed spans when the sentences are not built yet (the index counts 2,000)."""
        spans = getattr(self, "_spans", None)
        if spans is None:
            return super().word_count
        text = self.text
        return sum(len(text[s:e].split()) for kind, _, _, sentences in spans if kind == "body" for s, e in sentences)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _COMPARED)

    __hash__ = None  # type: ignore[assignment]  # as Article's: mutable, compared by value


_COMPARED = tuple(f.name for f in dataclasses.fields(Article) if f.compare)
