"""The app in real terminals (tmux): terminal types, colour modes, sizes, resizes, ASCII mode.

Each test starts one app in its own tmux server and checks several things in
that one run, polling the screen instead of sleeping. The raw bytes the app
writes (tmux pipe-pane) show which colour system it chose for each terminal.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import Iterator

import pytest

from hostile_fixtures import BLOCK_ELEMENTS, BOX_DRAWING, HAVE_TMUX, SEEDS, Tmux


def needs_tmux(test):
    return pytest.mark.tmux(pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed")(test))


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Tmux]:
    t = Tmux(tmp_path)
    try:
        yield t
    finally:
        t.kill()


def colour_kinds(raw: bytes) -> set[str]:
    """Which colour encodings the app's SGR sequences use: "truecolor", "256" and/or "16"."""
    found: set[str] = set()
    for params in SGR.findall(raw):
        parts = params.replace(b":", b";").split(b";")
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in (b"38", b"48") and i + 1 < len(parts):
                found.add("truecolor" if parts[i + 1] == b"2" else "256")
                i += 5 if parts[i + 1] == b"2" else 3
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 97 or 100 <= int(p) <= 107):
                found.add("16")
            i += 1
    return found


_GREY_256 = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def non_grey_colours(raw: bytes) -> list[str]:
    """Colours in the app's SGR sequences that are not black, white or a grey (NO_COLOR allows those)."""
    bad: list[str] = []
    for params in SGR.findall(raw):
        parts = [int(p) if p.isdigit() else -1 for p in params.replace(b":", b";").split(b";")]
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in (38, 48) and i + 2 < len(parts) and parts[i + 1] == 5:
                if parts[i + 2] not in _GREY_256:
                    bad.append(f"{p};5;{parts[i + 2]}")
                i += 3
                continue
            if p in (38, 48) and i + 4 < len(parts) and parts[i + 1] == 2:
                r, g, b = parts[i + 2 : i + 5]
                if not (r == g == b):
                    bad.append(f"{p};2;{r};{g};{b}")
                i += 5
                continue
            if 31 <= p <= 36 or 41 <= p <= 46 or 91 <= p <= 96 or 101 <= p <= 106:
                bad.append(str(p))
            i += 1
    return bad


def first_words(seed_corpus, article: int = 0, words: int = 4) -> str:
    return " ".join(seed_corpus.articles[article].body_sentences[0].text.split()[:words])


def whole_frame(screen: str, height: int) -> bool:
    """Both ends of a frame of ``height`` rows are drawn: the sources pane's title on the
    first row, the footer (with q Quit) on the last. A capture taken while tmux is still
    drawing a frame (a loaded machine) has one end from before, or blank rows."""
    lines = screen.split("\n")
    return (
        len(lines) >= height
        and lines[0].lstrip().startswith(("╭─ Sources", "+- Sources"))
        and "Quit" in lines[height - 1]
    )


def assert_sane_layout(screen: str, width: int, height: int) -> None:
    lines = screen.split("\n")[:height]
    assert len(screen.rstrip("\n").split("\n")) <= height
    assert all(len(line) <= width for line in lines), "a line runs past the terminal's width"
    top = lines[0]
    assert top.lstrip().startswith(("╭─ Sources", "+- Sources")), top
    assert "Quit" in screen, "the footer (with q Quit) is missing"
    assert "Traceback" not in screen and "APP-EXIT" not in screen


TERMINALS = {
    "xterm-256color": ({"TERM": "xterm-256color"}, {"256"}),
    "screen": ({"TERM": "screen"}, {"16"}),
    "tmux-256color": ({"TERM": "tmux-256color"}, {"256"}),
    "linux": ({"TERM": "linux"}, {"16"}),
    "vt100": ({"TERM": "vt100"}, {"16"}),
    "truecolor": ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, {"truecolor"}),
    "no-color": ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
}


@needs_tmux
@pytest.mark.parametrize("name", list(TERMINALS))
def test_each_terminal_type_starts_reads_and_quits(term: Tmux, name: str, seed_corpus) -> None:
    env, colours = TERMINALS[name]
    term.start(["--corpus", str(SEEDS)], env=env, pipe=True)
    lead = first_words(seed_corpus)
    screen = term.wait_for(
        lambda s: "Sources (3)" in s and lead in s and "1. " in s and "Quit" in s, f"the first paint under {name}"
    )
    assert_sane_layout(screen, 80, 24)
    assert "▌" in screen or "| " in screen, "the sentence cursor is invisible"
    if name == "xterm-256color":
        # Idle means idle: over SSH every frame costs bandwidth.
        time.sleep(0.5)
        before = len(term.raw_bytes())
        time.sleep(1.5)
        idle = len(term.raw_bytes()) - before
        assert idle < 64, f"{idle} bytes written while idle"
    raw = term.raw_bytes()
    if colours is not None:
        kinds = colour_kinds(raw)
        wider = {"truecolor", "256"} - colours - ({"256"} if "truecolor" in colours else set())
        assert colours <= kinds and not (kinds & wider), (name, kinds)
    else:
        assert not non_grey_colours(raw), non_grey_colours(raw)[:10]
    term.keys("]")
    second = seed_corpus.articles[1].title[:20]
    term.wait_for(lambda s: second in s, "the next article")
    term.keys("?")
    term.wait_for(lambda s: "Anywhere" in s, "the help screen")
    term.keys("Escape")
    term.wait_for(lambda s: "Anywhere" not in s, "help to close")
    term.keys("q")
    term.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")


@needs_tmux
def test_sizes_and_resizes_keep_a_sane_layout(term: Tmux, seed_corpus) -> None:
    term.start(["--corpus", str(SEEDS)])
    lead = first_words(seed_corpus)
    screen = term.wait_for(lambda s: lead in s and "Key points" in s and whole_frame(s, 24), "the first paint at 80x24")
    assert_sane_layout(screen, 80, 24)

    term.resize(250, 70)
    screen = term.wait_for(
        lambda s: len(s.split("\n")[0].rstrip()) > 200 and "Key points" in s.split("\n")[0] and whole_frame(s, 70),
        "the wide layout at 250x70",
    )
    assert term.pane_size() == (250, 70)
    assert_sane_layout(screen, 250, 70)
    lines = screen.split("\n")
    assert lines[0].index("Sources") < lines[0].index("Key points")  # three columns side by side
    assert any(lead in line for line in lines)
    footer = [i for i, line in enumerate(lines) if "Quit" in line]
    assert footer and footer[-1] >= 68, "the footer is not on the last row"

    term.resize(100, 30)  # compact: sources over key points, the article keeps the rest
    screen = term.wait_for(
        lambda s: len(s.split("\n")[0].rstrip()) <= 100
        and "Key points" not in s.split("\n")[0]
        and "Key points" in s
        and whole_frame(s, 30),
        "the compact layout at 100x30",
    )
    assert_sane_layout(screen, 100, 30)

    term.keys("]")
    second = seed_corpus.articles[1].title[:20]
    term.wait_for(lambda s: second in s, "the next article after resizes")
    term.resize(80, 24)
    screen = term.wait_for(lambda s: len(s.split("\n")[0].rstrip()) <= 80 and second in s and whole_frame(s, 24), "80x24 again")
    assert_sane_layout(screen, 80, 24)
    term.keys("q")
    term.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")


@needs_tmux
def test_below_the_minimum_size_says_too_small(term: Tmux, seed_corpus) -> None:
    term.width, term.height = 40, 12
    term.start(["--corpus", str(SEEDS)])
    screen = term.wait_for(lambda s: "too small" in s.lower(), "the too-small message at start")
    assert "Sources" not in screen  # no broken layout behind the message
    term.resize(80, 24)
    lead = first_words(seed_corpus)
    screen = term.wait_for(lambda s: lead in s and "Key points" in s and "Quit" in s, "the layout once big enough")
    assert "too small" not in screen.lower()
    assert_sane_layout(screen, 80, 24)
    term.resize(50, 14)
    term.wait_for(lambda s: "too small" in s.lower(), "the message after shrinking")
    term.keys("q")  # quitting still works from the message
    term.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")


def corpus_glyphs(corpus) -> set[str]:
    """Every non-ASCII character the articles themselves contain (allowed on screen)."""
    chars: set[str] = set()
    for a in corpus.articles:
        values = [a.text, a.title or ""] + [str(v) for v in a.meta.as_dict().values() if isinstance(v, str)]
        chars |= {c for v in values for c in v if ord(c) > 127}
    return chars


def foreign_glyphs(screen: str, allowed: set[str]) -> list[str]:
    return sorted(
        {f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in screen if ord(c) > 127 and c not in allowed}
        | {f"U+{ord(c):04X} box drawing or block" for c in screen if ord(c) in BOX_DRAWING or ord(c) in BLOCK_ELEMENTS}
    )


@needs_tmux
@pytest.mark.parametrize("how", ["flag", "config"])
def test_ascii_mode_draws_only_ascii_outside_the_articles(term: Tmux, how: str, seed_corpus) -> None:
    args = ["--corpus", str(SEEDS)]
    if how == "flag":
        args.append("--ascii")
    else:
        config = Path(term.env["SAHEL_BRIEF_CONFIG_DIR"])
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.toml").write_text("ascii = true\n", encoding="utf-8")
    term.start(args)
    allowed = corpus_glyphs(seed_corpus)
    lead = first_words(seed_corpus)
    screen = term.wait_for(lambda s: lead in s and "1. " in s, "the first paint in ASCII mode")
    assert "+- Sources" in screen
    views = [("main view", screen)]
    term.keys("]", "r")  # another article, with removed text shown (rules and markers)
    time.sleep(0.5)
    views.append(("removed text shown", term.wait_for(lambda s: "removed" in s, "removed text")))
    term.keys("?")
    views.append(("help", term.wait_for(lambda s: "Anywhere" in s, "the help screen")))
    term.keys("Escape")
    term.wait_for(lambda s: "Anywhere" not in s, "help to close")
    term.keys("m")
    views.append(("method dialog", term.wait_for(lambda s: "Method" in s and "Count" in s, "the method dialog")))
    term.keys("Escape")
    term.wait_for(lambda s: "Count" not in s, "the dialog to close")
    term.resize(120, 40)
    views.append(("wide", term.wait_for(lambda s: "Key points" in s.split("\n")[0], "the wide layout")))
    for name, view in views:
        assert not foreign_glyphs(view, allowed), f"{name}: {foreign_glyphs(view, allowed)}\n{view}"
    term.keys("q")
    term.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")


@needs_tmux
def test_default_mode_does_use_box_drawing(term: Tmux, seed_corpus) -> None:
    """The control for the ASCII test: without it the same screen has box drawing."""
    term.start(["--corpus", str(SEEDS)])
    screen = term.wait_for(lambda s: "Sources (3)" in s, "the first paint")
    assert any(ord(c) in BOX_DRAWING for c in screen)


def test_animations_are_off() -> None:
    import asyncio

    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.ui.app import SahelApp

    app = SahelApp(load_corpus(SEEDS))

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.animation_level == "none"
            app.action_help()
            await pilot.pause()
            assert app.animation_level == "none"

    asyncio.run(run())
