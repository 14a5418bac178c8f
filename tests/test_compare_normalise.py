"""The normalisers of the comparison (numbers, units, dates), on text that is not from the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from sahel_tui.analysis.compare.dates import DateWindow, find_dates, resolve_year
from sahel_tui.analysis.compare.normalise import find_quantities, parse_number, parse_number_words
from sahel_tui.analysis.compare.text import content_stems, stem


def quantities(text: str):
    dates = find_dates(text)
    return find_quantities(text, [(d.start, d.end) for d in dates])


def only(text: str):
    found = quantities(text)
    assert len(found) == 1, found
    return found[0]


# --- numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("forty", 40),
        ("twenty-seven", 27),
        ("two hundred and fifty", 250),
        ("three thousand four hundred", 3400),
        ("a dozen", 12),
        ("one million", 1_000_000),
        ("nineteen", 19),
    ],
)
def test_written_numbers(text: str, value: int) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("2,350", 2350), ("3.75", 3.75), ("1.2 million", 1_200_000), ("12,000,000", 12_000_000), ("4bn", 4e9), ("sixty", 60)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_not_a_number() -> None:
    assert parse_number_words("ferry") is None
    assert parse_number("many") is None


def test_word_inside_a_word_is_not_a_number() -> None:
    # "ten" in "tension", "one" in "someone": whole words only.
    assert quantities("The tension rose as someone often attended.") == []


# --- units ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a 2,600km pipeline",
        "a 2,600-kilometer pipeline",
        "a 2,600 km pipeline",
        "a 2600 kilometres pipeline",
        "a 2,600-kilometre pipeline",
        "a 2,600 KM pipeline",
    ],
)
def test_length_spellings_are_equal(text: str) -> None:
    q = only(text)
    assert q.dimension == "length"
    assert q.value == pytest.approx(2600)
    assert q.equals(only("a 2,600 km pipeline"))
    assert q.key() == only("a 2600km pipeline").key()


def test_miles_convert_to_kilometres() -> None:
    miles = only("the river runs 500 miles north")
    km = only("the river runs 805 km north")
    assert miles.unit == "mi" and miles.value == pytest.approx(804.67, rel=1e-3)
    assert miles.equals(km)
    assert not miles.equals(only("the river runs 700 km north"))


def test_percentages() -> None:
    a, b, c = only("turnout was 64% this time"), only("turnout was 64 per cent"), only("turnout of 64 percent")
    assert a.dimension == b.dimension == c.dimension == "percent"
    assert a.equals(b) and b.equals(c)
    assert not a.equals(only("turnout was 61%"))


def test_currency_and_scale() -> None:
    q = only("a grant of $3.5bn for roads")
    assert q.dimension == "money:USD" and q.value == pytest.approx(3.5e9)
    p = only("fined £20m last week")
    assert p.dimension == "money:GBP" and p.value == pytest.approx(2e7)
    assert not q.same_kind(p)


def test_counts_know_what_they_count() -> None:
    a = only("the convoy carried 35 hostages")
    b = only("the convoy carried thirty-five hostages")
    c = only("the convoy carried 35 soldiers")
    assert a.dimension == "count" and a.counted == b.counted == stem("hostages")
    assert a.equals(b)
    assert not a.same_kind(c)  # hostages and soldiers are not the same count


def test_approximate_figures_get_a_wider_tolerance() -> None:
    exact = only("a debt of 1,000 tonnes")
    assert not exact.equals(only("a debt of 1,030 tonnes"))
    assert only("about 1,000 tonnes of grain").equals(only("some 1,030 tonnes of grain"))


def test_years_are_dates_not_quantities() -> None:
    text = "In 1998 the dam held 300 tonnes."
    assert [q.surface for q in quantities(text)] == ["300 tonnes"]
    assert [d.iso() for d in find_dates(text)] == ["1998"]


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("signed on March 3, 1999, in Lomé", "1999-03-03", "day"),
        ("signed on 3 March 1999 in Lomé", "1999-03-03", "day"),
        ("signed on the 3rd of March, 1999", "1999-03-03", "day"),
        ("recorded 1999-03-03 by the clerk", "1999-03-03", "day"),
        ("by September 2008 the bank had failed", "2008-09", "month"),
        ("in Sept. 2008 the bank failed", "2008-09", "month"),
        ("elections held in 1987 were annulled", "1987", "year"),
        ("the 1987 elections were annulled", "1987", "year"),
        ("the drought of the 1970s", "1970s", "decade"),
        ("the war of 1914–1918", "1914/1918", "range"),
        ("the crisis of 2008-09", "2008/2009", "range"),
        ("from 1994 to 1996 the mission grew", "1994/1996", "range"),
        ("between 1975 and 1990 the war", "1975/1990", "range"),
        ("in mid-1990s Europe", "1990s", "decade"),
    ],
)
def test_date_forms(text: str, iso: str, precision: str) -> None:
    found = find_dates(text)
    assert [(d.iso(), d.precision) for d in found] == [(iso, precision)]


def test_several_dates_in_one_sentence() -> None:
    found = find_dates("Revolts in 1916, the 1920s and 1936–1939 shook the colony.")
    assert [d.iso() for d in found] == ["1916", "1920s", "1936/1939"]


def test_decade_qualifiers_narrow_the_span() -> None:
    (late,) = find_dates("by the late 1980s the party had split")
    assert late.qualifier == "late" and late.span() == (date(1986, 1, 1), date(1989, 12, 31))
    (early,) = find_dates("since the early 1950s")
    assert early.span() == (date(1950, 1, 1), date(1953, 12, 31))


def test_day_and_month_without_year_is_unresolved() -> None:
    (d,) = find_dates("Rebels entered the town on October 9 at dawn.")
    assert (d.year, d.month, d.day, d.precision) == (None, 10, 9, "day")
    assert d.iso() == "--10-09"
    assert not d.resolved


def test_invalid_days_and_counts_are_not_dates() -> None:
    assert find_dates("on February 30 nothing happened") == []
    assert find_dates("Paris sent 2000 troops north") == []
    assert [d.iso() for d in find_dates("in 2000 troops were sent")] == ["2000"]
    assert find_dates("a debt of 1,999 dollars") == []
    assert find_dates("shown on BBC Four at 2030 GMT") == []
    assert [d.iso() for d in find_dates("in 2030 he retired")] == ["2030"]


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("officials may 2 weeks later decide") == []
    assert find_dates("They may decide later.") == []


# --- resolving years -----------------------------------------------------------


def _md(text: str):
    (d,) = find_dates(text)
    return d


def test_resolve_against_exact_article_date_picks_the_nearest() -> None:
    d = _md("the vote on December 28 was annulled")
    w = DateWindow(exact=(date(2011, 1, 5), date(2011, 1, 5)))
    r = resolve_year(d, w)
    assert (r.year, r.year_source) == (2010, "article date")
    later = resolve_year(_md("talks resume on February 2"), w)
    assert later.year == 2011


def test_resolve_against_both_bounds() -> None:
    w = DateWindow(earliest=(date(2016, 3, 1), date(2016, 3, 1)), latest=(date(2016, 6, 30), date(2016, 6, 30)))
    assert resolve_year(_md("on May 4 the army withdrew"), w).year == 2016
    assert resolve_year(_md("on May 4 the army withdrew"), w).year_source == "date bounds"


def test_resolve_against_a_precise_lower_bound() -> None:
    # Written no earlier than 9 March 2016: "March 20" is that March.
    w = DateWindow(earliest=(date(2016, 3, 9), date(2016, 3, 9)))
    assert resolve_year(_md("on March 20 the army withdrew"), w).year == 2016
    # A day a year away cannot be placed from a bound alone.
    assert resolve_year(_md("on November 20 the army withdrew"), w).year is None


def test_a_bound_known_only_to_the_year_does_not_place_a_day() -> None:
    w = DateWindow(earliest=(date(2019, 1, 1), date(2019, 12, 31)))
    r = resolve_year(_md("on June 3 the border closed"), w)
    assert r.year is None and r.year_source == "unresolved"


def test_resolve_from_a_year_in_the_same_sentence() -> None:
    text = "In 1999 the rebels returned, and on June 3 they took the port."
    dates = find_dates(text)
    years = [d.year for d in dates if d.year]
    resolved = [resolve_year(d, None, years) for d in dates]
    assert resolved[1].iso() == "1999-06-03" and resolved[1].year_source == "sentence"


def test_unresolved_dates_sort_after_resolved_ones() -> None:
    a, b = _md("on June 3 they left"), _md("in 1990 they left")
    assert sorted([a, b], key=lambda d: d.sort_key()) == [b, a]


# --- stems ---------------------------------------------------------------------


def test_stems_fold_spelling_and_inflection() -> None:
    assert stem("organisations") == stem("organization")
    assert stem("kilometres") == stem("kilometer")
    assert stem("seized") == stem("seize") == stem("seizing")
    assert content_stems("the army seized power") == ["army", "coup"]
    assert content_stems("a putsch") == ["coup"]


# --- robustness ------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["on", "March", "May", "3", "31", "1999", "2015-16", "the", "1980s", "late", "km", "-", "–", ",", "1,400",
     "forty", "two", "hundred", "and", "%", "per cent", "$", "£", "5m", "bn", "miles", "GMT", "from", "to", "ten"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=14), st.text(max_size=20))
def test_parsers_never_fail_and_spans_are_exact(pieces: list[str], noise: str) -> None:
    text = " ".join(pieces) + noise
    dates = find_dates(text)
    for d in dates:
        assert text[d.start:d.end] == d.surface
        assert d.iso()
    for q in find_quantities(text, [(d.start, d.end) for d in dates]):
        assert text[q.start:q.end] == q.surface
        assert not any(q.start < d.end and d.start < q.end for d in dates)
