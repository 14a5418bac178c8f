"""The comparison view: sections, paging, coverage, and jumps to sentences."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.workspace import Workspace
from sahel_tui.ui.screens.comparison import PAGE, ComparisonScreen
from sahel_tui.ui.widgets import compare_items


def plain(prompt: Any) -> str:
    """The text of a row, whatever renderable it is."""
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(prompt)
    return console.export_text()


@sync
async def test_sections_list_jump_and_coverage(seed_corpus: Corpus) -> None:
    app = HostApp(seed_corpus, ComparisonScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.comparison is not None
        keys = [o.id for o in screen.section_list.options]
        assert keys == [k for k, _, _ in compare_items.SECTIONS]

        # Corroborated first: the shared 1,400 km border, each member jumps to its sentence.
        assert screen.section == "corroborated"
        rows = [plain(i.prompt) for i in screen.items["corroborated"]]
        assert any("1,400km" in r for r in rows) and any("1,400-kilometer" in r for r in rows)
        await pilot.press("enter")  # into the section
        assert app.focused is screen.item_list
        await pilot.press("enter")
        jump = app.jumps[-1]
        first = next(i for i in screen.items["corroborated"] if not i.heading)
        assert (jump.article_id, jump.sentence_id) == (first.article, first.sentence_id)
        sentence = seed_corpus.sentence(jump.sentence_id)
        assert sentence is not None and jump.span == (sentence.start, sentence.end)

        # Discrepancies: the 2020/2021 coup dates, both sentences listed.
        await pilot.press("escape", "j", "j")
        assert screen.section == "discrepancies"
        text = " ".join(plain(i.prompt) for i in screen.items["discrepancies"])
        assert "2020" in text and "2021" in text

        # Chronology rows are sorted and every dated row can be jumped to.
        await pilot.press("j")
        assert screen.section == "chronology"
        assert all(i.sentence_id for i in screen.items["chronology"])

        # Coverage: a table of actors x sources; Enter on a count shows a mention in that source.
        await pilot.press("j")
        assert screen.section == "coverage"
        table = screen.coverage_table
        assert table.row_count > 5
        assert len(table.columns) == 2 + len(seed_corpus.articles) + 1
        await pilot.press("enter")
        assert app.focused is table
        before = len(app.jumps)
        await pilot.press("enter")
        jump = app.jumps[-1]
        assert len(app.jumps) == before + 1
        assert jump.article_id == seed_corpus.articles[0].id  # cursor starts on the first source column
        mention = seed_corpus.articles[0].text[jump.span[0] : jump.span[1]]
        assert mention  # the actor's surface form in that article

        # Framing shows tone with its evidence sentences, never a bare number.
        await pilot.press("escape", "j", "j")
        assert screen.section == "framing"
        framing = screen.items["framing"]
        evidence = [i for i in framing if not i.heading]
        assert evidence and all(i.sentence_id for i in evidence)
        assert any("Algeria" in plain(i.prompt) for i in framing if i.heading)


@sync
async def test_long_sections_are_paged(seed_corpus: Corpus) -> None:
    data = Workspace(seed_corpus)
    article = seed_corpus.articles[0]
    sentences = list(article.body_sentences)
    fake_rows = [
        {"article": article.id, "sentence_id": sentences[n % len(sentences)].id, "text": f"claim {n}", "rank": n + 1, "centrality": 0.1}
        for n in range(PAGE * 2 + 5)
    ]
    # A whole comparison result for a big corpus, without computing one.
    data._results.comparison = {"articles": [article.id], "single_source": fake_rows, "notes": []}
    data._results.comparison_version = data.actors_version
    app = HostApp(seed_corpus, ComparisonScreen, workspace=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        screen.section_list.highlighted = 1
        await settle(pilot)
        assert screen.section == "single_source"
        lst = screen.item_list
        assert lst.option_count == PAGE + 1  # a page and the "more" row
        lst.focus()
        lst.highlighted = PAGE - 2  # near the end: the next page comes in
        await settle(pilot)
        assert lst.option_count == PAGE * 2 + 1
        for _ in range(4):
            await pilot.press("end")
            await settle(pilot)
        assert lst.option_count == len(fake_rows)  # everything, and no "more" row left
        lst.highlighted = PAGE + 3
        await pilot.press("enter")
        assert app.jumps[-1].sentence_id == fake_rows[PAGE + 3]["sentence_id"]


def test_items_are_literal_text() -> None:
    entry = {"article": "a", "sentence_id": "a-p1-s1", "text": "[bold]not markup[/bold]", "start": 0, "end": 23}
    item = compare_items.sentence_item(entry, lambda aid: "S1")
    assert "[bold]not markup[/bold]" in plain(item.prompt)
    assert item.span == (0, 23)
    assert isinstance(compare_items.heading("x").prompt, Text)
