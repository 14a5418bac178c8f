"""The app's filter bar (every view reads the filtered corpus) and the Changes view."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList, Static
from ui_panes_helpers import settle, sync

from sahel_tui.cli import main
from sahel_tui.corpus.loader import load_corpus
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp

REPO = Path(__file__).resolve().parent.parent
NEW = REPO / "tests" / "data" / "changes"


def make_app(root: Path) -> SahelApp:
    loaded = load_config()
    return SahelApp(load_corpus(root), loaded.config, config_path=loaded.path)


def visible_text(widget) -> str:
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))  # type: ignore[attr-defined]


@sync
async def test_the_filter_bar_narrows_the_sources_and_every_view(grown: Path) -> None:
    app = make_app(grown)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        for ch in 'publisher:"Niger River Review" publisher:"Sahel Wire Test Desk"':
            await pilot.press(ch if ch != " " else "space")
        await settle(pilot)
        sources = app.screen.sources
        assert [a.id for a in sources.articles] == ["gao-ambush-follow-up", "gao-convoy-ambush"]
        assert sources.border_title == "Sources (2/6 shown)"
        status = app.screen.query_one("#filter-status", Static)
        assert "2 of 6 sources" in str(status.render())
        await pilot.press("enter")  # back to the list; the bar stays
        await settle(pilot)
        assert app.focused is sources
        # The comparison opens on the two sources shown, and says so.
        await pilot.press("3")
        await settle(pilot)
        assert app.workspace.corpus.articles == app.corpus.articles and len(app.corpus.articles) == 2
        intro = str(app.screen.query_one("#compare-intro", Static).render())
        assert "compares only the sources shown" in intro
        assert set(app.screen.comparison.articles) == {"gao-ambush-follow-up", "gao-convoy-ambush"}
        # A date filter places the seeds (bounds only) by their bounds and marks them.
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f")
        await pilot.press("ctrl+u")
        for ch in "since:2026-11-21":
            await pilot.press(ch)
        await settle(pilot)
        ids = [a.id for a in app.screen.sources.articles]
        assert "gao-convoy-ambush" not in ids and "menaka-aid-delivery" in ids
        assert app.filtered is not None and app.filtered.placed_by_bounds
        assert all(app.screen.sources._marks.get(i) == "bounds" for i in app.filtered.placed_by_bounds)
        # A word that does not parse says why and changes nothing.
        await pilot.press("space", "x")
        await settle(pilot)
        assert "use key:value" in str(app.screen.query_one("#filter-status", Static).render())
        assert [a.id for a in app.screen.sources.articles] == ids


@sync
async def test_a_filter_edit_is_applied_within_the_edit_itself(grown: Path) -> None:
    """The list and its count change in the same frame as the echoed key: no message hop, no second frame."""
    app = make_app(grown)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        field = app.screen.query_one("#filter-input")
        field.value = 'publisher:"Niger River Review"'  # no await: nothing else has run yet
        assert [a.id for a in app.screen.sources.articles] == ["gao-ambush-follow-up"]
        assert app.screen.sources.border_title == "Sources (1/6 shown)"
        field.value = "publisher:"  # does not parse: the list stays as it was
        assert [a.id for a in app.screen.sources.articles] == ["gao-ambush-follow-up"]
        field.value = ""
        assert len(app.screen.sources.articles) == 6
        await settle(pilot)
        assert str(app.screen.query_one("#filter-status", Static).render()) == "6 of 6 sources"


@sync
async def test_changes_view_lists_and_jumps_to_the_evidence(grown: Path, tmp_path: Path, capsys) -> None:
    # The briefing was exported before the three Gao/Menaka files and the figure edit.
    assert main(["--corpus", str(grown), "export", "-o", str(tmp_path / "b.md"), "--sections", "sources"]) == 0
    capsys.readouterr()
    for f in NEW.glob("*.md"):
        (grown / f.name).rename(tmp_path / f.name)
    assert main(["--corpus", str(grown), "export", "-o", str(tmp_path / "c.md"), "--sections", "sources", "--force"]) == 0
    for f in NEW.glob("*.md"):
        (tmp_path / f.name).rename(grown / f.name)
    path = grown / "algeria-old-habits-die-hard.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("who at forty years old", "who at forty-five years old"), encoding="utf-8")
    app = make_app(grown)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        screen = app.screen
        items = screen.query_one("#changes-items", OptionList)
        rows = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        text = "\n".join(rows)
        assert "Sources (4)" in text and "new source: Convoy ambushed on the road north of Gao" in text
        assert "forty years became forty-five years" in text
        header = str(screen.query_one("#changes-header", Static).render())
        assert "3 sources then, 6 now" in header and "snapshot 2/2" in header
        # Enter on the figure's evidence shows that sentence in the reader.
        target = next(i for i, r in enumerate(rows) if "who at forty-five years old" in r)
        items.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "reader"
        assert app.screen.reader.cursor_sentence.id == "algeria-old-habits-die-hard-p3-s1"  # type: ignore[attr-defined]
        # The older snapshot held the three new files: against it only the edit shows.
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        rows = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        assert not any("new source" in r for r in rows) and any("edited: In Algeria" in r for r in rows)


@sync
async def test_changes_reads_the_folder_again_when_it_changed_while_the_app_was_open(tmp_path: Path, capsys) -> None:
    """Export, then add three articles and edit a figure while the app is open: opening Changes
    (and R in it) reads the folder again, so it lists exactly those four, not "nothing changed"."""
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", root)
    assert main(["--corpus", str(root), "export", "-o", str(tmp_path / "b.md"), "--sections", "sources"]) == 0
    capsys.readouterr()
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        items = app.screen.query_one("#changes-items", OptionList)
        assert "Nothing changed" in str(items.get_option_at_index(0).prompt)
        for f in NEW.glob("*.md"):
            shutil.copy(f, root / f.name)
        path = root / "algeria-old-habits-die-hard.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("who at forty years old", "who at forty-five years old"), encoding="utf-8")
        await pilot.press("R")
        for _ in range(4):  # the re-read, the swap back to the reader and the view opening afresh
            await settle(pilot)
        assert app.current_mode == "changes" and len(app.corpus.articles) == 6
        items = app.screen.query_one("#changes-items", OptionList)
        text = "\n".join(str(items.get_option_at_index(i).prompt) for i in range(items.option_count))
        assert text.count("new source:") == 3 and "edited: In Algeria, old habits die hard" in text
        assert "forty years became forty-five years" in text
        assert "3 sources then, 6 now" in str(app.screen.query_one("#changes-header", Static).render())
        # The reader shows the new files too.
        await pilot.press("1")
        await settle(pilot)
        assert len(app.screen.sources.articles) == 6
