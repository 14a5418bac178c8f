"""The corpus index: the app's first frame from one small file, checked against the folder afterwards."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from ui_panes_helpers import settle, sync

from sahel_tui.corpus.index import INDEX_KIND, IndexedArticle, load_indexed, verify
from sahel_tui.corpus.loader import load_corpus
from sahel_tui.infrastructure.cache import Cache
from sahel_tui.infrastructure.config import load_config

REPO = Path(__file__).resolve().parent.parent
NEW = REPO / "tests" / "data" / "changes"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", root)
    (root / "empty.txt").write_bytes(b"")  # skipped: the index must notice when it gains text
    (root / "sub").mkdir()
    (root / "sub" / "note.md").write_text("# A note from Gao\n\nThe convoy left Gao at dawn on 3 May.\n", encoding="utf-8")
    return root


def test_the_index_gives_the_same_corpus_as_the_files(corpus_dir: Path) -> None:
    full = load_corpus(corpus_dir)
    indexed = load_indexed(corpus_dir, Cache())
    assert indexed is not None
    got = indexed.corpus
    assert all(isinstance(a, IndexedArticle) and not a.body_loaded() for a in got.articles)
    assert [a.id for a in got.articles] == [a.id for a in full.articles]
    assert got.skipped == full.skipped and any("empty.txt" in line for line in got.skipped)
    first = got.articles[0]
    assert first.title == full.articles[0].title and not first.body_loaded()  # metadata needs no body
    assert got.articles == full.articles  # every field, bodies read from the pack on demand
    assert all(a.word_count == b.word_count and a.path == b.path for a, b in zip(got.articles, full.articles))
    assert verify(corpus_dir, indexed.expected)
    copy = pickle.loads(pickle.dumps(got.articles[1]))
    assert type(copy).__name__ == "Article" and copy == full.articles[1]


@pytest.mark.parametrize(
    "change",
    ["edit", "add", "remove", "empty-gains-text", "manifest", "same-size-edit"],
)
def test_verify_notices_any_change_to_the_folder(corpus_dir: Path, change: str) -> None:
    load_corpus(corpus_dir)
    indexed = load_indexed(corpus_dir, Cache())
    assert indexed is not None
    target = corpus_dir / "sub" / "note.md"
    if change == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace("3 May", "13 May"), encoding="utf-8")
    elif change == "same-size-edit":  # size and modification time kept: only the hash tells
        import os

        st = target.stat()
        target.write_text(target.read_text(encoding="utf-8").replace("3 May", "4 May"), encoding="utf-8")
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif change == "add":
        shutil.copy(next(NEW.glob("*.md")), corpus_dir / "added.md")
    elif change == "remove":
        target.unlink()
    elif change == "empty-gains-text":
        (corpus_dir / "empty.txt").write_text("Now it has a sentence about Mali.\n", encoding="utf-8")
    else:
        (corpus_dir / "manifest.toml").write_text('[articles."sub/note.md"]\npublisher = "Gao Desk"\n', encoding="utf-8")
    assert not verify(corpus_dir, indexed.expected)
    # The full load that follows writes the index again, and it holds the change.
    fresh = load_corpus(corpus_dir)
    again = load_indexed(corpus_dir, Cache())
    assert again is not None and again.corpus.articles == fresh.articles and verify(corpus_dir, again.expected)


def test_a_rewritten_pack_or_a_torn_index_is_not_used(corpus_dir: Path) -> None:
    load_corpus(corpus_dir)
    cache = Cache()
    assert load_indexed(corpus_dir, cache) is not None
    # Another load that rewrites the pack (a file edited) leaves the old index's byte ranges wrong:
    # it is rewritten with it, and an index whose pack is another version is never read.
    from sahel_tui.corpus.cached import _PACK, pack_key, pack_params

    key, params = pack_key(corpus_dir), pack_params()
    doc = cache.get(INDEX_KIND, key, params)
    fd = cache.open_entry(_PACK, key, params)
    assert fd is not None
    import os

    os.close(fd)
    doc["pack"][1] += 1  # as if the pack had been written after this index
    cache.put(INDEX_KIND, key, doc, params)
    assert load_indexed(corpus_dir, cache) is None
    for torn in ({"version": 1}, [1, 2], {"version": 1, "pack": doc["pack"], "articles": [["x"]]}):
        cache.put(INDEX_KIND, key, torn, params)
        assert load_indexed(corpus_dir, cache) is None
    # A full load writes a sound one again.
    load_corpus(corpus_dir)
    assert load_indexed(corpus_dir, cache) is not None


def test_a_body_the_pack_lost_is_cleaned_again_from_its_file(corpus_dir: Path) -> None:
    full = load_corpus(corpus_dir)
    indexed = load_indexed(corpus_dir, Cache())
    assert indexed is not None
    article = indexed.corpus.articles[0]
    article._span = (0, 5)  # the pack's first bytes: not an entry
    assert article.text == full.articles[0].text and article.paragraphs == full.articles[0].paragraphs


@sync
async def test_the_app_shows_the_index_then_the_folder_as_it_is(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from sahel_tui.corpus import index
    from sahel_tui.ui.app import SahelApp

    release = threading.Event()
    real_verify = index.verify

    def held_verify(root, expected):  # type: ignore[no-untyped-def]
        release.wait(30)  # the check is still running while the test asks for the export
        return real_verify(root, expected)

    monkeypatch.setattr(index, "verify", held_verify)

    load_corpus(corpus_dir)
    indexed = load_indexed(corpus_dir, Cache())
    assert indexed is not None
    shutil.copy(next(NEW.glob("*.md")), corpus_dir / "added.md")  # after the index was written
    loaded = load_config()
    app = SahelApp(indexed.corpus, loaded.config, config_path=loaded.path, corpus_check=indexed.expected)
    before = len(indexed.corpus.articles)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.corpus_checked
        app.action_export()  # asked for before the check: it waits, and opens once the files are read
        assert app._export_after_check and not any(type(s).__name__ == "ExportDialog" for s in app.screen_stack)
        await pilot.pause()
        assert not app.corpus_checked and not any(type(s).__name__ == "ExportDialog" for s in app.screen_stack)
        release.set()
        await settle(pilot)
        await settle(pilot)
        assert app.corpus_checked
        assert len(app.corpus.articles) == before + 1
        assert app.screen_stack[-1].__class__.__name__ == "ExportDialog"
        await pilot.press("escape")
        await settle(pilot)
        sources = app.screen.sources
        assert len(sources.articles) == before + 1 and sources.border_title == f"Sources ({before + 1})"
        assert app.workspace.corpus is app.corpus
        assert not any(isinstance(a, IndexedArticle) for a in app.corpus.articles)


@sync
async def test_the_app_keeps_the_index_corpus_when_the_folder_matches(corpus_dir: Path) -> None:
    from sahel_tui.ui.app import SahelApp

    load_corpus(corpus_dir)
    indexed = load_indexed(corpus_dir, Cache())
    assert indexed is not None
    loaded = load_config()
    app = SahelApp(indexed.corpus, loaded.config, config_path=loaded.path, corpus_check=indexed.expected)
    assert not any(a.body_loaded() for a in indexed.corpus.articles)  # nothing read before the first frame
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.corpus_checked and app.corpus is indexed.corpus
        shown = app.screen.article
        assert shown is not None and shown.body_loaded() and shown.text == load_corpus(corpus_dir).articles[0].text


def test_a_cold_folder_cleaned_on_every_core_gives_the_same_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.corpus import loader

    root = tmp_path / "many"
    root.mkdir()
    places = ["Gao", "Kidal", "Mopti", "Timbuktu", "Menaka", "Tessalit"]
    for i in range(300):
        place = places[i % len(places)]
        body = (
            f"# Report {i} from {place}\n\nOfficials in {place} said {i + 3} trucks arrived on {i % 28 + 1} May. "
            f"The convoy carried food for {10 * i} families.\n\nA second paragraph names Colonel Diallo {i}.\n"
        )
        (root / f"r{i:03d}.md").write_text(body, encoding="utf-8")
    (root / "r150.md").write_bytes(b"\x00\x01binary")  # skipped in a worker as it is here
    seen: list[int] = []
    used: list[bool] = []
    start = loader._CleanedAhead._start

    def spy(self):  # type: ignore[no-untyped-def]
        start(self)
        used.append(self._results is not None)

    monkeypatch.setattr(loader._CleanedAhead, "_start", spy)
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "2")
    monkeypatch.setattr("os.getloadavg", lambda: (0.0, 0.0, 0.0))  # the pool's size ignores the machine's load
    parallel = loader.load_corpus(root, Cache(tmp_path / "c2"), progress=lambda arts, done, total: seen.append(len(arts)))
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "1")
    serial = loader.load_corpus(root, Cache(tmp_path / "c1"))
    assert parallel.articles == serial.articles and parallel.skipped == serial.skipped
    assert seen and seen == sorted(seen) and seen[0] >= 1  # sources shown as they arrive, in order
    # The workers' entries went into the pack: a second load is warm.
    from sahel_tui.corpus.cached import ArticleCache

    assert len(ArticleCache(root, Cache(tmp_path / "c2")).old) == len(serial.articles)
    assert used == [True]  # the workers cleaned the first load's files; the second sent them none


def _app_with_a_held_read(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The app reading a new folder, held after the first source until ``release`` is set."""
    import threading

    from sahel_tui.corpus import loader
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.ui.app import SahelApp

    release = threading.Event()
    real = loader.load_corpus

    def held(root, cache=None, progress=None, cleaned=None):  # type: ignore[no-untyped-def]
        def slow(articles, done, total):  # type: ignore[no-untyped-def]
            progress(articles, done, total)
            release.wait(30)  # the first sources are on screen; the rest waits for the test

        monkeypatch.setattr(loader, "FIRST_SCREEN", 1)
        return real(root, cache, slow, cleaned)

    monkeypatch.setattr(loader, "load_corpus", held)
    loaded = load_config()
    app = SahelApp(Corpus(root=corpus_dir, articles=[]), loaded.config, config_path=loaded.path, read_corpus=True)
    return app, release


async def _first_sources(app, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(50):
        await pilot.pause(0.05)
        if "read)" in str(app.screen.sources.border_title):
            break


@sync
async def test_the_app_reads_a_new_folder_while_it_runs(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No index yet: the app opens at once, the list grows, and a view asked for meanwhile opens at the end."""
    app, release = _app_with_a_held_read(corpus_dir, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await _first_sources(app, pilot)
        sources = app.screen.sources
        assert app.corpus_loading and 1 <= len(sources.articles) < 4 and "% read)" in str(sources.border_title)
        assert app.screen.article is not None  # the first source is open in the reader
        await pilot.press("2")  # the glossary: it waits for the whole corpus
        await pilot.pause()
        assert app.current_mode == "reader"
        release.set()
        await settle(pilot)
        await settle(pilot)
        assert not app.corpus_loading and app.corpus_checked and len(app.corpus.articles) == 4
        assert app.current_mode == "glossary"
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.sources.border_title == "Sources (4)" and len(app.screen.sources.articles) == 4


@sync
async def test_the_filter_typed_while_the_folder_is_read_goes_to_the_bar_and_applies_at_the_end(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`f` during a cold read opens the bar, so the keys typed go into it (not to the reader's
    bindings: "a" would open a note, "x" the export); the filter applies once the read ends."""
    from textual.widgets import Input

    app, release = _app_with_a_held_read(corpus_dir, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await _first_sources(app, pilot)
        assert app.corpus_loading
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("a", "x")  # in the reader, a note and the export
        await pilot.pause()
        field = app.screen.query_one("#filter-input", Input)
        assert field.value == "ax"
        assert app.current_mode == "reader" and len(app.screen_stack) == 1  # no dialog opened by the letters
        field.value = "format:markdown"  # (each key is slow under the pilot while the read is held)
        await pilot.pause()
        assert "Still reading the sources" in str(app.screen.query_one("#filter-status").render())
        release.set()
        await settle(pilot)
        await settle(pilot)
        assert not app.corpus_loading and len(app.full_corpus.articles) == 4
        assert [a.id for a in app.screen.sources.articles] == [a.id for a in app.corpus.articles]
        assert [a.path.suffix for a in app.corpus.articles] == [".md"]
        assert app.screen.sources.border_title == "Sources (1/4 shown)"


def test_has_article_file_stops_at_the_first_and_sees_through_folders(tmp_path: Path) -> None:
    from sahel_tui.corpus.discover import has_article_file

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8")
    assert not has_article_file(tmp_path)  # dot folders and images are not articles
    (tmp_path / "a" / "b" / "report.md").write_text("# Report\n\nText.\n", encoding="utf-8")
    assert has_article_file(tmp_path)
    assert not has_article_file(tmp_path / "missing")


def test_a_small_cold_folder_is_read_before_the_first_frame_a_large_one_in_the_app(tmp_path: Path) -> None:
    """Reading a few files in the app cost more than it saved (cold seeds: 1.80x -> 1.52x a bare app)."""
    from types import SimpleNamespace

    from sahel_tui.cli.commands.app import SMALL_FOLDER_BYTES, SMALL_FOLDER_FILES, _read_in_app
    from sahel_tui.corpus.discover import article_files_upto

    def in_app(folder: Path) -> bool:
        return _read_in_app(SimpleNamespace(corpus_root=folder))  # type: ignore[arg-type]

    small = tmp_path / "small"
    shutil.copytree(REPO / "seeds", small)
    assert not in_app(small)
    many = tmp_path / "many"
    many.mkdir()
    for i in range(SMALL_FOLDER_FILES + 5):
        (many / f"{i:03}.txt").write_text(f"Title {i}\n\nSome text of article {i}.\n", encoding="utf-8")
    assert article_files_upto(many, SMALL_FOLDER_FILES)[0] == SMALL_FOLDER_FILES + 1  # stops counting there
    assert in_app(many)
    big = tmp_path / "big"
    big.mkdir()
    (big / "long.txt").write_text("Long report\n\n" + "A sentence of the report. " * (SMALL_FOLDER_BYTES // 20), encoding="utf-8")
    assert in_app(big)
    assert not in_app(tmp_path / "missing")  # reported before any screen, as before


def test_a_cold_load_from_the_prefetch_children_does_not_import_the_pipeline(tmp_path: Path) -> None:
    """The children built every entry: compiling the pipeline's regexes in the parent was 65 ms of a cold start."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, time; from pathlib import Path\n"
        "from sahel_tui import startup\n"
        "p = startup.prefetch_corpus(Path(sys.argv[1]))\n"
        "assert p is not None\n"
        "from sahel_tui.corpus.loader import load_corpus\n"
        "c = load_corpus(Path(sys.argv[1]), cleaned=p.chunks())\n"
        "assert len(c.articles) == 3, c.articles\n"
        "print('sahel_tui.corpus.pipeline' in sys.modules)\n"
    )
    env = {**os.environ, "SAHEL_BRIEF_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SAHEL_BRIEF_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", script, str(REPO / "seeds")], env=env, cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_metadata_is_decoded_when_first_read_and_a_hand_edited_one_is_harmless(corpus_dir: Path) -> None:
    from sahel_tui.corpus.cached import pack_key, pack_params
    from sahel_tui.corpus.model import Metadata

    full = load_corpus(corpus_dir)
    cache = Cache()
    key, params = pack_key(corpus_dir), pack_params()
    doc = cache.get(INDEX_KIND, key, params)
    assert all(isinstance(row[6], str) for row in doc["articles"])  # JSON text until read
    indexed = load_indexed(corpus_dir, cache)
    assert indexed is not None
    assert [a.meta for a in indexed.corpus.articles] == [a.meta for a in full.articles]
    indexed.pack.close()
    doc["articles"][0][6] = "{not json"
    doc["articles"][1][6] = '{"meta": 5}'
    cache.put(INDEX_KIND, key, doc, params)
    indexed = load_indexed(corpus_dir, cache)
    assert indexed is not None
    assert indexed.corpus.articles[0].meta == Metadata() and indexed.corpus.articles[1].meta == Metadata()
    indexed.pack.close()
    doc["version"] = 1  # an index of the last format: a full load instead
    doc["articles"][0][6] = {"meta": {}}
    cache.put(INDEX_KIND, key, doc, params)
    assert load_indexed(corpus_dir, cache) is None
