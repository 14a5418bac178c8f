"""Dates in running text, and resolving the ones written without a year.

Recognised: full dates ("January 7, 2013", "7 January 2013", "2013-01-07"),
day and month without a year ("on January 17"), month and year ("June 2012"),
years ("in 2007", "its 2021 coup"), qualified years ("early 2013"), decades
("the 1990s", "the late 2000s") and ranges ("2006–2009", "from 2006 to 2009",
"2015-16"). A date without a year is resolved against the article's date or
date bounds, then against a year written in the same sentence; failing that it
stays unresolved rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_QUAL = r"(?:(?P<qual>early|mid|late|end of the|start of the|beginning of the|the end of the|the start of the)[\s-]+)?"
_DASH = r"\s*[-–—]\s*"

# Order matters: longer, more precise forms are tried first and claim their span.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # A named event: "9/11", "the Sept. 11 attacks", "Sept. 11 victims" (month and day
    # used as a name, before a noun). Read as its date, never given the article's year.
    ("named", re.compile(
        r"\b9/11\b|(?<!\bon )\b(?:Sept\.?|September)\s+11(?:th)?\b(?=[\s-]+(?!at\b|to\b|and\b|in\b|of\b|on\b)[A-Za-z]{3,})"
    )),
    ("iso", re.compile(rf"\b(?P<year>{_YEAR})-(?P<mon>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>{_YEAR})\b")),
    ("dmy", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+(?P<year>{_YEAR})\b")),
    ("my", re.compile(rf"\b{_QUAL}{_MONTH},?\s+(?:of\s+)?(?P<year>{_YEAR})\b")),
    ("range", re.compile(rf"\b(?:from\s+|between\s+)?(?P<year>{_YEAR})(?:{_DASH}|\s+(?:to|and|until)\s+)(?P<end>{_YEAR}|\d\d)\b(?![,.]?\d)")),
    ("decade", re.compile(rf"\b(?:the\s+)?{_QUAL}(?P<year>1[5-9]\d0|20\d0)['’]?s\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)")),
    ("dm", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}\b(?!,?\s+\d)")),
    # "at 2005 GMT" is a clock time, not a year.
    ("year", re.compile(rf"\b{_QUAL}(?P<year>{_YEAR})\b(?![,.]\d|\s*[-–]\s*\d|\s*%|\s*(?:GMT|BST|UTC|CET|hrs|h\b|local time))")),
]
# After a bare four-digit number these words mean a count, not a year ("2000 troops").
_COUNT_WORDS = re.compile(
    r"\s+(?:people|troops|soldiers|men|women|children|km|kilomet|miles|metres|meters|tonnes|tons|"
    r"dollars|euros|pounds|hostages|fighters|refugees|civilians|deaths|cases|jobs|units|copies|votes|"
    r"members|workers|hectares|barrels|rounds|words|pages|times)\b",
    re.IGNORECASE,
)
_YEAR_CUE = re.compile(r"(?:\b(?:in|since|by|until|till|from|of|before|after|during|the|its|his|her|their|"
                       r"early|late|mid|circa|c\.|year|summer|winter|spring|autumn|fall)|['’]s)\s*$", re.I)
_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "range": 3, "decade": 4}


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date as written; ``year`` is None while a year-less date is unresolved."""

    start: int
    end: int
    surface: str
    precision: str  # "day", "month", "year", "decade", "range"
    year: int | None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # last year of a range or decade
    qualifier: str | None = None  # "early", "mid", "late"
    year_source: str = "text"  # "text", "named event", "article date", "date bounds", "sentence", or "unresolved"

    @property
    def resolved(self) -> bool:
        return self.year is not None

    def iso(self) -> str:
        """ISO 8601 where it can be: "2013-01-17", "2013-01", "2013", "1990s", "2006/2009", "--04-01"."""
        if self.precision == "decade":
            return f"{self.year}s"
        if self.precision == "range":
            return f"{self.year}/{self.end_year}"
        y = f"{self.year:04d}" if self.year is not None else "-"
        if self.precision == "day":
            return f"{y}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{y}-{self.month:02d}"
        return y

    def sort_key(self) -> tuple[int, float, int, int]:
        """Chronological order; unresolved dates sort after every resolved one."""
        if self.year is None:
            return (1, 0.0, self.month or 0, self.day or 0)
        start = float(self.year)
        if self.precision == "decade" and self.qualifier:
            start += {"early": 0, "mid": 3, "late": 6}.get(self.qualifier, 0)
        return (0, start + ((self.month or 1) - 1) / 12 + ((self.day or 1) - 1) / 372, _PRECISION_ORDER[self.precision], 0)

    def span(self) -> tuple[date, date] | None:
        """First and last day the date can mean."""
        if self.year is None:
            return None
        if self.precision == "day":
            d = date(self.year, self.month or 1, self.day or 1)
            return d, d
        if self.precision == "month":
            return date(self.year, self.month or 1, 1), _month_end(self.year, self.month or 12)
        first = self.year
        if self.precision == "decade" and self.qualifier:
            first += {"mid": 3, "late": 6}.get(self.qualifier, 0)
        last = self.end_year if self.end_year is not None else self.year
        return date(first, 1, 1), date(last, 12, 31)

    def overlaps(self, other: DateMention) -> bool:
        a, b = self.span(), other.span()
        if a is None or b is None:
            return self.month == other.month and self.day == other.day
        return a[0] <= b[1] and b[0] <= a[1]

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.iso(),
            "precision": self.precision,
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "end_year": self.end_year,
            "qualifier": self.qualifier,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "year_source": self.year_source,
        }


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _qualifier(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    if "end" in t or "late" in t:
        return "late"
    if "start" in t or "beginning" in t or "early" in t:
        return "early"
    return "mid"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text``, in order; each character belongs to one date at most."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            mention = _build(kind, m, text)
            if mention is None:
                continue
            found.append(mention)
            taken.append((mention.start, mention.end))
    found.sort(key=lambda d: d.start)
    return found


def _build(kind: str, m: re.Match[str], text: str) -> DateMention | None:
    start, end, surface = m.start(), m.end(), m.group()
    groups = m.groupdict()
    if kind == "named":
        # The lexicon holds events named by their date; the 2001 attacks are the one
        # English news names this way often enough to matter.
        return DateMention(start, end, surface, "day", 2001, 9, 11, year_source="named event")
    if kind == "iso":
        y, mo, d = int(m["year"]), int(m["mon"]), int(m["d"])
        return DateMention(start, end, surface, "day", y, mo, d) if _valid(y, mo, d) else None
    if kind in ("mdy", "dmy"):
        y, mo, d = int(m["year"]), _month(m["month"]), int(m["day"])
        return DateMention(start, end, surface, "day", y, mo, d) if _valid(y, mo, d) else None
    if kind in ("md", "dm"):
        month_text = m["month"]
        # "May" alone is a verb far more often than a month; with a day next to it, it is a month.
        mo, d = _month(month_text), int(m["day"])
        if not _valid(2000, mo, d):
            return None
        return DateMention(start, end, surface, "day", None, mo, d, year_source="unresolved")
    if kind == "my":
        return DateMention(start, end, surface, "month", int(m["year"]), _month(m["month"]),
                           qualifier=_qualifier(groups.get("qual")))
    if kind == "range":
        y = int(m["year"])
        end_text = m["end"]
        last = int(end_text) if len(end_text) == 4 else (y // 100) * 100 + int(end_text)
        if last <= y or last - y > 60:
            return None  # "1990-91" fine; "2015 - 12" is not a range
        return DateMention(start, end, surface, "range", y, end_year=last)
    if kind == "decade":
        y = int(m["year"])
        qual = _qualifier(groups.get("qual"))
        first, last = y, y + 9
        if qual == "early":
            last = y + 3
        elif qual == "mid":
            first, last = y + 3, y + 6
        elif qual == "late":
            first = y + 6
        return DateMention(start, end, surface, "decade", y, end_year=last, qualifier=qual)
    # A bare year: reject counts ("2000 troops") unless a cue says it is a year.
    y = int(m["year"])
    if _COUNT_WORDS.match(text, end) and not _YEAR_CUE.search(text[max(0, start - 12):start]):
        return None
    return DateMention(start, end, surface, "year", y, qualifier=_qualifier(groups.get("qual")))


def _parse_meta_date(value: str | None) -> tuple[date, date] | None:
    """A metadata date ("2013", "2013-01", "2013-01-25") as its first and last day."""
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return date(y, mo, 1), _month_end(y, mo)
    return date(y, 1, 1), date(y, 12, 31)


@dataclass(frozen=True, slots=True)
class DateWindow:
    """What the metadata says about when an article was written; each part is (first day, last day)."""

    exact: tuple[date, date] | None = None
    earliest: tuple[date, date] | None = None
    latest: tuple[date, date] | None = None


def article_date_window(meta: object) -> DateWindow | None:
    """When the article was written: its date, else its date bounds, else None."""
    value = getattr(meta, "value", None)
    if value is None:
        return None
    exact = _parse_meta_date(value("date"))
    lo = _parse_meta_date(value("date_earliest"))
    hi = _parse_meta_date(value("date_latest"))
    if not (exact or lo or hi):
        return None
    return DateWindow(exact, lo, hi)


# A year-less date is read as near a bound only this close to it: news writes
# "on January 17" for days around its own time, never for a year away.
NEAR_DAYS = 92


def _single_year(month: int, day: int, lo: date, hi: date) -> int | None:
    """The one year putting month/day inside [lo, hi], or None (none or several)."""
    years = [y for y in range(lo.year, hi.year + 1) if _valid(y, month, day) and lo <= date(y, month, day) <= hi]
    return years[0] if len(years) == 1 else None


def resolve_year(
    mention: DateMention,
    window: DateWindow | None,
    sentence_years: list[int] = (),  # type: ignore[assignment]
) -> DateMention:
    """Give a year-less date its year, or leave it unresolved; never guess beyond the evidence.

    * With the article's date: the nearest such day (a January article's
      "December 28" is last December).
    * With both date bounds: the year that alone puts the day between them,
      the day not being after the latest bound.
    * With one bound of day or month precision: the year putting the day
      within ``NEAR_DAYS`` of it. A bound known only to the year ("2023")
      cannot place "April 1", so that stays unresolved.
    * Otherwise a single year written in the same sentence decides.
    """
    if mention.year is not None or mention.month is None or mention.day is None:
        return mention
    mo, d = mention.month, mention.day
    year: int | None = None
    how = ""
    if window is not None:
        if window.exact is not None:
            anchor = window.exact[0]
            if window.exact[0] == window.exact[1]:
                year = min(
                    (y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if _valid(y, mo, d)),
                    key=lambda y: abs(date(y, mo, d).toordinal() - anchor.toordinal()),
                )
            else:
                year = _single_year(mo, d, window.exact[0], window.exact[1])
            how = "article date"
        else:
            from datetime import timedelta

            near = timedelta(days=NEAR_DAYS)
            if window.earliest and window.latest:
                year = _single_year(mo, d, window.earliest[0] - near, window.latest[1])
            if year is None:
                for bound in (window.earliest, window.latest):
                    if bound is not None and (bound[1] - bound[0]).days < 62:
                        year = _single_year(mo, d, bound[0] - near, bound[1] + near)
                        if year is not None:
                            break
            how = "date bounds"
    if year is not None:
        return replace(mention, year=year, year_source=how)
    distinct = sorted(set(sentence_years))
    if len(distinct) == 1:
        return replace(mention, year=distinct[0], year_source="sentence")
    return mention
