"""Discrepancies inside matched claims: bounds, rounding, entities, named events, background dates.

Every text here is written for the tests (invented places and people).
"""

from __future__ import annotations

from pathlib import Path

from sahel_tui.analysis.compare import compare_corpus
from sahel_tui.analysis.compare.dates import find_dates
from sahel_tui.analysis.compare.figures import agree, reading
from sahel_tui.analysis.compare.normalise import find_quantities
from sahel_tui.corpus.loader import load_corpus


def _q(text: str):
    (q,) = find_quantities(text)
    return q


def _agree(a: str, b: str) -> bool:
    return agree(a, _q(a), b, _q(b))


def test_bounds_rounding_and_approximation() -> None:
    assert _agree("The hall cost more than $1 million to repair.", "The hall cost $1.1 million to repair.")
    assert not _agree("The hall cost more than $2 million to repair.", "The hall cost $1.1 million to repair.")
    assert _agree("The hall cost about $3 million.", "The hall cost $3.4 million.")
    assert _agree("The council paid $43 million in fees.", "The council paid $43,885,310 in fees.")
    assert not _agree("The dam will need $5 billion in funding.", "The dam will need $5.7 billion in funding.")
    assert not _agree("The ad campaign costs $1 million.", "The ad campaign costs $500,000.")
    assert _agree("Up to 300 people came.", "Some 250 people came.")
    r = reading("It cost over $4 million.", _q("It cost over $4 million."))
    assert r.how == "at least" and r.low == 4e6


def _corpus(tmp_path: Path, texts: dict[str, str]):
    for name, body in texts.items():
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
    return load_corpus(tmp_path)


def test_different_figures_of_one_claim_are_flagged_with_the_difference(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {
        "a": "Harbour plan\n\nGovernor Alvar Keene said $4 billion in funding for the Westmark harbour wall is final, "
             "while the Velda council will fund only the roads.\n",
        "b": "Harbour talks\n\nGovernor Alvar Keene now wants the Velda council to approve $4.8 billion for the Westmark "
             "harbour wall, while funding for the roads is settled apart.\n",
    })  # fmt: skip
    flags = compare_corpus(corpus, sections=["discrepancies"]).discrepancies
    assert len(flags) == 1
    d = flags[0]
    assert {d.a.value, d.b.value} == {"$4 billion", "$4.8 billion"}
    assert d.measure == "amount of money" and "$800 million apart" in d.difference
    assert d.id.startswith("disc-")


def test_a_bound_or_a_rounding_is_not_a_discrepancy(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {
        "a": "Recital\n\nThe Orvane Gazette estimated the recital of the charter in the Tamsk assembly cost more than "
             "$2 million in staff time.\n",
        "b": "Recital\n\nAccording to the Orvane Gazette, $2.2 million is the cost of the recital of the charter in the "
             "Tamsk assembly, in staff time.\n",
    })  # fmt: skip
    assert compare_corpus(corpus, sections=["discrepancies"]).discrepancies == []


def test_figures_of_two_people_are_not_compared(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {
        "a": "Leaders\n\nMira Holt of Tesk kept the No. 2 job of whip, and Ivo Brand of Lune stayed in the No. 3 post.\n",
        "b": "Leaders\n\nThe party re-elected Mira Holt of Tesk as whip, the No. 2 post, and Ivo Brand of Lune in the "
             "No. 3 spot.\n",
    })  # fmt: skip
    assert compare_corpus(corpus, sections=["discrepancies"]).discrepancies == []


def test_dates_of_two_different_invasions_are_not_a_conflict(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {
        "a": "Troops\n\nMore than 900 Ardish soldiers have died in Kelvar since the 2011 Ardish-led invasion, general "
             "Tamm Oster said.\n",
        "b": "Troops\n\nGeneral Tamm Oster commanded Ardish units in Kelvar and in the 2013 invasion of Morrow before "
             "leading the Ardish command.\n",
    })  # fmt: skip
    result = compare_corpus(corpus, sections=["discrepancies"])
    assert [d for d in result.discrepancies if d.kind == "date"] == []


def test_named_events_resolve_to_their_date() -> None:
    (d,) = find_dates("Families of Sept. 11 victims may now sue.")
    assert d.iso() == "2001-09-11" and d.year_source == "named event"
    (d,) = find_dates("Since 9/11, the rules changed.")
    assert d.iso() == "2001-09-11"
    (d,) = find_dates("On Sept. 11, the council met again.")
    assert d.year is None  # a plain day of the story, not the named event


def test_background_dates_are_marked_apart(tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text(
        '[files."a.txt"]\ntitle = "Vote"\ndate = "2019-03-02"\n', encoding="utf-8"
    )
    corpus = _corpus(tmp_path, {
        "a": "Vote\n\nSenator Ula Venn, in office since 2002, lost the vote on 1 March 2019 to her 2016 rival.\n\n"
             "Families of Sept. 11 victims watched the vote.\n",
        "b": "Vote\n\nSenator Ula Venn lost the vote on 1 March 2019.\n",
    })  # fmt: skip
    events = compare_corpus(corpus, sections=["chronology"]).chronology
    by_date = {e.date: e for e in events}
    assert by_date["2002"].background and by_date["2016"].background
    assert by_date["2001-09-11"].background and "2016-09-11" not in by_date
    story = by_date["2019-03-01"]
    assert not story.background and sorted(story.sources) == ["a", "b"]
    assert len(story.mentions) == 2  # each source's sentence kept as its citation


def test_dates_in_a_list_are_compared_with_their_own_item(tmp_path: Path) -> None:
    """In a list of items and years, a year is compared with the same item's year in the other source.

    Here both years differ (1761/1897 for the chronometer, 1899/1900 for the camera):
    the camera's 1899 is two years from the chronometer's 1897, but that is its
    neighbour in the list, not a conflict.
    """
    corpus = _corpus(tmp_path, {
        "a": "Gadgets\n\nThe Orvane museum list of old instruments includes the Tamsk sextant from 1731, the Velda "
             "chronometer from 1761 and the Keene box camera from 1899, curator Mira Holt said.\n",
        "b": "Old gadgets\n\nThe Orvane museum list of old instruments includes the Tamsk sextant from 1731, the Velda "
             "chronometer from 1897 and the Keene box camera from 1900, curator Mira Holt said.\n",
    })  # fmt: skip
    flags = compare_corpus(corpus, sections=["discrepancies"]).discrepancies
    pairs = [{f.a.value, f.b.value} for f in flags]
    assert {"1899", "1897"} not in pairs, pairs
    assert pairs == [{"1899", "1900"}], pairs
