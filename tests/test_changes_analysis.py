"""The pure diff of two corpus states: figures by measure and context, claims by sketch, judgements' evidence."""

from __future__ import annotations

from pathlib import Path

from sahel_tui.analysis.changes import (
    CitedState,
    JudgementState,
    build_state,
    claim_state,
    diff,
    figures_of,
    text_hash,
)
from sahel_tui.corpus.filters import CorpusFilter, FilterIndex, parse_filter_text
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus

OLD = (
    "Attack near Gao\n\n"
    "At least 12 soldiers were killed in the attack near Gao on Monday, the governor said. "
    "The convoy carried 400 tonnes of food for the garrison.\n\n"
    "Residents said the road had been closed for three weeks before the attack.\n"
)


def corpus_of(*texts: tuple[str, str]) -> Corpus:
    return Corpus(root=Path("/nowhere"), articles=[article_from_text(t, aid) for aid, t in texts])


def test_a_figure_is_matched_by_what_it_measures_and_its_context_not_its_sentence() -> None:
    new_text = OLD.replace(
        "At least 12 soldiers were killed in the attack near Gao on Monday, the governor said.",
        "Officials now say at least 19 soldiers were killed in the attack near Gao on Monday.",
    )
    before, after = corpus_of(("gao", OLD)), corpus_of(("gao", new_text))
    report = diff(build_state(before, None), build_state(after, None), after, None)
    figures = report.section("figures")
    assert [(c.detail["was"], c.detail["now"]) for c in figures] == [("12", "19")]
    assert figures[0].detail["measure"] == "count:soldier"
    assert figures[0].evidence[0].sentence_id == "gao-p2-s1" and "19 soldiers" in (figures[0].evidence[0].text or "")
    assert [c.kind for c in report.section("sources")] == ["edited"]


def test_a_figure_of_another_measure_is_not_taken_for_a_changed_one() -> None:
    new_text = OLD.replace("400 tonnes of food", "400 tonnes of food and 12 trucks")
    after = corpus_of(("gao", new_text))
    report = diff(build_state(corpus_of(("gao", OLD)), None), build_state(after, None), after, None)
    assert report.section("figures") == []


def test_figures_are_found_with_their_measure() -> None:
    figs = figures_of(article_from_text(OLD, "gao"))
    assert {(f.measure, f.value) for f in figs} >= {("count:soldier", 12.0), ("mass", 400.0)}


def test_a_claim_that_gains_a_source_grows_and_one_that_loses_its_members_is_gone() -> None:
    c = corpus_of(("a", OLD), ("b", OLD), ("c", OLD), ("d", OLD))
    old = build_state(corpus_of(("a", OLD), ("b", OLD), ("d", OLD)), None)
    old.claims = [
        claim_state([("a", "a-p2-s1"), ("b", "b-p2-s1")], 2),
        claim_state([("d", "d-p3-s1"), ("b", "b-p3-s1")], 2),
    ]
    now = {
        "corroborated": [
            {"sources": 3, "members": [{"article": x, "sentence_id": f"{x}-p2-s1"} for x in "abc"]},
        ],
        "discrepancies": [],
    }
    report = diff(old, build_state(c, now), c, now)
    kinds = sorted((ch.kind, ch.detail.get("sources")) for ch in report.section("corroborations"))
    assert kinds == [("gone", 2), ("grown", 3)]
    grown = next(ch for ch in report.section("corroborations") if ch.kind == "grown")
    assert [e.article for e in grown.evidence] == ["c"]  # the new source is the evidence


def test_a_judgement_whose_cited_sentence_changed_is_reported() -> None:
    before = corpus_of(("gao", OLD))
    after = corpus_of(("gao", OLD.replace("three weeks", "five weeks")))
    cited = [CitedState("sentence", "gao-p3-s1", text_hash(before.sentence("gao-p3-s1").text)), CitedState("sentence", "gao-p2-s2", text_hash(before.sentence("gao-p2-s2").text))]
    old, new = build_state(before, None), build_state(after, None)
    old.judgements = [JudgementState("j1", "The road is likely to stay closed.", tuple(cited))]
    new.judgements = [
        JudgementState("j1", "The road is likely to stay closed.", tuple(CitedState(c.kind, c.target, text_hash(after.sentence(c.target).text)) for c in cited))
    ]
    report = diff(old, new, after, None)
    changed = report.section("judgements")
    assert len(changed) == 1 and [e.sentence_id for e in changed[0].evidence] == ["gao-p3-s1"]


def test_bounds_only_dates_are_placed_by_their_bounds() -> None:
    dated = article_from_text("---\ntitle: A\ndate: 2024-03-05\npublisher: Wire\n---\n\nText of the first report here.\n", "a", Path("a.md"))
    bounded = article_from_text("---\ntitle: B\ndate_latest: 2024-02-10\n---\n\nText of the second report here.\n", "b", Path("b.md"))
    undated = article_from_text("Undated report\n\nNo date is given in this text at all.\n", "c")
    index = FilterIndex([dated, bounded, undated])
    r = index.apply(parse_filter_text("since:2024-02"))
    assert [a.id for a in r.articles] == ["a", "b"] and r.placed_by_bounds == {"b"} and r.undated_left_out == 1
    r = index.apply(parse_filter_text("since:2024-03"))
    assert [a.id for a in r.articles] == ["a"]
    r = index.apply(CorpusFilter(publishers=("wire",)))
    assert [a.id for a in r.articles] == ["a"] and not r.placed_by_bounds
