"""The export dialog: options, paged preview, atomic write, no silent overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Markdown, SelectionList
from screen_text import record_notifications
from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.ui.screens.export import ExportDialog, Written, preview_markdown


def test_preview_cuts_long_parts_at_a_line_end() -> None:
    text = "\n".join(f"- item {n}" for n in range(5000))
    shown = preview_markdown("keypoints", text, limit=1000)
    assert len(shown) < 1200
    assert "- item 5000" not in shown
    assert shown.splitlines()[-3].startswith("- item ")  # no half line before the note
    assert "the file has all of it" in shown
    assert preview_markdown("frontmatter", "---\ntitle: x\n---").startswith("```yaml\ntitle: x")


@sync
async def test_export_writes_the_chosen_sections_and_articles(
    seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(tmp_path / "..")
    # The default folder is the configured export folder (Documents/sahel-brief unless set), never the
    # current one; the dialog creates it on the first export.
    monkeypatch.setenv("SAHEL_BRIEF_EXPORT_DIR", str(tmp_path))
    app = HostApp(seed_corpus)
    shown = record_notifications(app)
    done: list[Written | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportDialog(), done.append)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        # The default file name comes from the title and the date, in the export folder.
        assert dialog.query_one("#export-file", Input).value == str(tmp_path / "briefing-2023-11-14.md")
        assert dialog.result is not None
        assert dialog.query_one("#export-parts").tab_count == len(dialog.result.parts)

        # Only the sources table and key points, of the first two articles.
        sections = dialog.query_one("#export-sections", SelectionList)
        sections.deselect_all()
        sections.select("sources")
        sections.select("keypoints")
        articles = dialog.query_one("#export-articles", SelectionList)
        articles.deselect(seed_corpus.articles[2].id)
        title = dialog.query_one("#export-title", Input)
        title.value = "Border talks"
        await pilot.pause()
        assert dialog.query_one("#export-file", Input).value.endswith("border-talks-2023-11-14.md")
        await pilot.press("ctrl+s")  # renders what the controls say, then writes
        await settle(pilot)
        assert done and done[0] is not None
        path = done[0].path
        assert path == tmp_path / "border-talks-2023-11-14.md"
        text = path.read_text("utf-8")
        assert text.startswith("# Border talks")
        assert "## Sources" in text and "## Key points" in text
        assert "## Actors" not in text
        assert seed_corpus.articles[2].title not in text
        assert any("border-talks-2023-11-14.md" in m for m in shown)


@sync
async def test_an_existing_file_needs_overwrite(seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.md"
    target.write_text("keep me", "utf-8")
    app = HostApp(seed_corpus)
    done: list[Written | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportDialog(), done.append)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        sections = dialog.query_one("#export-sections", SelectionList)
        sections.deselect_all()
        sections.select("sources")
        dialog.query_one("#export-file", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not done
        assert "already exists" in str(dialog.query_one("#export-error").render())
        assert target.read_text("utf-8") == "keep me"
        dialog.query_one("#export-force", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert done and done[0] is not None
        written = target.read_text("utf-8")
        assert written.startswith("# Briefing") and "## Sources" in written  # no front matter: not selected
        assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left no temporary file


@sync
async def test_preview_pages_through_the_parts(seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = HostApp(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportDialog())
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        result = dialog.result
        assert result is not None
        names = [name for name, _ in result.parts]
        assert dialog.part == names.index("overview")
        tabs = dialog.query_one("#export-parts")
        tabs.focus()
        await pilot.press("right")
        await settle(pilot)
        assert dialog.part == names.index("overview") + 1
        markdown = dialog.query_one("#export-preview", Markdown)
        assert markdown.source == preview_markdown(names[dialog.part], result.parts[dialog.part][1])


@sync
async def test_export_html_with_summary_into_a_new_export_folder(
    seed_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Select

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = tmp_path / "Documents" / "sahel-brief"  # does not exist yet
    monkeypatch.setenv("SAHEL_BRIEF_EXPORT_DIR", str(folder))
    app = HostApp(seed_corpus)
    done: list[Written | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportDialog(), done.append)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-title", Input).value = "Border talks"
        dialog.query_one("#export-summary", Input).value = "Talks stall; <b>watch</b> the border."
        dialog.query_one("#export-format", Select).value = "html"
        await pilot.pause()
        assert dialog.query_one("#export-file", Input).value == str(folder / "border-talks-2023-11-14.html")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert done and done[0] is not None and done[0].path == folder / "border-talks-2023-11-14.html"
    page = (folder / "border-talks-2023-11-14.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Border talks</h1>" in page
    assert "<strong>Summary.</strong> Talks stall; &lt;b&gt;watch&lt;/b&gt; the border.</p>" in page
    assert "<script" not in page
