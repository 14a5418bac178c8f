"""The one data model that the TUI, the CLI and the exporter all read.

Everything downstream points into an Article by ids and character offsets, so
the rules here are the contract of the whole program:

* ``Article.text`` is the cleaned text. Every ``start``/``end`` in the program
  is an offset into it, and ``text[start:end]`` is exactly the span's text.
* Blocks (title, headings, body paragraphs) are numbered 1.. in document order;
  a paragraph id is ``{article_id}-p{n}`` and a sentence id is
  ``{article_id}-p{n}-s{m}`` with ``m`` counted from 1 inside its paragraph.
  Ids depend only on the file's path and its content, so the same input always
  gives the same ids.
* Article ids come from the file's path relative to the corpus root, never from
  its position in a listing, so adding a file never renames another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal

BlockKind = Literal["title", "heading", "body"]

_SENTENCE_ID = re.compile(r"^(?P<article>.+)-p(?P<paragraph>\d+)-s(?P<sentence>\d+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    article_id: str
    paragraph: int  # 1-based block number
    number: int  # 1-based inside its block
    start: int
    end: int
    text: str
    kind: BlockKind  # the kind of the block it belongs to


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    number: int
    kind: BlockKind
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Removal:
    """A span of the source that cleaning dropped, kept so nothing is silently lost.

    ``source_start``/``source_end`` are offsets into the decoded source text (after
    newline normalisation); ``before`` is the offset in the cleaned text at
    which the removed span would have stood, so the reader can show it in place.
    """

    reason: str
    text: str
    source_start: int
    source_end: int
    before: int


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata value and where it came from."""

    value: str
    inferred: bool = False
    how: str = ""  # a short note of the evidence, e.g. "first line" or "author bio"


# Every metadata field, in the order the program lists them. ``place`` is where a
# dateline says the story was filed; ``url`` the source's address (canonical link,
# og:url, a saved page's comment, front matter, the manifest, an e-mail header);
# ``retrieved`` when it was fetched or saved, where the source or the curator says so.
META_FIELDS = ("title", "author", "publisher", "date", "date_earliest", "date_latest", "description", "place", "url", "retrieved")


@dataclass(slots=True)
class Metadata:
    title: Field | None = None
    author: Field | None = None
    publisher: Field | None = None
    date: Field | None = None  # ISO date, or a partial one ("2013", "2013-01")
    date_earliest: Field | None = None  # bounds when no exact date is known
    date_latest: Field | None = None
    description: Field | None = None
    place: Field | None = None
    url: Field | None = None
    retrieved: Field | None = None  # ISO date (or date and time) the source was fetched or saved
    author_bio: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        f = getattr(self, name)
        return f.value if f is not None else None

    def inferred_fields(self) -> list[str]:
        return [n for n in META_FIELDS if (f := getattr(self, n)) is not None and f.inferred]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in META_FIELDS:
            f = getattr(self, name)
            out[name] = f.value if f is not None else None
        out["inferred"] = self.inferred_fields()
        out["provenance"] = {
            name: f.how
            for name in META_FIELDS
            if (f := getattr(self, name)) is not None and f.how
        }
        return out


@dataclass(slots=True)
class Article:
    id: str
    path: Path
    text: str
    content_hash: str  # sha256 of the raw bytes: the cache and annotation anchor key
    meta: Metadata
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()
    _by_id: dict[str, Sentence] | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.meta.value("title") or self.id

    @property
    def sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences

    @property
    def body_sentences(self) -> list[Sentence]:
        """Sentences that can be key points, claims or annotations' natural homes."""
        return [s for p in self.paragraphs if p.kind == "body" for s in p.sentences]

    def sentence(self, sentence_id: str) -> Sentence | None:
        if self._by_id is None:
            self._by_id = {s.id: s for s in self.sentences}
        return self._by_id.get(sentence_id)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset``, or the nearest one after it."""
        for s in self.sentences:
            if offset < s.end:
                return s
        return None

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.body_sentences)


def split_sentence_id(sentence_id: str) -> tuple[str, int, int] | None:
    """``"x-p4-s2"`` -> ``("x", 4, 2)``; None when it is not a sentence id."""
    m = _SENTENCE_ID.match(sentence_id)
    if not m:
        return None
    return m["article"], int(m["paragraph"]), int(m["sentence"])


@dataclass(slots=True)
class Corpus:
    root: Path
    articles: list[Article]
    skipped: list[str] = field(default_factory=list)  # one line per file that was not loaded
    _positions: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def _by_id(self, article_id: str) -> Article | None:
        """The article with this id, through an index: callers look up thousands of ids at 2,000 articles."""
        positions = self._positions
        if positions is None or len(positions) > len(self.articles):
            positions = self._positions = {}
            for i, a in enumerate(self.articles):
                positions.setdefault(a.id, i)  # the first wins, as in a scan
        pos = positions.get(article_id)
        if pos is not None and pos < len(self.articles) and self.articles[pos].id == article_id:
            return self.articles[pos]
        # Not indexed, or the list changed since: a miss is rare (a typo), so scan, and index afresh next time.
        self._positions = None
        return next((a for a in self.articles if a.id == article_id), None)

    def get(self, ref: str) -> Article:
        """Find an article by id, unique id prefix, or 1-based position."""
        from sahel_tui.errors import UserError

        found = self._by_id(ref)
        if found is not None:
            return found
        if ref.isdigit() and 1 <= int(ref) <= len(self.articles):
            return self.articles[int(ref) - 1]
        matches = [a for a in self.articles if a.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UserError(f"article {ref!r} is ambiguous: {', '.join(a.id for a in matches[:5])}")
        raise UserError(f"unknown article {ref!r} (try `sahel-brief sources`)")

    def sentence(self, sentence_id: str) -> Sentence | None:
        parts = split_sentence_id(sentence_id)
        if parts is None:
            return None
        article = self._by_id(parts[0])
        return article.sentence(sentence_id) if article is not None else None

    @property
    def corpus_id(self) -> str:
        """A checksum of the sources: same files, same id."""
        import hashlib

        h = hashlib.sha256()
        for a in sorted(self.articles, key=lambda a: a.id):
            h.update(a.id.encode())
            h.update(a.content_hash.encode())
        return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's id, text and blocks: what per-article analysis reads, sent to pool workers
    instead of the whole Article (its metadata, warnings and removals stay behind)."""

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]

    @classmethod
    def of(cls, article: Article) -> ArticleText:
        return cls(article.id, article.text, tuple(article.paragraphs))

    @property
    def sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences
