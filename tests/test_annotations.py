"""The annotation store's API: what the UI and the CLI build on."""

from __future__ import annotations

import json
import re
import sqlite3
import threading

import pytest

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.errors import UserError
from sahel_tui.store.annotations import AnnotationStore, StoreError
from sahel_tui.store.db import SCHEMA_VERSION
from sahel_tui.infrastructure.paths import data_dir

TEXT = (
    "Harbour Talks Stall\n"
    "Negotiators met in Port Amel on Tuesday. The talks ended without an agreement.\n"
    "The northern delegation walked out after two hours. A spokesman blamed the mediator.\n"
    "Observers expect a new round in March."
)


@pytest.fixture
def article():
    return article_from_text(TEXT, "harbour")


@pytest.fixture
def store():
    with AnnotationStore.open() as s:
        yield s


def sid(article, needle: str) -> str:
    """The id of the sentence containing ``needle``: tests never hard-code segmentation."""
    return next(s.id for s in article.sentences if needle in s.text)


def test_opens_in_the_data_folder_with_wal_and_current_schema(store) -> None:
    assert store.path == data_dir() / "annotations.sqlite3"
    assert not store.read_only and store.error is None and store.notice is None
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_add_records_anchor_author_and_utc_times(store, article) -> None:
    s_id = sid(article, "walked out")
    a = store.add(article, s_id, category="Claim", note="*why* now?", tags=["#North", "north", "follow up"])
    sentence = article.sentence(s_id)
    assert (a.start, a.end, a.exact) == (sentence.start, sentence.end, sentence.text)
    assert article.text[a.start : a.end] == a.exact
    assert a.prefix == article.text[max(0, a.start - 32) : a.start] and len(a.prefix) == 32
    assert a.suffix == article.text[a.end : a.end + 32]
    assert a.sentence_id == s_id and a.paragraph_id == f"harbour-p{sentence.paragraph}"
    assert a.content_hash == article.content_hash and a.article_id == "harbour"
    assert a.category == "claim" and a.kind == "highlight" and a.scope == "sentence"
    assert a.tags == ("North", "follow-up")  # '#' stripped, case-insensitive repeat dropped
    assert a.author and a.anchor_method == "created"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", a.created) and a.modified == a.created
    assert store.get(a.id) == a
    assert store.get(a.id[:6]) == a and store.get(f"urn:uuid:{a.id}") == a


def test_short_sentence_ids_and_spans(store, article) -> None:
    s = next(article.body_sentences.__iter__())
    short = s.id.removeprefix("harbour-")
    assert store.add(article, short).sentence_id == s.id
    span = store.add(article, start=s.start + 11, end=s.start + 18, note="where")
    assert span.exact == article.text[s.start + 11 : s.start + 18] and span.scope == "span"
    assert span.sentence_id == s.id
    with pytest.raises(UserError, match="no sentence"):
        store.add(article, "p99-s1")
    with pytest.raises(UserError, match="outside"):
        store.add(article, start=5, end=len(article.text) + 1)
    with pytest.raises(UserError):
        store.add(article)


def test_markup_and_control_characters_are_stored_as_is(store, article) -> None:
    nasty = "[bold red]alarm[/] \x1b[31mred\x1b[0m \x07 `code` <b>&amp;"
    a = store.add(article, sid(article, "mediator"), note=nasty, tags=["[x]"])
    assert store.get(a.id).note == nasty
    assert store.list(text="alarm")[0].note == nasty
    raw = sqlite3.connect(store.path).execute("SELECT note FROM annotation").fetchone()[0]
    assert raw == nasty


def test_update_delete_restore_and_undo(store, article) -> None:
    a = store.add(article, sid(article, "Negotiators"), category="question", note="one", tags=["a"])
    b = store.update(a.id, note="two", add_tags=["b"], remove_tags=["A"])
    assert (b.note, b.tags, b.category) == ("two", ("b",), "question") and b.modified >= a.modified
    assert store.update(a.id, category=None).category is None
    assert store.update(a.id, note="two") == store.get(a.id)  # no change: same timestamp
    gone = store.delete(a.id)
    assert gone.deleted and store.list() == [] and store.list(include_deleted=True)[0].id == a.id
    assert store.restore(a.id).deleted is None
    # Undo walks back: restore, delete, category, note/tags.
    assert store.undo().deleted is not None
    assert store.undo().deleted is None
    assert store.undo().category == "question"
    assert store.undo() == a
    undone_add = store.undo()
    assert undone_add.deleted is not None and store.list() == []  # undo of add hides, never destroys
    assert store.undo() is None and not store.can_undo()


def test_undo_is_per_session_and_refuses_to_clobber_others(article) -> None:
    mine, theirs = AnnotationStore.open(), AnnotationStore.open()
    a = mine.add(article, sid(article, "March"), note="mine")
    assert not theirs.can_undo()
    theirs.update(a.id, note="theirs")
    with pytest.raises(StoreError, match="changed or removed elsewhere"):
        mine.undo()
    assert mine.get(a.id).note == "theirs"
    assert theirs.undo().note == "mine"
    mine.close(), theirs.close()


def test_purge_removes_for_good_but_undo_brings_it_back(store, article) -> None:
    a = store.add(article, sid(article, "March"), note="x")
    with pytest.raises(UserError, match="not deleted"):
        store.purge(a.id)
    store.delete(a.id)
    store.purge(a.id)
    assert store.list(include_deleted=True) == []
    assert store.undo().id == a.id and store.get(a.id).deleted is not None


def test_list_filters(store, article) -> None:
    other = article_from_text("Other Piece\nThe border stayed closed. Trade fell sharply.", "other")
    a1 = store.add(article, sid(article, "walked"), category="claim", tags=["North"])
    a2 = store.add(article, sid(article, "mediator"), category="disagree", note="Biased MEDIATOR?")
    a3 = store.add(other, sid(other, "border"), category="evidence", tags=["border", "north"])
    a4 = store.add_actor_note("port-amel-mediator", note="Also chaired the 2019 talks", tags=["north"])
    ids = lambda found: [a.id for a in found]  # noqa: E731
    assert ids(store.list()) == [a1.id, a2.id, a3.id, a4.id]  # by article, then position, actors last
    assert ids(store.list(article="harbour")) == [a1.id, a2.id]
    assert ids(store.list(tag="NORTH")) == [a1.id, a3.id, a4.id]
    assert ids(store.list(category="Disagree")) == [a2.id]
    assert ids(store.list(actor="port-amel-mediator")) == [a4.id]
    assert a4.kind == "actor" and a4.article_id is None and a4.anchor_method is None
    assert ids(store.list(text="mediator")) == [a2.id, a4.id]  # note text, any case, and actor id
    assert ids(store.list(text="STAYED closed")) == [a3.id]  # the quoted text
    assert store.counts_by_article() == {"harbour": 2, "other": 1}
    assert {t.casefold(): n for t, n in store.tags()} == {"north": 3, "border": 1}
    marks = store.for_article("harbour")
    assert set(marks) == {a1.sentence_id, a2.sentence_id}


def test_bad_input_is_a_user_error(store, article) -> None:
    with pytest.raises(UserError, match="short line"):
        store.add(article, sid(article, "March"), category="x" * 100)
    with pytest.raises(UserError, match="too short"):
        store.get("ab")
    with pytest.raises(UserError, match="no annotation"):
        store.get("ffffffff")
    with pytest.raises(UserError, match="actor"):
        store.add_actor_note("  ")


def test_threads_share_one_store(store, article) -> None:
    s_id = sid(article, "March")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(25):
                store.add(article, s_id, note=f"{n}-{i}")
                store.list(article="harbour")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.list()) == 100


def test_w3c_export_shape(store, article) -> None:
    a = store.add(article, sid(article, "walked"), category="claim", note="**bold** claim", tags=["north"])
    store.add_actor_note("mediator", note="profile")
    doc = store.export_w3c()
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld" and doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == 2
    assert doc["id"].startswith("urn:uuid:") and doc["first"]["id"].startswith("urn:uuid:")
    assert store.export_w3c() == doc  # same annotations, same file
    item = items[0]
    assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert item["id"] == f"urn:uuid:{a.id}" and item["type"] == "Annotation"
    assert item["motivation"] == "highlighting" and item["created"] == a.created
    assert item["creator"]["nickname"] == a.author
    bodies = {b["purpose"]: b for b in item["body"]}
    assert all(b["type"] == "TextualBody" for b in item["body"])
    assert bodies["commenting"]["value"] == "**bold** claim" and bodies["commenting"]["format"] == "text/markdown"
    assert bodies["classifying"]["value"] == "claim" and bodies["tagging"]["value"] == "north"
    assert item["target"]["source"] == "urn:sahel-brief:article:harbour"
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"] == {
        "type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
    }  # fmt: skip
    assert selectors["TextPositionSelector"] == {"type": "TextPositionSelector", "start": a.start, "end": a.end}
    assert item["sahelBrief"]["sentence"] == a.sentence_id
    assert items[1]["target"] == {"source": "urn:sahel-brief:actor:mediator"}
    json.dumps(doc)  # serialisable as is


def test_import_round_trip_is_idempotent_and_merges(tmp_path, store, article) -> None:
    a = store.add(article, sid(article, "walked"), category="claim", note="first", tags=["x", "y"])
    store.add_actor_note("mediator", note="profile")
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps(store.export_w3c()), encoding="utf-8")
    records = tmp_path / "notes.json"
    records.write_text(json.dumps([x.to_json() for x in store.list()]), encoding="utf-8")

    fresh = AnnotationStore.open(tmp_path / "other.sqlite3")
    first = fresh.import_file(path)
    assert (first.added, first.updated, first.unchanged, first.skipped) == (2, 0, 0, [])
    again = fresh.import_file(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert fresh.import_file(records).added == 0  # the JSON records name the same ids
    assert [x.to_json() for x in fresh.list()] == [x.to_json() for x in store.list()]

    store.update(a.id, note="second")  # newer elsewhere: merging takes it
    path.write_text(json.dumps(store.export_w3c()), encoding="utf-8")
    merged = fresh.import_file(path)
    assert (merged.added, merged.updated, merged.unchanged) == (0, 1, 1)
    assert fresh.get(a.id).note == "second"
    fresh.update(a.id, note="third")  # newer here: an older file does not overwrite it
    assert fresh.import_file(path).updated == 0 and fresh.get(a.id).note == "third"
    fresh.close()


def test_import_foreign_w3c_annotations(store) -> None:
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": "https://example.org/anno/7",
                "type": "Annotation",
                "created": "2015-01-28T12:00:00+01:00",
                "creator": "alice",
                "bodyValue": "Seen elsewhere",
                "target": {
                    "source": "https://example.org/page",
                    "selector": {"type": "TextQuoteSelector", "exact": "quoted", "prefix": "a ", "suffix": " b"},
                },
            },
            {"type": "Annotation", "body": {"type": "TextualBody", "value": "no target"}},
            {"type": "Annotation", "target": "https://example.org/whole-page", "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": "web"}]},  # fmt: skip
        ],
    }
    report = store.import_data(foreign)
    assert report.added == 2 and len(report.skipped) == 1 and "no source" in report.skipped[0]
    assert store.import_data(foreign).added == 0  # ids derived deterministically
    a = next(x for x in store.list() if x.note)
    assert (a.article_id, a.exact, a.author, a.created) == (
        "https://example.org/page", "quoted", "alice", "2015-01-28T11:00:00.000Z",
    )  # fmt: skip
    assert [x.tags for x in store.list(tag="web")] == [("web",)]
    with pytest.raises(UserError):
        store.import_data("just a string")


def test_changed_elsewhere_tells_the_ui_to_refresh(article) -> None:
    with AnnotationStore.open() as mine, AnnotationStore.open() as theirs:
        mine.changed_elsewhere()  # the first call only takes a reading
        mine.add(article, sid(article, "March"))
        assert not mine.changed_elsewhere()  # my own change is not news to me
        theirs.add(article, sid(article, "walked"))
        assert mine.changed_elsewhere()
        assert not mine.changed_elsewhere()  # reported once


def test_modified_always_moves_forward(store, article) -> None:
    a = store.add(article, sid(article, "March"), note="0")
    stamps = [a.modified] + [store.update(a.id, note=str(i)).modified for i in range(1, 6)]
    assert stamps == sorted(set(stamps))  # strictly increasing, even within one millisecond
