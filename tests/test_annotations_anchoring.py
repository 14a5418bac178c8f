"""Re-anchoring: annotations follow their text when the source file changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sahel_tui.corpus.loader import article_from_text, load_corpus
from sahel_tui.store import anchoring
from sahel_tui.store.annotations import AnnotationStore

BRIEF = """Convoy Attack Near Tessalit

A convoy carrying fuel was attacked north of Tessalit on Monday. Local officials said four drivers were killed.

The armed group that claimed the attack named the route as a target last year. No independent source confirmed the claim.

Residents described a second explosion an hour later. Army patrols arrived after nightfall.

No independent source confirmed the claim. The ministry promised an inquiry.
"""

OTHER = """Market Prices Rise in Gao

Fuel prices in Gao doubled within a week. Traders blamed the closed northern road.

Aid agencies warned of shortages before the rainy season.
"""


def sentence_with(article, needle: str, nth: int = 0):
    return [s for s in article.sentences if needle in s.text][nth]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "convoy.txt").write_text(BRIEF, encoding="utf-8")
    (root / "market.txt").write_text(OTHER, encoding="utf-8")
    return root


@pytest.fixture
def store():
    with AnnotationStore.open() as s:
        yield s


def test_unchanged_sources_cost_nothing(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    store.add(convoy, sentence_with(convoy, "four drivers").id, category="claim")
    report = store.reanchor(corpus)
    assert (report.checked, report.unchanged, report.moved, report.orphaned) == (1, 1, [], [])


def test_paragraph_inserted_above_moves_annotations_to_the_right_sentences(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy, market = corpus.get("convoy"), corpus.get("market")
    targets = {
        "four drivers": store.add(convoy, sentence_with(convoy, "four drivers").id, category="claim", note="count?"),
        "second explosion": store.add(convoy, sentence_with(convoy, "second explosion").id, tags=["ied"]),
        "inquiry": store.add(convoy, sentence_with(convoy, "inquiry").id, category="question"),
        "doubled": store.add(market, sentence_with(market, "doubled").id, category="evidence"),
    }
    before = {k: a.sentence_id for k, a in targets.items()}

    edited = BRIEF.replace(
        "\nA convoy carrying fuel",
        "\nSecurity sources in Kidal gave a different account of the route the convoy had taken.\n\nA convoy carrying fuel",
        1,
    )
    (corpus_dir / "convoy.txt").write_text(edited, encoding="utf-8")
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    report = store.reanchor(corpus)

    assert report.saved and report.orphaned == []
    assert {r.id for r in report.moved} == {targets[k].id for k in ("four drivers", "second explosion", "inquiry")}
    assert all(r.method in ("position", "quote") for r in report.moved)
    for needle, old in targets.items():
        now = store.get(old.id)
        article = corpus.get(now.article_id)
        expected = sentence_with(article, needle)
        assert now.sentence_id == expected.id, needle
        assert now.paragraph_id == f"{article.id}-p{expected.paragraph}"
        assert article.text[now.start : now.end] == now.exact == expected.text
        assert now.content_hash == article.content_hash
        assert now.note == old.note and now.tags == old.tags and now.category == old.category
    assert store.get(targets["four drivers"].id).sentence_id != before["four drivers"]
    assert store.reanchor(corpus).unchanged == 4  # settled: the next load is the fast path


def test_duplicate_sentence_keeps_its_own_occurrence(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    second = sentence_with(convoy, "No independent source", nth=1)
    a = store.add(convoy, second.id, category="disagree")
    (corpus_dir / "convoy.txt").write_text(BRIEF.replace("Convoy Attack Near Tessalit\n", "Convoy Attack Near Tessalit\n\nWitnesses in the town gave a very different account of events.\n"), encoding="utf-8")  # fmt: skip
    convoy = load_corpus(corpus_dir).get("convoy")
    store.reanchor([convoy])
    assert store.get(a.id).sentence_id == sentence_with(convoy, "No independent source", nth=1).id


def test_deleted_sentence_becomes_an_orphan_that_can_be_reattached_or_deleted(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    lost = store.add(convoy, sentence_with(convoy, "second explosion").id, note="keep me")
    kept = store.add(convoy, sentence_with(convoy, "inquiry").id)
    (corpus_dir / "convoy.txt").write_text(
        BRIEF.replace("Residents described a second explosion an hour later. ", ""), encoding="utf-8"
    )
    corpus = load_corpus(corpus_dir)
    report = store.reanchor(corpus)
    assert [r.id for r in report.orphaned] == [lost.id]
    orphan = store.get(lost.id)
    assert orphan.is_orphan and orphan.note == "keep me" and orphan.exact == lost.exact  # nothing dropped
    assert [a.id for a in store.orphans()] == [lost.id]
    assert store.counts_by_article() == {"convoy": 2}  # still counted, still listed
    marks = store.for_article("convoy")  # the reader marks only annotations that have a place
    assert [x.id for v in marks.values() for x in v] == [kept.id]
    assert store.reanchor(corpus).orphaned == []  # reported once, not on every load

    convoy = corpus.get("convoy")
    moved = store.reattach(lost.id, convoy, sentence_with(convoy, "Army patrols").id)
    assert moved.anchor_method == "reattached" and not moved.is_orphan and moved.note == "keep me"
    assert store.orphans() == []
    store.undo()
    assert store.get(lost.id).is_orphan
    store.delete(lost.id)
    assert store.orphans() == [] and store.list(include_deleted=True, orphans=True)[0].id == lost.id


def test_orphan_comes_back_when_the_text_returns(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    a = store.add(convoy, sentence_with(convoy, "second explosion").id)
    (corpus_dir / "convoy.txt").write_text(BRIEF.replace("Residents described a second explosion an hour later. ", ""))
    assert store.reanchor(load_corpus(corpus_dir)).orphaned
    (corpus_dir / "convoy.txt").write_text(BRIEF, encoding="utf-8")
    report = store.reanchor(load_corpus(corpus_dir))
    assert [r.id for r in report.moved] == [a.id] and not store.get(a.id).is_orphan


def test_edited_sentence_is_found_by_fuzzy_match(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    old = sentence_with(convoy, "four drivers")
    a = store.add(convoy, old.id)
    (corpus_dir / "convoy.txt").write_text(
        BRIEF.replace("four drivers were killed", "four drivers were reportedly killed"), encoding="utf-8"
    )
    convoy = load_corpus(corpus_dir).get("convoy")
    report = store.reanchor([convoy])
    now = store.get(a.id)
    assert [r.method for r in report.moved] == ["fuzzy"] and now.anchor_method == "fuzzy"
    assert 80 <= now.anchor_score < 100
    assert now.sentence_id == sentence_with(convoy, "reportedly").id
    assert now.exact == sentence_with(convoy, "reportedly").text  # the anchor covers the new wording
    assert now.quote == old.text  # the analyst's quote is never rewritten
    assert now.review == "reanchor" and now.needs_review  # until the analyst confirms it
    again = store.reanchor([convoy])  # asked once, not at every start
    assert again.moved == [] and store.get(a.id).review == "reanchor"


def test_a_changed_number_is_never_matched_fuzzily(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    old = sentence_with(convoy, "four drivers")
    a = store.add(convoy, old.id)
    (corpus_dir / "convoy.txt").write_text(
        BRIEF.replace("four drivers were killed", "five drivers were killed"), encoding="utf-8"
    )
    report = store.reanchor([load_corpus(corpus_dir).get("convoy")])
    now = store.get(a.id)
    assert report.moved == [] and [r.id for r in report.orphaned] == [a.id]
    assert now.is_orphan and now.exact == old.text


def test_annotations_on_articles_not_loaded_are_left_alone(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    market = corpus.get("market")
    a = store.add(market, sentence_with(market, "doubled").id)
    report = store.reanchor([corpus.get("convoy")])
    assert report.missing_articles == ["market"] and report.orphaned == []
    assert store.get(a.id) == a


def test_same_hash_but_new_segmentation_is_still_checked(store) -> None:
    # A better loader changes Article.text without changing the file (same hash).
    old = article_from_text("Title Line\nAlpha beta gamma delta. Second sentence here.", "doc")
    a = store.add(old, sentence_with(old, "Second").id)
    new = article_from_text("Title Line\nIntro.\nAlpha beta gamma delta. Second sentence here.", "doc")
    new = replace(new, content_hash=old.content_hash)
    store.reanchor([new])
    assert store.get(a.id).sentence_id == sentence_with(new, "Second").id


def test_locate_rules() -> None:
    text = "Head\nOne two three. The same line. Four five six. The same line. Seven."
    art = article_from_text(text, "t")
    target = sentence_with(art, "The same line", nth=1)
    anchor = anchoring.anchor_span(art, target.start, target.end)
    # Position first, when the text and its context are still there.
    found = anchoring.locate(art, start=anchor.start, end=anchor.end, exact=anchor.exact,
                             prefix=anchor.prefix, suffix=anchor.suffix)  # fmt: skip
    assert found.method == "position" and found.anchor.start == target.start
    # Without a usable position, context picks the right one of two equal quotes.
    found = anchoring.locate(art, start=None, end=None, exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix)
    assert found.method == "quote" and found.anchor.start == target.start
    # Short quotes never match fuzzily; a missing quote is an orphan.
    assert anchoring.locate(art, start=0, end=4, exact="Sevan", prefix="", suffix="") is None
    assert anchoring.locate(art, start=0, end=4, exact="A sentence that is nowhere in it", prefix="", suffix="") is None


def test_undo_of_an_edit_keeps_the_current_anchor(store, corpus_dir) -> None:
    corpus = load_corpus(corpus_dir)
    convoy = corpus.get("convoy")
    a = store.add(convoy, sentence_with(convoy, "inquiry").id, note="before")
    store.update(a.id, note="after")
    (corpus_dir / "convoy.txt").write_text("Convoy Attack Near Tessalit\n\nA new lead paragraph appears.\n" + BRIEF[28:])
    convoy = load_corpus(corpus_dir).get("convoy")
    store.reanchor([convoy])
    moved = store.get(a.id)
    assert moved.start != a.start
    undone = store.undo()
    assert undone.note == "before" and (undone.start, undone.sentence_id) == (moved.start, moved.sentence_id)
    assert store.get(a.id) == undone


WORDS = ("army", "border", "talks", "convoy", "envoy", "north", "fuel", "market", "river", "council", "road", "town")


def _paragraph(draw_words: list[list[str]]) -> str:
    return " ".join(" ".join(ws).capitalize() + "." for ws in draw_words)


def test_any_paragraph_inserted_anywhere_keeps_every_anchor_on_its_words() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    sentence = st.lists(st.sampled_from(WORDS), min_size=5, max_size=9)
    paragraph = st.lists(sentence, min_size=1, max_size=3)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(paragraph, min_size=2, max_size=6), paragraph, st.integers(0, 6), st.data())
    def check(paragraphs, inserted, where, data) -> None:
        body = [_paragraph(p) for p in paragraphs]
        old = article_from_text("Field Report\n\n" + "\n\n".join(body), "doc")
        target = data.draw(st.sampled_from(old.body_sentences))
        anchor = anchoring.anchor_span(old, target.start, target.end)
        body.insert(min(where, len(body)), _paragraph(inserted))
        new = article_from_text("Field Report\n\n" + "\n\n".join(body), "doc")
        found = anchoring.locate(new, start=anchor.start, end=anchor.end, exact=anchor.exact,
                                 prefix=anchor.prefix, suffix=anchor.suffix, scope="sentence")  # fmt: skip
        assert found is not None and found.method in ("position", "quote")
        assert new.text[found.anchor.start : found.anchor.end] == target.text
        assert new.sentence(found.anchor.sentence_id).text == target.text
        same = [s for s in new.sentences if s.text == target.text]
        if len(same) == 1:
            assert found.anchor.sentence_id == same[0].id

    check()
