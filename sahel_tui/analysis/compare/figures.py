"""What a written figure admits: bounds ("more than X"), rounding ("$5 billion"), approximation.

Two sources giving "more than $1 million" and "$1.1 million" agree; "$5 billion"
and "$5.7 billion" do not. Each figure is read as the interval of values its
wording allows, and two figures disagree only when their intervals do not meet:

* a bound ("more than", "at least", "over" / "less than", "up to", "under")
  opens the interval on one side;
* an approximation ("about", "nearly", "roughly"...) widens it by ``APPROX_SHARE``;
* a plain figure stands for what rounds to it at its last written digit
  ("$5 billion": 4.5-5.5 billion), but never more than ``ROUNDING_SHARE`` of
  it, because "$1 million" is not a rounding of "$500,000", and never less
  than ``ROUNDING_FLOOR`` of it (figures that close always agree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_tui.analysis.compare.normalise import Quantity

APPROX_SHARE = 0.2
ROUNDING_SHARE = 0.15
# Figures this close agree however they are written: "$43 million" for $43,885,310
# is how news rounds (down as often as to the nearest), not a different figure.
ROUNDING_FLOOR = 0.05

_LOWER = ("more than", "over", "at least", "above", "upwards of", "in excess of", "exceeding", "just over",
          "no less than", "no fewer than", "a minimum of")
_UPPER = ("less than", "fewer than", "under", "up to", "at most", "just under", "below", "no more than",
          "a maximum of")
_ABOUT = ("about", "around", "roughly", "nearly", "almost", "some", "approximately", "an estimated",
          "estimated", "close to", "an approximate", "approx.", "circa")
_LEAD = re.compile(r"[\w.]+(?:\s+[\w.]+){0,2}\s*$")
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}


@dataclass(frozen=True, slots=True)
class Reading:
    """The values a figure's wording admits, and how it was read (for the explanation)."""

    low: float
    high: float
    how: str  # "exact", "rounded", "approximate", "at least", "at most"


def _qualifier(text: str, start: int) -> str | None:
    head = text[max(0, start - 24):start].lower().rstrip()
    for words, kind in ((_LOWER, "at least"), (_UPPER, "at most"), (_ABOUT, "approximate")):
        if any(head.endswith(w) and (len(head) == len(w) or not head[-len(w) - 1].isalnum()) for w in words):
            return kind
    return None


def _step(surface: str, value: float) -> float:
    """The unit of the last written digit, in the figure's value ("$5.7 billion" -> 0.1 billion)."""
    m = _NUMBER.search(surface)
    if not m:
        return abs(value) or 1.0
    digits = m.group().replace(",", "")
    written = float(digits)
    if not written:
        return 1.0
    scale = value / written
    if m.group(1):
        return scale * 10 ** -len(m.group(1))
    whole = digits.split(".")[0]
    zeros = len(whole) - len(whole.rstrip("0"))
    return scale * 10 ** zeros


def reading(text: str, q: Quantity) -> Reading:
    v = abs(q.value)
    kind = _qualifier(text, q.start)
    if kind == "at least":
        return Reading(v, float("inf"), kind)
    if kind == "at most":
        return Reading(0.0, v, kind)
    if kind == "approximate":
        return Reading(v * (1 - APPROX_SHARE), v * (1 + APPROX_SHARE), kind)
    half = min(_step(q.surface, v) / 2, ROUNDING_SHARE * v)
    if half <= 0:
        return Reading(v, v, "exact")
    return Reading(v - half, v + half, "rounded")


def agree(text_a: str, qa: Quantity, text_b: str, qb: Quantity) -> bool:
    """Whether the two figures can describe one value (their readings meet)."""
    a, b = abs(qa.value), abs(qb.value)
    if abs(a - b) <= ROUNDING_FLOOR * max(a, b):
        return True
    ra, rb = reading(text_a, qa), reading(text_b, qb)
    return ra.low <= rb.high and rb.low <= ra.high


def written_number(q: Quantity) -> float | None:
    """The number as written, before units and scales ("six months" -> 6, "$5.7 billion" -> 5.7)."""
    from sahel_tui.analysis.compare.normalise import parse_number_words

    m = _NUMBER.search(q.surface)
    if m:
        return float(m.group().replace(",", ""))
    words = q.surface.split()
    for n in range(len(words), 0, -1):
        value = parse_number_words(" ".join(words[:n]))
        if value is not None:
            return value
    return None


def _fmt(v: float, unit: str) -> str:
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(v) >= scale:
            shown = f"{v / scale:.2f}".rstrip("0").rstrip(".") + word
            break
    else:
        shown = f"{v:,.2f}".rstrip("0").rstrip(".")
    if unit in ("USD",):
        return "$" + shown
    if unit in ("count", ""):
        return shown
    return f"{shown} {unit}"


def difference(text_a: str, qa: Quantity, text_b: str, qb: Quantity) -> str:
    """How far apart two disagreeing figures are, said plainly ("$5.7 billion is 14% more than $5 billion")."""
    a, b = abs(qa.value), abs(qb.value)
    ra, rb = reading(text_a, qa), reading(text_b, qb)
    low, high = sorted((a, b))
    share = (high - low) / low * 100 if low else 0.0
    from sahel_tui.analysis.compare.normalise import _BASE_UNIT

    unit = qa.dimension.removeprefix("money:") if qa.dimension.startswith("money:") else _BASE_UNIT.get(qa.dimension, "")
    out = f"{_fmt(high - low, unit)} apart ({share:.0f}% of the smaller)"
    bounds = [f"{s} is {r.how}" for s, r in ((qa.surface, ra), (qb.surface, rb)) if r.how in ("at least", "at most")]
    return out + ("; " + ", ".join(bounds) if bounds else "")


def measure(q: Quantity) -> str:
    """What the figure measures, in words, for the flag ("amount of money", "count of hostages")."""
    if q.dimension.startswith("money:"):
        return "amount of money"
    if q.dimension == "count":
        return f"number of {q.counted}" if q.counted else "number"
    return q.dimension
