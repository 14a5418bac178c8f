"""Numbers and quantities, normalised so that different spellings compare equal.

"1,400km", "1,400-kilometer", "1,400 km" and "1400 kilometres" all become
``Quantity(1400.0, "km")``; "870 miles" becomes about 1400 km too, so sources
that use different units still match. Written numbers ("forty", "two hundred
and fifty", "1.2 million") and percentages ("12%", "12 per cent") are handled.
Four-digit years are NOT quantities: :mod:`.dates` claims them first, and
:func:`find_quantities` skips any span it is told is already taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
_SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 10**12}

# canonical unit -> (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, str, float]] = {}


def _unit(names: tuple[str, ...], canonical: str, dimension: str, factor: float) -> None:
    for n in names:
        _UNITS[n] = (canonical, dimension, factor)


_unit(("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"), "km", "length", 1.0)
_unit(("mi", "mile", "miles"), "mi", "length", 1.609344)
_unit(("m", "meter", "meters", "metre", "metres"), "m", "length", 0.001)
_unit(("sq km", "square km", "km2", "km²", "square kilometers", "square kilometres", "square kilometer",
       "square kilometre"), "km2", "area", 1.0)
_unit(("square miles", "square mile", "sq mi", "sq miles"), "mi2", "area", 2.589988)
_unit(("hectare", "hectares", "ha"), "ha", "area", 0.01)
_unit(("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes"), "kg", "mass", 0.001)
_unit(("tonne", "tonnes", "ton", "tons", "t"), "t", "mass", 1.0)
_unit(("%", "percent", "per cent", "pct", "percentage points"), "%", "percent", 1.0)
_unit(("year", "years", "yr", "yrs"), "year", "duration", 365.25)
_unit(("month", "months"), "month", "duration", 30.44)
_unit(("week", "weeks"), "week", "duration", 7.0)
_unit(("day", "days"), "day", "duration", 1.0)
_unit(("hour", "hours", "hr", "hrs"), "hour", "duration", 1 / 24)

# How a normalised figure is written in keys and shared terms: "#1400km", "#12%".
_BASE_UNIT = {"length": "km", "area": "km2", "mass": "t", "percent": "%", "duration": "days", "count": ""}

_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "cfa francs": "XOF", "cfa": "XOF", "dinars": "DZD",
    "dinar": "DZD", "yen": "JPY",
}
# Words that introduce an approximate figure: such figures compare with a wider tolerance.
_APPROX = ("about", "around", "roughly", "nearly", "almost", "some", "over", "more than", "less than",
           "fewer than", "up to", "at least", "approximately", "an estimated", "estimated", "close to",
           "just over", "just under", "upwards of")

_NUMWORD = "|".join(sorted([*_SMALL, *_TENS, *_SCALES, "a", "and"], key=len, reverse=True))
_WRITTEN = re.compile(
    rf"\b(?:{'|'.join(sorted([*_SMALL, *_TENS], key=len, reverse=True))}|a\s+(?:hundred|thousand|million|billion)|a\s+dozen|dozen)\b"
    rf"(?:[\s-]+(?:{_NUMWORD})\b)*",
    re.IGNORECASE,
)
_DIGITS = re.compile(
    r"(?<![\w.,])(?P<cur>US\$|[$£€¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<abbr>bn|mn|tn|k|m|b)\b)?"
    r"(?:\s?-?\s?(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b)?"
)
_UNIT_AFTER = re.compile(
    r"\s?-?\s?(?P<unit>"
    + "|".join(re.escape(u) for u in sorted([*_UNITS, *_CURRENCY_WORDS], key=len, reverse=True))
    + r")(?![\w²])",
    re.IGNORECASE,
)
_NEXT_WORDS = re.compile(r"\s([a-z][a-z-]*)(?:\s([a-z][a-z-]*))?")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure in a text, normalised to its dimension's base unit."""

    value: float  # in the base unit of ``dimension`` (km, km2, t, %, day, or the currency)
    unit: str  # canonical unit as written ("km", "mi", "%", "USD", "count"...)
    dimension: str  # "length", "area", "mass", "percent", "duration", "money:USD", "count"
    start: int
    end: int
    surface: str
    counted: str | None = None  # for a bare count, the noun counted ("hostages")
    approximate: bool = False

    def key(self) -> str:
        """A stable token for indexing: equal quantities give equal keys."""
        v = self.value
        shown = f"{v:.0f}" if abs(v) >= 100 else f"{v:.3g}"
        return f"#{shown}{_BASE_UNIT.get(self.dimension, self.dimension.removeprefix('money:'))}"

    def same_kind(self, other: Quantity) -> bool:
        if self.dimension != other.dimension:
            return False
        if self.dimension == "count":
            return self.counted is not None and self.counted == other.counted
        return True

    def equals(self, other: Quantity) -> bool:
        """Same figure, allowing for rounding and unit conversion."""
        if not self.same_kind(other):
            return False
        a, b = self.value, other.value
        if a == b:
            return True
        tolerance = 0.05 if (self.approximate or other.approximate) else 0.02 if self.unit != other.unit else 0.005
        return abs(a - b) <= tolerance * max(abs(a), abs(b))

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "unit": self.unit,
            "dimension": self.dimension,
            "counted": self.counted,
            "approximate": self.approximate,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
        }


def parse_number_words(text: str) -> float | None:
    """``"two hundred and fifty"`` -> 250; ``"forty"`` -> 40; None if not a number."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if words == ["dozen"] or words == ["a", "dozen"]:
        return 12.0
    total, current, seen = 0, 0, False
    for w in words:
        if w == "a":
            current = max(current, 1)
            continue
        if w in _SMALL:
            current += _SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_number(text: str) -> float | None:
    """A figure written in digits or words: "1,400", "3.5", "1.2 million", "forty"."""
    t = text.strip()
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*-?\s*(hundred|thousand|million|billion|trillion|bn|mn|m|k)?", t, re.I)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = (m.group(2) or "").lower()
        return value * (_SCALES.get(scale) or _SCALE_ABBR.get(scale, 1))
    return parse_number_words(t)


def _counted_noun(text: str, end: int) -> str | None:
    """The noun a bare figure counts: "37 hostages", "three prior rebellions"."""
    from sahel_tui.analysis.compare.text import STOPWORDS, stem

    m = _NEXT_WORDS.match(text, end)
    if not m or m.group(1) in STOPWORDS:
        return None
    first, second = m.group(1), m.group(2)
    if not first.endswith("s") and second and second.endswith("s") and second not in STOPWORDS:
        return stem(second)  # an adjective before the noun
    return stem(first)


def _approximate_before(text: str, start: int) -> bool:
    head = text[max(0, start - 20):start].lower().rstrip()
    return any(head.endswith(w) for w in _APPROX)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def find_quantities(text: str, taken: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every figure in ``text`` outside the ``taken`` spans (dates), in order."""
    taken = list(taken or [])
    found: list[Quantity] = []
    candidates: list[tuple[int, int, float, str | None]] = []  # start, end, value, currency
    for m in _DIGITS.finditer(text):
        num = m.group("num")
        value = float(num.replace(",", ""))
        if m.group("abbr"):
            abbr = m.group("abbr").lower()
            # "5m" is five million only after a currency sign; otherwise "5 m" is metres.
            if abbr in ("m", "b") and not m.group("cur"):
                end = m.end("num")
                candidates.append((m.start(), end, value, None))
                continue
            value *= _SCALE_ABBR[abbr]
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        cur = _CURRENCY_SYMBOLS.get((m.group("cur") or "").lower())
        candidates.append((m.start("cur") if m.group("cur") else m.start("num"), m.end(), value, cur))
    for m in _WRITTEN.finditer(text):
        # A trailing "and"/"a" belongs to the next phrase ("two and a half" aside).
        surface = re.sub(r"(?:[\s-]+(?:and|a))+$", "", m.group(), flags=re.I).rstrip(" -")
        # "one" alone is nearly always a pronoun ("one of the groups").
        if surface.lower() == "one":
            continue
        words_value = parse_number_words(surface)
        if words_value is None:
            continue
        if _overlaps(m.start(), m.start() + len(surface), [(c[0], c[1]) for c in candidates]):
            continue
        candidates.append((m.start(), m.start() + len(surface), words_value, None))
    candidates.sort()
    for start, end, value, currency in candidates:
        if _overlaps(start, end, taken):
            continue
        unit, dimension, factor, counted = "count", "count", 1.0, None
        um = _UNIT_AFTER.match(text, end)
        if currency:
            unit, dimension = currency, f"money:{currency}"
        elif um:
            word = um.group("unit").lower()
            if word in _CURRENCY_WORDS:
                unit = _CURRENCY_WORDS[word]
                dimension = f"money:{unit}"
            else:
                unit, dimension, factor = _UNITS[word]
            end = um.end()
        else:
            counted = _counted_noun(text, end)
        if unit == "m" and dimension == "length" and not um:
            continue
        found.append(
            Quantity(
                value=value * factor,
                unit=unit,
                dimension=dimension,
                start=start,
                end=end,
                surface=text[start:end],
                counted=counted,
                approximate=_approximate_before(text, start),
            )
        )
        taken.append((start, end))
    return found
