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
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.analysis.compare.model import SentenceRef, SingleSourceClaim

    fake_rows = [
        SingleSourceClaim(SentenceRef(article.id, sentences[n % len(sentences)].id, f"claim {n}", 0, 0, ""), n + 1, 0.1)
        for n in range(PAGE * 2 + 5)
    ]
    # A whole comparison result for a big corpus, without computing one.
    data._results.result = Comparison([article.id], ("single_source",), single_source=fake_rows)
    data._results.comparison = data._results.result.to_json()
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
        assert app.jumps[-1].sentence_id == fake_rows[PAGE + 3].ref.sentence_id


def test_items_are_literal_text() -> None:
    entry = {"article": "a", "sentence_id": "a-p1-s1", "text": "[bold]not markup[/bold]", "start": 0, "end": 23}
    item = compare_items.sentence_item(entry, lambda aid: "S1")
    assert "[bold]not markup[/bold]" in plain(item.prompt)
    assert item.span == (0, 23)
    assert isinstance(compare_items.heading("x").prompt, Text)


@sync
async def test_coverage_fits_80_columns_and_keeps_names_in_sight(seed_corpus: Corpus) -> None:
    """At 80x24 every source's column and the total fit beside the names; scrolling right keeps the names."""
    app = HostApp(seed_corpus, ComparisonScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        screen.section_list.highlighted = [k for k, _, _ in compare_items.SECTIONS].index("coverage")
        await settle(pilot)
        table = screen.coverage_table
        assert table.fixed_columns == 1
        cells = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert cells <= table.scrollable_content_region.width, (cells, table.scrollable_content_region.width)
        assert table.max_scroll_x == 0  # nothing hides to the right at 80 columns with three sources


def test_coverage_widths_shrink_the_name_not_the_counts() -> None:
    from sahel_tui.ui.screens.comparison import NAME_MAX, NAME_MIN, coverage_widths

    wide = coverage_widths(200, ["S1", "S2", "S3"], 88, ["state", "armed_group"], None)
    assert wide.name == NAME_MAX
    narrow = coverage_widths(54, ["S1", "S2", "S3"], 88, ["state", "armed_group"], None)
    # name + type + three counts + total, each with one cell of padding either side
    used = narrow.name + narrow.type + sum(narrow.count_for(s) for s in ("S1", "S2", "S3")) + narrow.total + 2 * 6
    assert NAME_MIN <= narrow.name < NAME_MAX and used <= 54
    many = coverage_widths(54, [f"S{i}" for i in range(1, 31)], 1234, ["organisation"], "+5 more")
    assert many.name == NAME_MIN and many.count == 4 and many.type == len("organisation")
