"""Alias merging across articles, curated additions and the public API, on non-seed text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from actors_helpers import actors_of, by_name, corpus_of, find, names

from sahel_tui.analysis.actors import TYPES, Actor, Mention, detect_actors

ART_A = """Niger’s junta tightens its grip

Niger’s ruling general, Abdourahamane Tiani, met envoys in Niamey. Tiani said the Economic Community of West African States (ECOWAS) had failed the region. The Iranian Quds Force was said to have sent advisers, a claim Tehran denied.

Fighters of the Islamic State West Africa Province attacked a convoy near Diffa, and Hizbollah fighters were also blamed by one official.
"""

ART_B = """Sanctions bite

ECOWAS lifted some sanctions last month. Tiani welcomed the decision, while the Quds Force kept a low profile. Analysts compared the militant group Hezbollah and the Quds Force.

In Mali, Colonel Assimi Goita met Goita’s cabinet. The Mossi Plateau remained calm.
"""

ART_C = """A different Tiani

Opposition figure Moussa Tiani, a lawyer, spoke in Zinder. Moussa Tiani has criticised Abdourahamane Tiani for years.
"""


def test_surname_joins_full_name_within_an_article_and_across_the_corpus() -> None:
    actors = actors_of(ART_A, ART_B)
    tiani = by_name(actors, "Abdourahamane Tiani")
    assert tiani.type == "person"
    assert tiani.mentions_by_article() == {"art1": 2, "art2": 1}
    assert tiani.description == "Niger’s ruling general"


def test_ambiguous_surname_resolves_inside_each_article() -> None:
    actors = actors_of(ART_A, ART_B, ART_C)
    general = by_name(actors, "Abdourahamane Tiani")
    lawyer = by_name(actors, "Moussa Tiani")
    assert lawyer.description == "a lawyer"
    # In art1 "Tiani" alone is the general (the only Tiani named there).
    assert general.mentions_by_article().get("art1") == 2
    assert all(m.article == "art3" for m in lawyer.mentions)


def test_acronym_and_expansion_across_articles() -> None:
    actors = actors_of(ART_A, ART_B)
    ecowas = by_name(actors, "Economic Community of West African States")
    assert ecowas.mentions_by_article() == {"art1": 2, "art2": 1}  # expansion and acronym
    assert "ECOWAS" in ecowas.aliases


def test_state_modifier_is_stripped_when_the_rest_is_a_name() -> None:
    actors = actors_of(ART_A, ART_B)
    quds = by_name(actors, "Quds Force")
    assert "Iranian Quds Force" in quds.aliases
    assert len(quds.mentions) == 3
    assert "Iranian Quds Force" not in names(actors)


def test_generic_rest_keeps_the_demonym() -> None:
    text = "Army in the north.\n\nThe Malian Armed Forces said the Nigerian Army had shared intelligence."
    got = names(actors_of(text))
    assert {"Malian Armed Forces", "Nigerian Army"} <= got


def test_misspelling_is_merged_by_fuzzy_match() -> None:
    actors = actors_of(ART_A, ART_B)
    hez = find(actors, "Hezbollah")
    assert hez is not None and {"Hezbollah", "Hizbollah"} <= {hez.name, *hez.aliases}


def test_states_are_never_fuzzy_merged() -> None:
    text = "Borders.\n\nNiger and Nigeria closed the border; Austria and Australia sent aid to both."
    got = names(actors_of(text))
    assert {"Niger", "Nigeria", "Austria", "Australia"} <= got


def test_possessive_is_outside_the_mention() -> None:
    actors = actors_of(ART_B)
    goita = by_name(actors, "Assimi Goita")
    assert [m.surface for m in goita.mentions] == ["Assimi Goita", "Goita"]


def test_sorted_by_mentions_then_name_and_json_shape() -> None:
    actors = actors_of(ART_A, ART_B)
    keys = [(-len(a.mentions), a.name.casefold()) for a in actors]
    assert keys == sorted(keys)
    record = actors[0].to_json()
    assert {"id", "name", "type", "aliases", "roles", "description", "description_source",
            "mentions_by_article", "mentions"} <= set(record)
    assert set(record["mentions"][0]) == {"article", "sentence_id", "start", "end", "surface"}
    json.dumps(record)
    assert all(a.type in TYPES for a in actors)
    assert len({a.id for a in actors}) == len(actors)


def test_api_objects() -> None:
    m = Mention("a", "a-p1-s1", 0, 4, "Mali")
    actor = Actor("mali", "Mali", "state", [], [], None, None, [m, Mention("b", "b-p1-s1", 5, 9, "Mali")])
    assert actor.mentions_by_article() == {"a": 1, "b": 1}


def _write_curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    path = tmp_path / "actors.toml"
    path.write_text(body, "utf-8")
    monkeypatch.setattr("sahel_tui.analysis.actors.curated.default_path", lambda: path)


def test_curated_only_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_curated(
        tmp_path,
        monkeypatch,
        '[[actor]]\nname = "Islamic State West Africa Province"\ntype = "armed_group"\n'
        'aliases = ["ISWAP"]\ndescription = "Islamic State branch around Lake Chad."\n\n'
        '[[actor]]\nname = "Never Mentioned Front"\naliases = ["NMF"]\n',
    )
    text = ART_A + "\nISWAP denied it.\n"
    plain = detect_actors(corpus_of(text), curated=False)
    curated = detect_actors(corpus_of(text), curated=True)
    assert all(find(curated, a.name) is not None for a in plain)
    iswap = by_name(curated, "Islamic State West Africa Province")
    assert iswap.description_source == "curated"
    assert "ISWAP" in iswap.aliases and len(iswap.mentions) == 2
    assert "Never Mentioned Front" not in names(curated)  # curated entries need a mention


def test_bad_curated_file_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.errors import UserError

    _write_curated(tmp_path, monkeypatch, '[[actor]]\nname = "X"\ntype = "villain"\n')
    with pytest.raises(UserError, match="unknown type"):
        detect_actors(corpus_of(ART_A), curated=True)


def test_import_is_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import sahel_tui.analysis.actors, sahel_tui.cli.commands.actors;"
        "heavy=[m for m in ('rapidfuzz','pycountry','textual') if m in sys.modules]; print(heavy); sys.exit(bool(heavy))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_acronym_with_two_meanings_is_resolved_per_article() -> None:
    one = "Rebels regroup.\n\nThe Macina Liberation Front (MLF) attacked Mopti. MLF fighters then moved south."
    two = "Protests grow.\n\nThe Moro Liberation Front (MLF) marched in Cotabato, and MLF leaders spoke."
    three = "Talks.\n\nDelegates said the MLF would attend."
    actors = actors_of(one, two, three)
    macina = by_name(actors, "Macina Liberation Front")
    moro = by_name(actors, "Moro Liberation Front")
    assert macina.mentions_by_article() == {"art1": 3}
    assert moro.mentions_by_article() == {"art2": 3}
    assert by_name(actors, "MLF").mentions_by_article() == {"art3": 1}


def test_one_agreement_under_several_names() -> None:
    text = (
        "Minsk revisited.\n\nKyiv said the Minsk Agreements were dead, while Moscow still cited the "
        "Minsk Peace Accords. The Geneva Convention was not discussed."
    )
    actors = actors_of(text)
    minsk = find(actors, "Minsk Agreements")
    assert minsk is not None and {"Minsk Agreements", "Minsk Peace Accords"} <= {minsk.name, *minsk.aliases}
    assert minsk.type == "other"
    assert find(actors, "Geneva Convention") is not minsk


def test_decisions_by_id_replay_in_order() -> None:
    """The glossary pane names actors by id; a rename changes the id for later decisions."""
    from sahel_tui.analysis.actors.model import slug
    from sahel_tui.store.actor_edits import add_edit, load_edits

    before = by_name(actors_of(ART_A, ART_B), "Quds Force")
    add_edit("type", before.id, "organisation")
    add_edit("rename", before.id, "IRGC Quds Force")
    add_edit("describe", slug("IRGC Quds Force"), "Iran's external operations arm.")
    add_edit("merge", "Nobody At All", "Quds Force")  # stale: kept, not applied
    # Detection is pure: the caller loads the decisions and hands them in.
    after = by_name(detect_actors(corpus_of(ART_A, ART_B), curated=False, edits=load_edits()), "IRGC Quds Force")
    assert after.id == "irgc-quds-force" and after.type == "organisation"
    assert after.description == "Iran's external operations arm." and after.description_source == "analyst"
    assert "Quds Force" in after.aliases
    assert len(load_edits()) == 4
    plain = detect_actors(corpus_of(ART_A, ART_B), curated=False, edits=None)
    assert find(plain, "Quds Force").name == "Quds Force"
