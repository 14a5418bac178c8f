"""Issue 18: a huge article is laid out off the main thread, in chunks, and the app stays responsive."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus
from sahel_tui.ui import article_layout
from sahel_tui.ui.article_layout import LayoutCancelled, layout_article
from sahel_tui.ui.widgets import article_view
from test_ui_app import main_screen, make_app, settle, sync

WORDS = "officials said the convoy reached town after days on the road and traders returned".split()


def one_line_text(chars: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 18))).capitalize() + "."
        out.append(s)
        size += len(s) + 1
    return "A Single Line Report\n\n" + " ".join(out) + "\n"


def _reference_rows(layout, article) -> dict[str, tuple[int, int]]:
    """What the layout promises, found the slow way: every sentence against every row."""
    found: dict[str, tuple[int, int]] = {}
    for s in article.sentences:
        hits = [i for i, r in enumerate(layout.rows) if r.kind == "text" and r.block >= 0
                and article.paragraphs[r.block].number == s.paragraph
                and (r.start < s.end and s.start < r.end or r.start == s.start)]  # fmt: skip
        if hits:
            found[s.id] = (hits[0], hits[-1])
    return found


@pytest.mark.parametrize("width", [9, 31, 80])
def test_sentence_rows_match_the_definition(width: int) -> None:
    article = article_from_text(one_line_text(6000) + "\nA second paragraph. It is short.\n", "r")
    layout = layout_article(article, width)
    assert layout.sentence_rows == _reference_rows(layout, article)


def test_layout_stops_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_layout, "CHECK_EVERY", 64)
    article = article_from_text(one_line_text(80_000), "r")
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(LayoutCancelled):
        layout_article(article, 40, should_stop=stop)
    assert len(calls) == 2


@sync
async def test_a_long_article_is_laid_out_in_a_worker_and_q_quits_meanwhile(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small threshold and chunk keep the test quick; the path is the one a 5 MB file takes.
    monkeypatch.setattr(article_view, "BACKGROUND_LAYOUT_CHARS", 20_000)
    monkeypatch.setattr(article_layout, "CHECK_EVERY", 64)
    article = article_from_text(one_line_text(60_000), "long")
    app = make_app(Corpus(Path("."), [article]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reader = main_screen(app).reader
        assert reader.article is article
        await settle(pilot)
        assert reader._layout is not None and len(reader._layout.rows) > 100  # done, by the worker
        assert reader._layout_pending is None

    # Again, but quit while the layout is still running: the key is answered at once.
    release = []
    real = article_layout.layout_article

    def slow_layout(*args, **kwargs):
        stop = kwargs["should_stop"]
        while not stop():  # stands in for a very long text: runs until cancelled
            release.append(1)
            import time

            time.sleep(0.01)
        raise LayoutCancelled

    monkeypatch.setattr(article_view, "layout_article", slow_layout)
    app = make_app(Corpus(Path("."), [article]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reader = main_screen(app).reader
        line = "".join(seg.text for seg in reader.render_line(0))
        assert "Laying out a long article" in line
        assert reader._layout is None and reader._layout_pending is not None  # still laying out
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # q was answered while the worker ran
    assert release  # the worker did run, and stopped when the app quit
    monkeypatch.setattr(article_view, "layout_article", real)


@sync
async def test_a_capped_key_point_method_says_so_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.analysis import keypoints

    monkeypatch.setattr(keypoints, "SUMY_MAX_SENTENCES", 20)
    monkeypatch.setenv("SAHEL_BRIEF_METHOD", "luhn")
    article = article_from_text(one_line_text(8_000), "capped")
    app = make_app(Corpus(Path("."), [article]))
    seen: list[str] = []
    real_notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (seen.append(str(message)), real_notify(message, **kw)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert any("luhn rated only the first 20" in m for m in seen), seen
