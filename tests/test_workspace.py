"""The workspace: each analysis computed once, however many callers ask at once; derived views share it."""

from __future__ import annotations

import threading

import pytest

from sahel_tui.corpus.model import Corpus
from sahel_tui.workspace import Workspace


def test_concurrent_callers_share_one_detection(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import sahel_tui.analysis.actors as actors_module

    calls: list[int] = []
    original = actors_module.detect_actors
    started = threading.Barrier(4)

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(actors_module, "detect_actors", counting)
    workspace = Workspace(seed_corpus)
    results: list[object] = []

    def ask() -> None:
        started.wait()
        results.append(workspace.load_actors())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(calls) == 1
    assert len(results) == 4 and all(r is results[0] for r in results)
    assert workspace.actors is results[0] and workspace.actors_version == 1


def test_a_derived_workspace_reuses_the_analysis_but_not_the_settings(seed_corpus: Corpus) -> None:
    app = Workspace(seed_corpus)
    assert app.actors is None and app.comparison is None  # properties never compute
    comparison = app.load_comparison()
    export = app.derive(method="lead", count=2)
    assert export.actors is app.actors and export.comparison is comparison
    assert export.key_point_method() == "lead" and app.key_point_method() != "lead"
    assert [len(export.key_points(a)) for a in seed_corpus.articles] == [2, 2, 2]
    app.reload_actors()  # an analyst's edit: the comparison made with the old actors is stale for both
    assert app.comparison is None and export.comparison is None


def test_a_store_handed_in_stays_its_owners(seed_corpus: Corpus) -> None:
    from sahel_tui.store.annotations import AnnotationStore

    store = AnnotationStore.open()
    try:
        workspace = Workspace(seed_corpus, store=store)
        assert workspace.open_store() is store
        assert workspace.annotations() == []
        workspace.close()
        assert workspace.store is store  # not closed: the caller opened it
    finally:
        store.close()
