"""Article text that tries to drive the terminal or the app: shown literally or stripped, never obeyed.

Three levels: the loader (escapes are gone, markup is plain text), Pilot (the
widgets draw the markup as text and nothing in it can be clicked), and a real
terminal in tmux (the screen, the pane title, tmux's clipboard buffers and the
raw bytes the app wrote).
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from pathlib import Path
from typing import Iterator

import pytest

from hostile_fixtures import (
    BENIGN_TITLE,
    CLIPBOARD_PAYLOAD,
    HAVE_TMUX,
    HYPERLINK_PAYLOAD,
    MARKUP_BOLD,
    MARKUP_BROKEN,
    MARKUP_CLICK,
    MARKUP_LINK,
    MARKUP_TITLE,
    TITLE_PAYLOAD,
    Tmux,
    write_markup_corpus,
)
from screen_text import line_text, screen_text, visible_lines, widget_lines

from sahel_tui.corpus.loader import load_corpus
from sahel_tui.corpus.model import Corpus

UNSAFE = ("\x1b", "\x07", "\x9b", "\x9c", "\x9d")


def sync(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture
def hostile(tmp_path: Path) -> Corpus:
    return load_corpus(write_markup_corpus(tmp_path / "corpus"))


def test_loader_strips_escapes_and_keeps_markup_as_text(hostile: Corpus) -> None:
    assert hostile.skipped == []
    by_id = {a.id: a for a in hostile.articles}
    plain = by_id["a-hostile"]
    assert plain.title == MARKUP_TITLE
    for markup in (MARKUP_LINK, MARKUP_CLICK, MARKUP_BOLD, MARKUP_BROKEN):
        assert markup in plain.text
    assert "Then the screen stayed intact" in plain.text
    for article in hostile.articles:
        shown = [article.text, article.title, *(f.value for f in vars_of(article.meta))]
        assert not any(c in s for s in shown for c in UNSAFE), article.id
        assert not any(p in s for s in shown for p in (CLIPBOARD_PAYLOAD, TITLE_PAYLOAD, HYPERLINK_PAYLOAD))
    assert any(r.reason == "terminal escape sequence" for r in plain.removed)
    assert by_id["b-hostile"].title.startswith(MARKUP_CLICK)


def vars_of(meta) -> list:
    return [f for f in (meta.title, meta.author, meta.publisher, meta.description) if f is not None]


# -- Pilot -----------------------------------------------------------------------------------


def article_actions(app) -> list[str]:
    """Click actions and hyperlinks anywhere on screen that could only have come from article markup."""
    found = []
    for line in visible_lines(app):
        for segment in line:
            style = segment.style
            if style is None:
                continue
            action = (style.meta or {}).get("@click")
            if action == "app.quit" or (style.link and "evil" in style.link):
                found.append(f"{segment.text!r}: {action or style.link}")
    return found


@sync
async def test_widgets_draw_markup_literally_and_nothing_in_it_acts(hostile: Corpus) -> None:
    from sahel_tui.ui.app import SahelApp

    app = SahelApp(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen.reader
        for index, article in enumerate(hostile.articles):
            app.screen.sources.highlighted = index
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert reader.article is article
            text = screen_text(app)
            top = line_text(widget_lines(reader)[0])
            assert article.title[:40] in top, f"the reader's border title is not literal: {top!r}"
            for markup in (MARKUP_LINK, MARKUP_CLICK, MARKUP_BOLD):
                if markup in article.text:
                    assert markup in text
            assert not article_actions(app), article_actions(app)
        # The title row is where markup used to become a live link: click along all of it.
        app.screen.sources.highlighted = 0
        await pilot.pause()
        region = reader.region
        for x in range(region.x, region.right, 2):
            await pilot.click(offset=(x, region.y))
            assert app.is_running and app.return_code is None, f"a click at {(x, region.y)} acted on the app"
        reader.focus()
        await pilot.press("j", "j", "k", "g", "G", "]", "[")
        await pilot.pause()
        assert app.is_running


# -- a real terminal -------------------------------------------------------------------------

@pytest.fixture
def term(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path, 160, 45)
    try:
        yield t
    finally:
        t.kill()


@pytest.mark.tmux
@pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")
def test_terminal_is_never_driven_by_an_article(term: Tmux, tmp_path: Path) -> None:
    root = write_markup_corpus(tmp_path / "corpus")
    term.start(["--corpus", str(root)], pipe=True)
    title_before = term.title()
    term.wait_for(lambda s: MARKUP_LINK in s and "Key points" in s, "the hostile article and key points")
    for _ in range(4):  # every article, read down and clicked around
        term.keys("j", "j", "j")
        for x in range(40, 120, 8):  # the reader's border title, where markup once became a live link
            term.click(x, 0)
        for y in range(1, 8):
            term.click(60, y)
        term.keys("]")
        time.sleep(0.3)
        assert "APP-EXIT" not in term.screen(), "the app quit: something in an article acted"
    term.keys("]", "]", "]", "]")  # clicks may have moved focus and article: go to the last one
    term.wait_for(lambda s: BENIGN_TITLE in s, "the bracketed title, literally")
    term.keys("[", "[", "[")
    term.wait_for(lambda s: MARKUP_CLICK in s and MARKUP_BOLD in s, "the first hostile article again")
    term.keys("y")  # the app's own OSC 52: proves the clipboard channel is live in this tmux
    term.wait_for(lambda s: "Copied" in s, "the copy notification")
    screen = term.screen()
    assert "[@click=app.quit]Quit link[/]" in screen  # the title, in the sources list or the border
    term.keys("q")
    term.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")

    assert TITLE_PAYLOAD not in term.title() and term.title() == title_before
    buffers = term.buffers()
    assert buffers, "the app's copy (y) should have reached tmux's clipboard"
    assert "SAHEL-CLIPBOARD-PWNED" not in buffers and CLIPBOARD_PAYLOAD not in buffers
    raw = term.raw_bytes()
    assert len(raw) > 1000, "pipe-pane recorded nothing"
    for needle in (
        f"\x1b]0;{TITLE_PAYLOAD}".encode(),
        TITLE_PAYLOAD.encode(),
        CLIPBOARD_PAYLOAD.encode(),
        HYPERLINK_PAYLOAD.encode(),
        "\x9b".encode(),
        "\x9d".encode(),
    ):
        assert needle not in raw, f"{needle!r} reached the terminal"
    # An OSC 8 hyperlink to the article's URL would mean [link=...] markup was parsed.
    assert not re.search(rb"\x1b\]8;[^\x07\x1b]*evil\.example", raw)


@sync
async def test_dialogs_and_views_show_hostile_titles_literally(hostile: Corpus, tmp_path: Path, monkeypatch) -> None:
    """Every other place titles appear: the export dialog's article list and the notes view's filter."""
    from textual.widgets import Select
    from ui_panes_helpers import HostApp, settle

    from sahel_tui.ui.screens.export import ExportDialog
    from sahel_tui.ui.screens.notes import NotesScreen

    monkeypatch.chdir(tmp_path)
    for screen in (ExportDialog, NotesScreen):
        app = HostApp(hostile, screen)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            if screen is NotesScreen:
                app.screen.query_one("#notes-article", Select).expanded = True
                await settle(pilot)
            text = screen_text(app)
            for title in ("[@click=app.quit]Quit", "[Update] Mali talks"):
                assert title in text, f"{screen.__name__} parsed a title as markup:\n{text}"
            assert not article_actions(app), article_actions(app)
