"""Cross-article comparison on small made-up corpora (not the seeds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sahel_tui.analysis.compare import SECTIONS, compare_corpus, parse_sections
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus, Field
from sahel_tui.errors import UserError

ARTICLE_A = """Ruritania and Freedonia sign a ceasefire

Ruritania and Freedonia share a 900-kilometre frontier along the Blue River, and trade across it has collapsed.

The ceasefire signed in Geneva on March 3, 2019 ended four months of artillery shelling.

The Ruritanian army seized power in 2016 and has ruled the country by decree ever since.

Officials in Freedonia said 120 prisoners would be exchanged within a month.

Heavy rain fell across the northern valleys during the harvest season, delaying repairs to mountain roads.

Negotiators met again on April 12 to discuss the exchange."""

ARTICLE_B = """Fragile truce on the Blue River

The two neighbours share a 900 km border, most of it along the Blue River, where trade has collapsed.

Since its 2017 coup, the Ruritanian army has ruled the country by decree and silenced the press.

Freedonian officials promised that 150 prisoners would be exchanged within a month.

The ceasefire was signed in Geneva on March 3, 2019, after four months of shelling.

A new cathedral opened in the capital last week, drawing pilgrims from every coastal town."""


@dataclass
class FakeMention:
    article: str
    sentence_id: str
    start: int
    end: int
    surface: str


@dataclass
class FakeActor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    description_source: str | None = None
    mentions: list[FakeMention] = field(default_factory=list)


def make_corpus(*texts: str) -> Corpus:
    articles = [article_from_text(t, f"art-{i}", Path(f"art-{i}.txt")) for i, t in enumerate(texts, 1)]
    return Corpus(root=Path("."), articles=articles)


def actors_for(corpus: Corpus, names: dict[str, tuple[str, str]]) -> list[FakeActor]:
    """Actors found by plain substring search: enough to drive coverage and framing."""
    actors = []
    for name, (actor_id, kind) in names.items():
        actor = FakeActor(actor_id, name, kind)
        for article in corpus.articles:
            for s in article.sentences:
                pos = s.text.find(name)
                if pos >= 0:
                    start = s.start + pos
                    actor.mentions.append(FakeMention(article.id, s.id, start, start + len(name), name))
        actors.append(actor)
    return actors


@pytest.fixture(scope="module")
def pair_corpus() -> Corpus:
    return make_corpus(ARTICLE_A, ARTICLE_B)


@pytest.fixture(scope="module")
def result(pair_corpus: Corpus):
    return compare_corpus(pair_corpus, actors=[]).to_json()


def _texts(group: dict) -> list[str]:
    return [m["text"] for m in group["members"]]


def test_every_section_is_present(result: dict) -> None:
    for name in SECTIONS:
        assert name in result


def test_shared_border_is_corroborated_across_unit_spellings(result: dict) -> None:
    border = [g for g in result["corroborated"] if any("900" in t for t in _texts(g))]
    assert border, result["corroborated"]
    g = border[0]
    assert set(g["articles"]) == {"art-1", "art-2"}
    for m in g["members"]:
        assert {"article", "sentence_id", "text", "citation"} <= set(m)


def test_same_fact_in_other_words_is_corroborated(result: dict) -> None:
    geneva = [g for g in result["corroborated"] if all("Geneva" in t for t in _texts(g))]
    assert geneva and geneva[0]["sources"] == 2


def test_single_source_claims_are_not_corroborated(result: dict) -> None:
    texts = [c["text"] for c in result["single_source"]]
    assert any("cathedral" in t for t in texts)
    assert any("rain" in t for t in texts)
    corroborated = {t for g in result["corroborated"] for t in _texts(g)}
    assert not corroborated & set(texts)
    ranks = [c["rank"] for c in result["single_source"] if c["article"] == "art-1"]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_differing_dates_for_one_event_are_flagged(result: dict) -> None:
    dates = [d for d in result["discrepancies"] if d["kind"] == "date"]
    values = {frozenset((d["a"]["value"], d["b"]["value"])) for d in dates}
    assert frozenset(("2016", "2017")) in values
    coup = next(d for d in dates if {d["a"]["value"], d["b"]["value"]} == {"2016", "2017"})
    assert {coup["a"]["article"], coup["b"]["article"]} == {"art-1", "art-2"}


def test_differing_counts_are_flagged(result: dict) -> None:
    figures = [d for d in result["discrepancies"] if d["kind"] == "quantity"]
    values = {frozenset((d["a"]["value"], d["b"]["value"])) for d in figures}
    assert frozenset(("120", "150")) in values
    # The border length agrees once normalised: no discrepancy about it.
    assert not any("900" in d["a"]["value"] for d in figures)


def test_chronology_is_sorted_merged_and_flags_conflicts(result: dict) -> None:
    chrono = result["chronology"]
    dates = [e["date"] for e in chrono]
    assert dates.index("2016") < dates.index("2017") < dates.index("2019-03-03")
    geneva = next(e for e in chrono if e["date"] == "2019-03-03")
    assert set(geneva["sources"]) == {"art-1", "art-2"}
    assert len(geneva["mentions"]) == 2
    coup = next(e for e in chrono if e["date"] == "2016")
    assert coup["conflict"] and coup["conflicts_with"][0]["date"] == "2017"
    for e in chrono:
        assert {"date", "precision", "uncertain", "text", "sources", "sentence_id", "citation"} <= set(e)


def _undated(*texts: str) -> Corpus:
    corpus = make_corpus(*texts)
    for a in corpus.articles:
        a.meta.date = a.meta.date_earliest = a.meta.date_latest = None
    return corpus


def test_year_less_date_without_evidence_stays_uncertain() -> None:
    chrono = compare_corpus(_undated(ARTICLE_A, ARTICLE_B), actors=[], sections=["chronology"]).to_json()["chronology"]
    april = next(e for e in chrono if "April 12" in e["label"])
    assert april["uncertain"] is True
    assert april["date"] == "--04-12" and april["year_source"] == "unresolved"
    assert chrono[-1] is april  # unresolved dates come last


def test_year_less_date_resolves_from_article_date() -> None:
    corpus = _undated(ARTICLE_A, ARTICLE_B)
    corpus.articles[0].meta.date = Field("2019-03-20")
    chrono = compare_corpus(corpus, actors=[], sections=["chronology"]).to_json()["chronology"]
    april = next(e for e in chrono if "April 12" in e["label"])
    assert april["date"] == "2019-04-12" and april["year_source"] == "article date"
    assert not april["uncertain"]


def test_year_less_date_resolves_from_a_close_lower_bound_only() -> None:
    corpus = _undated(ARTICLE_A, ARTICLE_B)
    corpus.articles[0].meta.date_earliest = Field("2019-03-03", inferred=True)
    chrono = compare_corpus(corpus, actors=[], sections=["chronology"]).to_json()["chronology"]
    assert next(e for e in chrono if "April 12" in e["label"])["date"] == "2019-04-12"
    corpus.articles[0].meta.date_earliest = Field("2019", inferred=True)
    chrono = compare_corpus(corpus, actors=[], sections=["chronology"]).to_json()["chronology"]
    assert next(e for e in chrono if "April 12" in e["label"])["date"] == "--04-12"


def test_similarity_matrix_is_symmetric_with_terms(result: dict) -> None:
    sim = result["similarity"]
    m = sim["matrix"]
    assert len(m) == 2 and m[0][0] == 1.0 and m[0][1] == m[1][0]
    assert 0.0 < m[0][1] < 1.0
    terms_b = [t["term"].lower() for t in sim["distinguishing_terms"]["art-2"]]
    assert "cathedral" in terms_b


def test_unrelated_articles_are_not_similar() -> None:
    other = "Cooking notes\n\nSlow-roast the aubergines with garlic and cumin for an hour until soft."
    sim = compare_corpus(make_corpus(ARTICLE_A, other), actors=[], sections=["similarity"]).to_json()["similarity"]
    assert sim["matrix"][0][1] < 0.05


def test_coverage_with_hand_made_actors(pair_corpus: Corpus) -> None:
    actors = actors_for(pair_corpus, {"Ruritania": ("ruritania", "state"), "Geneva": ("geneva", "place"),
                                      "cathedral": ("cathedral", "other")})
    cov = compare_corpus(pair_corpus, actors=actors, sections=["coverage"]).to_json()["coverage"]
    rows = {r["id"]: r for r in cov["actors"]}
    assert rows["geneva"]["counts"] == {"art-1": 1, "art-2": 1} and not rows["geneva"]["single_source"]
    assert rows["cathedral"]["single_source"]
    assert [(a["id"], a["article"]) for a in cov["single_source_actors"]] == [("cathedral", "art-2")]


def test_framing_shows_evidence_and_the_hostile_source() -> None:
    praise = """Praise for Valdoria

Valdoria has been a constructive and generous partner, and its mediation is widely admired.

Observers credit Valdoria with a wise, patient and successful diplomacy.

Valdoria helped rebuild schools and hospitals across the region."""
    attack = """A spoiler in the region

Valdoria is an obstructionist, arrogant and corrupt spoiler whose failed policies hurt its neighbours.

Valdoria's rigid, hostile posture has alienated its allies and deepened mistrust.

Valdoria hosted a trade fair in the spring."""
    corpus = make_corpus(praise, attack)
    actors = actors_for(corpus, {"Valdoria": ("valdoria", "state")})
    framing = compare_corpus(corpus, actors=actors, sections=["framing"]).to_json()["framing"]
    (row,) = framing["actors"]
    cells = {c["article"]: c for c in row["by_source"]}
    assert cells["art-2"]["tone"] < 0 < cells["art-1"]["tone"]
    assert cells["art-2"]["verdict"] == "negative" and cells["art-1"]["verdict"] == "positive"
    words = {w["word"] for w in cells["art-2"]["words"]}
    assert {"obstructionist", "rigid"} <= words
    worst = cells["art-2"]["evidence"]["most_negative"]
    assert worst and worst[0]["sentence_id"].startswith("art-2-") and worst[0]["words"]
    for w in cells["art-2"]["words"]:  # each word can be jumped to: its offsets hold it
        assert corpus.get("art-2").text[w["start"] : w["end"]] == w["word"]
    assert cells["art-1"]["evidence"]["most_positive"]


def test_topic_words_of_conflict_do_not_read_as_hostility() -> None:
    from sahel_tui.analysis.compare.framing import lexicon, targeted

    text = "Zembla reported an attack by militants on a convoy."
    assert targeted(text, 0, len(text), [(0, 6)], lexicon()) == []
    text = "Zembla's inflexible, obstructionist diplomacy failed."
    found = targeted(text, 0, len(text), [(0, 6)], lexicon())
    assert [(w, rule) for _, _, w, _, rule, _ in found] == [("inflexible", "possessive")]


def _aimed(text: str, name: str) -> list[tuple[str, str, float]]:
    from sahel_tui.analysis.compare.framing import lexicon, targeted

    i = text.index(name)
    return [(w, rule, weight) for _, _, w, weight, rule, _ in targeted(text, 0, len(text), [(i, i + len(name))], lexicon())]


def test_reported_criticism_in_the_authors_voice_is_aimed_at_its_object() -> None:
    # the passive: the actor is the one criticised or praised
    assert _aimed("Minister Orrin Vale was widely criticised for the delay.", "Orrin Vale") == [
        ("criticised", "criticised", -0.5)]
    assert _aimed("The Korlan council has been accused of hiding the accounts.", "council") == [
        ("accused", "criticised", -0.5)]
    assert _aimed("Orrin Vale was praised by farmers.", "Orrin Vale") == [("praised", "criticised", 0.5)]
    # facing or drawing a noun of criticism or praise, a few words on
    assert _aimed("Orrin Vale faced a growing and bipartisan backlash on Monday.", "Orrin Vale") == [
        ("backlash", "criticised", -0.5)]
    assert _aimed("The council came under fire after the vote.", "council") == [("fire", "criticised", -0.5)]
    # neither construction: facing the press, or the actor doing the criticising
    assert _aimed("Orrin Vale faced the press on Monday.", "Orrin Vale") == []
    assert _aimed("Orrin Vale, speaking on Monday, criticised the council.", "Orrin Vale") == []


def test_general_judgement_words_missing_from_vader_count() -> None:
    assert [(w, r) for w, r, _ in _aimed("The divisive Orrin Vale spoke.", "Orrin Vale")] == [("divisive", "attributive")]
    assert [(w, r) for w, r, _ in _aimed("Orrin Vale's baseless claims spread.", "Orrin Vale")] == [("baseless", "possessive")]


def test_negative_verdict_threshold_from_cross_validation() -> None:
    from sahel_tui.analysis.compare.framing import Evidence, decide

    def ev(weight: float) -> Evidence:
        return Evidence("w", weight, "predicate", "Vale", "a", "s1", 0, 1, "Vale was w.", "[a]")

    # one reported criticism plus a mild word (net -0.45) is a stance; a mild word alone (-0.3) is not
    assert decide([ev(-0.3), ev(-0.15)], 3)[0] == "negative"
    assert decide([ev(-0.3)], 3)[0] == "neutral"
    assert decide([ev(0.45)], 3)[0] == "neutral"  # the positive bar is unchanged


def test_without_actor_module_other_sections_still_work(pair_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_actors(name, *args, **kwargs):
        if name == "sahel_tui.analysis.actors":
            raise ImportError("not built")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_actors)
    out = compare_corpus(pair_corpus).to_json()
    assert out["coverage"]["available"] is False and out["framing"]["available"] is False
    assert out["corroborated"] and out["notes"]


def test_sections_parse_and_reject() -> None:
    assert parse_sections(None) == SECTIONS
    assert parse_sections(["framing,similarity", "chronology"]) == ("similarity", "chronology", "framing")
    with pytest.raises(UserError, match="unknown section 'timeline'"):
        parse_sections(["timeline"])
    with pytest.raises(UserError):
        parse_sections([","])


def test_only_asked_sections_are_returned(pair_corpus: Corpus) -> None:
    out = compare_corpus(pair_corpus, actors=[], sections=["discrepancies"]).to_json()
    assert "discrepancies" in out and "similarity" not in out and "chronology" not in out
    assert out["discrepancies"]


def test_one_article_corpus_has_nothing_to_compare() -> None:
    out = compare_corpus(make_corpus(ARTICLE_A), actors=[]).to_json()
    assert out["corroborated"] == [] and out["similarity"]["matrix"] == [[1.0]]
    assert out["single_source"]  # one source: all its claims are single-source


def test_year_from_the_neighbouring_sentence_is_marked_uncertain() -> None:
    text = ("Port raid\n\nThe rebels returned to the delta in 1998 after a long exile in the hills. "
            "On June 3 they took the port of Akassa without a fight.")
    corpus = _undated(text, "Other\n\nNothing dated happens in this unrelated article about farming.")
    chrono = compare_corpus(corpus, actors=[], sections=["chronology"]).to_json()["chronology"]
    june = next(e for e in chrono if e["label"] == "June 3")
    assert june["date"] == "1998-06-03"
    assert june["year_source"] == "neighbouring sentence" and june["uncertain"] is True
