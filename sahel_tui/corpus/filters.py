"""Narrow a corpus to what the analyst wants to see: date range, publisher, grade, format, tag.

A :class:`CorpusFilter` is plain data (the CLI builds one from its options,
the app from its filter bar); :class:`FilterIndex` holds what each article is
matched on, computed once per corpus, so changing a filter in the app is a
pass over small tuples rather than over the articles' metadata.

Dates are compared as day intervals. An exact date ("2013-01-05") is one day;
a partial one ("2013-01") is its whole month; an article with only bounds
(``date_earliest``/``date_latest``) covers the span between them (open on a
missing side). An article is kept when its interval overlaps the chosen
range, and one kept only by its bounds is *marked* (``placed_by_bounds``), so
the analyst sees that its place in the range is an inference, not a date.
An undated article cannot be placed at all: a date filter leaves it out and
says how many.

Grades and tags come from outside the corpus (the annotation database), so
they are passed in as plain mappings; the core stays free of the store.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, Mapping

from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus

Placement = Literal["date", "bounds", "undated"]

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Front-matter / manifest keys whose value is a list of tags ("mali, jnim").
TAG_KEYS = ("tags", "tag", "keywords", "topics")
FORMATS = ("text", "markdown", "html", "pdf", "docx")


def _period(text: str | None) -> tuple[date, date] | None:
    """``"2013"`` -> (2013-01-01, 2013-12-31); ``"2013-02"`` -> its month; a full date -> that day."""
    if not text:
        return None
    m = _ISO.match(text)
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(2) is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(m.group(2))
        if m.group(3) is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(m.group(3)))
        return day, day
    except ValueError:
        return None


def parse_day(text: str, *, end: bool, option: str = "date") -> date:
    """A filter bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; an ``end`` bound takes the period's last day."""
    period = _period(text)
    if period is None or not re.fullmatch(r"\s*\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?\s*", text):
        raise UserError(f"{option} {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return period[1] if end else period[0]


@dataclass(frozen=True, slots=True)
class CorpusFilter:
    """What to show; an empty field does not filter. Values within a field are alternatives (OR)."""

    since: date | None = None
    until: date | None = None
    publishers: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()  # source reliability letters, "A".."F"
    formats: tuple[str, ...] = ()  # "text", "markdown", "html", ...
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise UserError(f"--since {self.since} is after --until {self.until}")
        bad = [g for g in self.grades if g not in "ABCDEF" or len(g) != 1]
        if bad:
            raise UserError(f"{bad[0]!r} is not a source grade (use letters A-F, e.g. --grade A,B)")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            raise UserError(f"unknown format {unknown[0]!r} (choose from: {', '.join(FORMATS)})")

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.publishers or self.grades or self.formats or self.tags)

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def describe(self) -> str:
        """One line for headers: ``2024-01-01 to 2024-03-31; publisher Reuters; grade A or B``."""
        parts: list[str] = []
        if self.since and self.until:
            parts.append(f"{self.since} to {self.until}")
        elif self.since:
            parts.append(f"since {self.since}")
        elif self.until:
            parts.append(f"until {self.until}")
        for label, values in (("publisher", self.publishers), ("grade", self.grades), ("format", self.formats), ("tag", self.tags)):
            if values:
                parts.append(f"{label} {' or '.join(values)}")
        return "; ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "publishers": list(self.publishers),
            "grades": list(self.grades),
            "formats": list(self.formats),
            "tags": list(self.tags),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> CorpusFilter:
        if not data:
            return cls()

        def day(key: str) -> date | None:
            value = data.get(key)
            return date.fromisoformat(value) if isinstance(value, str) and value else None

        def values(key: str) -> tuple[str, ...]:
            raw = data.get(key)
            return tuple(str(v) for v in raw) if isinstance(raw, list) else ()

        return cls(day("since"), day("until"), values("publishers"), values("grades"), values("formats"), values("tags"))


def split_values(raw: list[str] | None, *, upper: bool = False) -> tuple[str, ...]:
    """Repeated and comma-separated option values, trimmed, de-duplicated in order."""
    out: list[str] = []
    for chunk in raw or ():
        for value in chunk.split(","):
            value = value.strip()
            if upper:
                value = value.upper()
            if value and value not in out:
                out.append(value)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Facts:
    """What one article is matched on."""

    low: date | None  # None: open (or undated)
    high: date | None
    placement: Placement
    publisher: str  # casefolded, "" when unknown
    kind: str
    tags: frozenset[str]  # casefolded


def article_tags(article: Article) -> set[str]:
    """Tags the source itself carries (front matter or manifest ``tags``/``keywords``), casefolded."""
    found: set[str] = set()
    for key in TAG_KEYS:
        raw = article.meta.extra.get(key)
        if raw:
            found.update(t.strip().strip("[]\"'").casefold() for t in re.split(r"[,;]", raw) if t.strip().strip("[]\"'"))
    return found


def article_kind(article: Article) -> str:
    from sahel_tui.corpus.discover import EXTENSIONS

    suffix = article.path.suffix.lower()
    return EXTENSIONS.get(suffix) or suffix.lstrip(".") or "text"


def facts_of(article: Article, extra_tags: set[str] | frozenset[str] = frozenset()) -> Facts:
    meta = article.meta
    exact = _period(meta.value("date"))
    low: date | None
    high: date | None
    placement: Placement
    if exact is not None:
        low, high, placement = exact[0], exact[1], "date"
    else:
        lo = _period(meta.value("date_earliest"))
        hi = _period(meta.value("date_latest"))
        if lo or hi:
            low, high, placement = (lo[0] if lo else None), (hi[1] if hi else None), "bounds"
        else:
            low, high, placement = None, None, "undated"
    publisher = (meta.value("publisher") or "").strip().casefold()
    tags = frozenset(article_tags(article) | {t.casefold() for t in extra_tags})
    return Facts(low, high, placement, publisher, article_kind(article), tags)


@dataclass(slots=True)
class Filtered:
    """The articles a filter keeps, in corpus order, and what the analyst should be told about them."""

    articles: list[Article]
    total: int
    placed_by_bounds: set[str] = field(default_factory=set)  # kept ids placed by their bounds only
    undated_left_out: int = 0

    def summary(self, flt: CorpusFilter) -> str:
        """``12 of 40 sources (2024-01-01 to 2024-03-31); 3 placed by date bounds; 2 undated left out``."""
        bits = [f"{len(self.articles)} of {self.total} sources"]
        if flt.active:
            bits[0] += f" ({flt.describe()})"
        if self.placed_by_bounds:
            bits.append(f"{len(self.placed_by_bounds)} placed by date bounds")
        if self.undated_left_out:
            bits.append(f"{self.undated_left_out} undated left out")
        return "; ".join(bits)


class FilterIndex:
    """Per-article facts for one corpus, built once; :meth:`apply` is then cheap."""

    def __init__(
        self,
        articles: list[Article],
        grades: Mapping[str, str] | None = None,
        tags: Mapping[str, set[str]] | None = None,
    ) -> None:
        self.articles = list(articles)
        self.grades = dict(grades or {})  # article id -> reliability letter
        tags = tags or {}
        self.facts = [facts_of(a, tags.get(a.id, set())) for a in self.articles]

    def publishers(self) -> list[str]:
        """Every publisher named, as first written, sorted (for the filter bar's hints)."""
        seen: dict[str, str] = {}
        for a in self.articles:
            p = (a.meta.value("publisher") or "").strip()
            if p:
                seen.setdefault(p.casefold(), p)
        return sorted(seen.values(), key=str.casefold)

    def apply(self, flt: CorpusFilter) -> Filtered:
        if not flt.active:
            return Filtered(list(self.articles), len(self.articles))
        publishers = {p.casefold() for p in flt.publishers}
        tags = {t.casefold() for t in flt.tags}
        grades = set(flt.grades)
        formats = set(flt.formats)
        kept: list[Article] = []
        bounds: set[str] = set()
        undated = 0
        for article, f in zip(self.articles, self.facts):
            if publishers and f.publisher not in publishers:
                continue
            if formats and f.kind not in formats:
                continue
            if tags and not (tags & f.tags):
                continue
            if grades and self.grades.get(article.id) not in grades:
                continue
            if flt.dated:
                if f.placement == "undated":
                    undated += 1
                    continue
                if flt.since and f.high is not None and f.high < flt.since:
                    continue
                if flt.until and f.low is not None and f.low > flt.until:
                    continue
                if f.placement == "bounds":
                    bounds.add(article.id)
            kept.append(article)
        return Filtered(kept, len(self.articles), bounds, undated)


def filter_corpus(
    corpus: Corpus,
    flt: CorpusFilter,
    grades: Mapping[str, str] | None = None,
    tags: Mapping[str, set[str]] | None = None,
) -> tuple[Corpus, Filtered]:
    """A new Corpus holding only the kept articles (same ids, same root, same skipped lines)."""
    from sahel_tui.corpus.model import Corpus

    result = FilterIndex(corpus.articles, grades, tags).apply(flt)
    if len(result.articles) == len(corpus.articles):
        return corpus, result
    return Corpus(root=corpus.root, articles=result.articles, skipped=list(corpus.skipped)), result


FILTER_KEYS = ("since", "until", "publisher", "grade", "format", "tag")
FILTER_HELP = "since:2024-01 until:2024-03 publisher:\"Le Monde\" grade:A,B format:html tag:mali"


def parse_filter_text(text: str) -> CorpusFilter:
    """The filter bar's text (``key:value`` words, quotes for spaces) as a filter; UserError when malformed.

    Repeating a key (``publisher:A publisher:B``) or listing values (``grade:A,B``) gives alternatives.
    """
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise UserError(f"unbalanced quotes ({exc})") from None
    values: dict[str, list[str]] = {k: [] for k in FILTER_KEYS}
    for word in words:
        key, sep, value = word.partition(":")
        key = key.strip().lower()
        if not sep or key not in values:
            raise UserError(f"{word!r}: use key:value with a key from {', '.join(FILTER_KEYS)}")
        if not value.strip():
            raise UserError(f"{key}: needs a value")
        values[key].append(value)
    since = values["since"][-1] if values["since"] else None
    until = values["until"][-1] if values["until"] else None
    return CorpusFilter(
        since=parse_day(since, end=False, option="since") if since else None,
        until=parse_day(until, end=True, option="until") if until else None,
        publishers=tuple(v.strip() for v in values["publisher"]),
        grades=split_values(values["grade"], upper=True),
        formats=tuple(v.lower() for v in split_values(values["format"])),
        tags=tuple(v.lstrip("#") for v in split_values(values["tag"])),
    )
