"""The issue's done-when checks on the bundled seeds: found by the method, not written in."""

from __future__ import annotations

import pytest

from sahel_tui.analysis.compare import compare_corpus


@pytest.fixture(scope="module")
def seeds_result(seed_corpus) -> dict:
    return compare_corpus(seed_corpus).to_json()


def test_shared_border_corroborated_by_two_sources(seeds_result: dict) -> None:
    groups = [
        g for g in seeds_result["corroborated"]
        if all("1,400" in m["text"] and "border" in m["text"] for m in g["members"])
    ]
    assert len(groups) == 1
    assert groups[0]["sources"] == 2
    surfaces = " ".join(m["text"] for m in groups[0]["members"])
    assert "1,400km" in surfaces and "1,400-kilometer" in surfaces


def test_junta_2020_2021_discrepancy_flagged(seeds_result: dict) -> None:
    pairs = [
        d for d in seeds_result["discrepancies"]
        if d["kind"] == "date" and {d["a"]["value"], d["b"]["value"]} == {"2020", "2021"}
    ]
    assert len(pairs) == 1
    texts = pairs[0]["a"]["text"] + pairs[0]["b"]["text"]
    assert "seized power" in texts and "coup" in texts


def test_chronology_spans_the_seeds_history(seeds_result: dict) -> None:
    chrono = seeds_result["chronology"]
    resolved = [e for e in chrono if not e["date"].startswith("--")]
    assert resolved[0]["date"] == "1963" and "rebellions" in resolved[0]["text"]
    by_date = {e["date"]: e for e in chrono}
    assert "1990s" in by_date and "2006/2009" in by_date
    agreement = by_date["2015"]
    assert len(agreement["sources"]) == 2 and "Algiers" in agreement["text"]
    assert "Kidal" in by_date["2023"]["text"]
    dates = [e["date"] for e in resolved]
    assert dates.index("1963") < dates.index("2006/2009") < dates.index("2015") < dates.index("2023")


def test_in_amenas_resolved_only_when_bounds_allow(seeds_result: dict, seed_corpus) -> None:
    siege = next(e for e in seeds_result["chronology"] if "In Amenas" in e["text"] and e["label"] == "January 17")
    meta = next(a for a in seed_corpus.articles if a.id == siege["article"]).meta
    bound = meta.value("date_earliest") or ""
    if len(bound) >= 7:  # a month- or day-precise bound, as the manifest gives
        assert siege["date"] == "2013-01-17" and siege["year_source"] == "date bounds"
    else:
        assert siege["uncertain"]


def test_drone_incident_is_not_given_an_invented_year(seeds_result: dict) -> None:
    drone = [e for e in seeds_result["chronology"] if "drone" in e["text"] and e["label"] == "April 1"]
    assert drone
    for e in drone:
        assert e["uncertain"] is True and e["date"] == "--04-01"


def test_framing_backed_by_evidence_and_shows_criticism_of_algeria(seeds_result: dict) -> None:
    framing = seeds_result["framing"]
    if not framing.get("available"):
        pytest.skip(framing.get("reason"))
    algeria = next(r for r in framing["actors"] if r["name"] == "Algeria")
    for cell in algeria["by_source"]:
        evidence = cell["evidence"]["most_negative"] + cell["evidence"]["most_positive"]
        assert evidence, cell
        for x in evidence:
            assert x["sentence_id"].startswith(cell["article"]) and x["text"]
    worst = min(algeria["by_source"], key=lambda c: c["tone"])
    assert worst["article"] == "algeria-mali-dangerous-rift-sahel"
    assert worst["tone"] < 0 and worst["verdict"] == "negative" and worst["words"]
    assert all(w["target"] in ("Algeria", "Algiers", "Algerian") for w in worst["words"])


def test_framing_seeds_russia_and_united_states_are_not_favourable(seeds_result: dict) -> None:
    """"embrace of Russian security support as a direct threat" and "fewer levers and less visibility"
    are no praise of Russia or the United States (issue 22)."""
    framing = seeds_result["framing"]
    if not framing.get("available"):
        pytest.skip(framing.get("reason"))
    rows = {r["name"]: r for r in framing["actors"]}
    for name in ("Russia", "United States"):
        for cell in rows[name]["by_source"]:
            assert cell["verdict"] in ("neutral", "too few mentions"), (name, cell["verdict"], cell["words"])


def test_reclassification_pair_is_corroborated(seeds_result: dict) -> None:
    """S1 "reclassify ... separatist groups ... as terrorist organisations", S2 "labeling all armed
    non-state actors as terrorists": one claim in other words, two independent sources."""
    groups = [g for g in seeds_result["corroborated"] if all("terroris" in m["text"] for m in g["members"])]
    assert len(groups) == 1
    g = groups[0]
    assert g["sources"] == 2 and g["independent_sources"] == 2
    texts = " ".join(m["text"] for m in g["members"])
    assert "reclassify" in texts and "labeling" in texts
    assert "paraphrase" in g["why"]


def test_seed_flags_carry_what_and_by_how_much(seeds_result: dict) -> None:
    flags = [d for d in seeds_result["discrepancies"] if {d["a"]["value"], d["b"]["value"]} == {"2020", "2021"}]
    assert flags[0]["measure"] == "date of the same event" and flags[0]["difference"] == "1 year apart"
    assert flags[0]["id"].startswith("disc-") and flags[0]["review"]["status"] == "unreviewed"
