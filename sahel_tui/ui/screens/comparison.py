"""The comparison view: what the sources corroborate, claim alone, disagree on, date, and how they frame actors.

The comparison runs once, in a worker, the first time the view opens (at
2,000 articles it takes tens of seconds; the analyst keeps reading meanwhile).
Sections are rows in one virtual OptionList shown a page at a time (the list
measures every row it holds, so a 60,000-row section is never loaded at
once: more rows are added as the cursor nears the end); actor coverage is a
DataTable of actors against sources, filled the same way. Enter on any
quoted sentence, or on a coverage cell, asks the app to show it in the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.analysis.actors.model import TYPE_LABELS
from sahel_tui.startup import collector_paused
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets import compare_items
from sahel_tui.ui.widgets.compare_items import SECTIONS, Item
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor

# Rows added to a list at a time. The OptionList measures every row it holds
# (about 1 ms each for a quoted sentence), so a section opens with a screenful
# and grows as the cursor nears the end.
PAGE = 40
COVERAGE_SOURCES = 30  # source columns in the coverage table; more are summed in "others"
COVERAGE_PAGE = 60  # coverage rows added at a time, likewise
MORE_ID = "more"
NAME_MAX, NAME_MIN = 28, 14  # the actor column's width: as wide as fits, within these


@dataclass(frozen=True, slots=True)
class CoverageWidths:
    """Column widths (cells, without DataTable's padding of one each side) of the coverage table."""

    name: int
    type: int
    count: int  # the widest count's digits; a source column is as wide as that or its label
    others: int
    total: int

    def count_for(self, label: str) -> int:
        return max(len(label), self.count)


def coverage_widths(available: int, labels: list[str], most: int, types: list[str], others: str | None) -> CoverageWidths:
    """Fit the actor column to what the counts leave of ``available`` cells (NAME_MIN..NAME_MAX).

    At 80 columns three sources fit beside a narrower name; with more sources
    the counts scroll under the fixed name column instead of pushing it away.
    """
    pad = 2  # DataTable's cell_padding on both sides
    digits = len(f"{most}")
    type_cells = max((len(TYPE_LABELS.get(t, t)) for t in types), default=4)
    widths = CoverageWidths(
        name=NAME_MAX, type=max(4, type_cells), count=digits, others=len(others or ""), total=max(len("Total"), digits)
    )
    counts = sum(widths.count_for(label) + pad for label in labels)
    rest = widths.type + pad + counts + widths.total + pad + ((widths.others + pad) if others else 0)
    name = max(NAME_MIN, min(NAME_MAX, available - rest - pad))
    return CoverageWidths(name, widths.type, widths.count, widths.others, widths.total)


class SectionList(OptionList):
    """The section names, with their sizes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="compare.section_down", show=False),
        Binding("k", "cursor_up", "Up", id="compare.section_up", show=False),
    ]


class SectionItems(OptionList):
    """The rows of one section; Enter jumps to the sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Jump", id="compare.jump", tooltip="Show this sentence in the reader"),
        Binding("j", "cursor_down", "Down", id="compare.item_down", show=False),
        Binding("k", "cursor_up", "Up", id="compare.item_up", show=False),
    ]


class CoverageTable(DataTable[Text]):
    """Actors against sources; Enter on a count shows the actor's first mention there.

    The actor column stays put while the counts scroll sideways, so a row's
    name is always in sight however many sources there are.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Jump", id="compare.coverage_jump", tooltip="Show the first mention in the reader"),
        Binding("j", "cursor_down", "Down", id="compare.coverage_down", show=False),
        Binding("k", "cursor_up", "Up", id="compare.coverage_up", show=False),
        Binding("h", "cursor_left", "Left", id="compare.coverage_left", show=False),
        Binding("l", "cursor_right", "Right", id="compare.coverage_right", show=False),
    ]


class ComparisonScreen(PaneScreen):
    """Cross-source comparison, one section at a time."""

    TITLE = "Comparison"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ComparisonScreen #compare-panes {
        height: 1fr;
    }
    ComparisonScreen #compare-sections-box {
        width: 28;
    }
    ComparisonScreen.-compact #compare-sections-box {
        width: 23;
    }
    ComparisonScreen #compare-body {
        width: 1fr;
    }
    ComparisonScreen #compare-intro {
        padding: 0 1;
        color: $text-muted;
        height: auto;
    }
    ComparisonScreen #compare-switcher, ComparisonScreen #compare-items, ComparisonScreen #compare-coverage {
        height: 1fr;
    }
    ComparisonScreen #compare-items > .option-list--option-disabled {
        color: $foreground;
    }
    ComparisonScreen #compare-coverage {
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "focus_sections", "Sections", id="compare.sections", show=False, tooltip="Back to the section list"),
        Binding("right_square_bracket", "step_section(1)", "Next section", id="compare.next_section", key_display="]"),
        Binding("left_square_bracket", "step_section(-1)", "Prev section", id="compare.previous_section", key_display="["),
        Binding("g", "grade", "Grade", id="compare.grade", tooltip="Grade the statement's credibility (1-6)"),
        Binding("y", "verdict('confirmed')", "Confirm", id="compare.confirm",
                tooltip="Confirm the highlighted corroboration or discrepancy (saved; kept across re-analysis)"),
        Binding("n", "verdict('rejected')", "Reject", id="compare.reject",
                tooltip="Reject the highlighted corroboration or discrepancy (left out of the export)"),
        Binding("u", "verdict('')", "Unreview", id="compare.unreview", show=False,
                tooltip="Forget the verdict on the highlighted item"),
    ]

    @dataclass
    class Ready(Message):
        """The worker finished: the comparison and its rows, built off the UI thread."""

        comparison: Any  # the typed sahel_tui.analysis.compare.Comparison
        items: dict[str, list[Item]]
        actors: list[Actor] | None

    @dataclass
    class JsonReady(Message):
        """The comparison as ``compare --json`` prints it, built after the view is shown."""

        as_json: dict[str, Any]

    class VerdictSaved(Message):
        def __init__(self, section: str, index: int, error: str | None) -> None:
            super().__init__()
            self.section, self.index, self.error = section, index, error

    def __init__(self) -> None:
        super().__init__()
        self.comparison: Any = None
        self.as_json: dict[str, Any] | None = None  # for the grade suggestions, which read the JSON
        self.items: dict[str, list[Item]] = {}
        self.actors: list[Actor] | None = None
        self.section: str | None = None
        self._shown = 0  # rows of the current section in the list
        self._coverage_actors: list[dict[str, Any]] = []
        self._coverage_sources: list[str] = []
        self._coverage_rest: list[str] = []
        self._version = -1
        self._coverage_fitted = -1  # the table width the coverage columns were fitted to

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare-panes"):
            with Vertical(id="compare-sections-box", classes="pane-box"):
                yield SectionList(id="compare-sections", markup=False)
            with Vertical(id="compare-body", classes="pane-box"):
                yield Static("", classes="pane-status", id="compare-status", markup=False)
                yield Static("", id="compare-intro", markup=False)
                with ContentSwitcher(initial="compare-items", id="compare-switcher"):
                    yield SectionItems(id="compare-items", markup=False)
                    yield CoverageTable(id="compare-coverage", cursor_type="cell", fixed_columns=1)
        yield StableFooter()

    @property
    def section_list(self) -> SectionList:
        return self.query_one(SectionList)

    @property
    def item_list(self) -> SectionItems:
        return self.query_one(SectionItems)

    @property
    def coverage_table(self) -> CoverageTable:
        return self.query_one(CoverageTable)

    def on_mount(self) -> None:
        self.query_one("#compare-sections-box").border_title = "Sections"
        self.query_one("#compare-body").border_title = "Comparison"
        self.set_class(self.app.size.width < 100, "-compact")
        self.section_list.focus()
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 100, "-compact")
        if self.section == "coverage" and self.comparison is not None:
            # Column widths are fitted to the table's width: fit them again once laid out.
            self.call_after_refresh(self._refit_coverage)

    def on_screen_resume(self) -> None:
        # An actor edit in the glossary changes coverage and framing.
        if self.comparison is not None and self.data.actors_version != self._version:
            self._load()

    # -- computing ----------------------------------------------------------------------------

    def _load(self) -> None:
        count = len(self.data.corpus.articles)
        if count < 2:
            self.set_status("Comparing needs at least two articles.")
            return
        self.show_pending(f"Comparing {count:,} articles… (keep reading meanwhile; this view fills in when done)")
        self._compare()

    @work(thread=True, exclusive=True, exit_on_error=False, group="comparison")
    def _compare(self) -> None:
        data = self.data
        with collector_paused():  # the items live on with the comparison (sahel_tui/startup.py)
            comparison = data.load_comparison_result()
            items = compare_items.build_items(comparison, data.label, self._first_sentence)
        # Shown first: the JSON form (for the reader's and the export's use) takes
        # seconds at 2,000 articles, and nothing on this view waits for it.
        self.post_message(self.Ready(comparison, items, data.actors))
        with collector_paused():
            as_json = data.load_comparison()
        self.post_message(self.JsonReady(as_json))

    def _first_sentence(self, article_id: str) -> str | None:
        article = self.data.articles.get(article_id)
        if article is None:
            return None
        body = article.body_sentences
        first = body[0] if body else next(iter(article.sentences), None)
        return first.id if first else None

    def on_comparison_screen_ready(self, message: Ready) -> None:
        self.stop_pending()
        self.set_status("")
        self.comparison, self.items, self.actors = message.comparison, message.items, message.actors
        self._version = self.data.actors_version
        sections = self.section_list
        keep = self.section
        sections.clear_options()
        for key, label, _ in SECTIONS:
            count = compare_items.section_count(message.comparison, key)
            prompt = Text(label)
            prompt.append(f"  {count:,}" if count is not None else "  –", style="dim")
            sections.add_option(Option(prompt, id=key))
        index = next((i for i, (key, _, _) in enumerate(SECTIONS) if key == keep), 0)
        sections.highlighted = index
        self.show_section(SECTIONS[index][0])

    def on_comparison_screen_json_ready(self, message: JsonReady) -> None:
        self.as_json = message.as_json

    # -- showing a section --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#compare-sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_section(event.option.id)

    @on(OptionList.OptionSelected, "#compare-sections")
    def _section_selected(self) -> None:
        target = self.coverage_table if self.section == "coverage" else self.item_list
        target.focus()

    def action_focus_sections(self) -> None:
        self.section_list.focus()

    def action_step_section(self, step: int) -> None:
        sections = self.section_list
        if sections.option_count:
            current = sections.highlighted or 0
            sections.highlighted = (current + step) % sections.option_count

    def show_section(self, key: str) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        self.section = key
        label, explanation = next((lbl, text) for k, lbl, text in SECTIONS if k == key)
        body = self.query_one("#compare-body")
        body.border_title = label
        intro = Text(explanation)
        value = getattr(comparison, key, None)
        if isinstance(value, dict) and value.get("available") is False:
            intro = Text(f"Not available: {value.get('reason') or 'the actor glossary is missing'}")
        elif key == "framing" and isinstance(value, dict) and value.get("method"):
            intro.append(f"\nMethod: {value['method']}.", style="dim")
        elif key == "coverage" and isinstance(value, dict):
            intro.append(" " + compare_items.coverage_note(value), style="dim")
        if key in ("corroborated", "discrepancies"):
            intro.append("  y confirms, n rejects the highlighted item; the export leaves out rejected ones.", style="dim")
        if comparison.notes:
            intro.append("\n" + " ".join(str(n) for n in comparison.notes), style="italic")
        if self.data.filter_note:
            # A filtered comparison compares only the sources shown, and says so first.
            intro = Text.assemble((f"Filtered ({self.data.filter_note}): compares only the sources shown.\n", "bold"), intro)
        self.query_one("#compare-intro", Static).update(intro)
        switcher = self.query_one(ContentSwitcher)
        if key == "coverage":
            switcher.current = "compare-coverage"
            self.set_status("")  # the previous section's "nothing here" is not about this one
            self._fill_coverage(value if isinstance(value, dict) else {})
            body.border_subtitle = ""
            return
        switcher.current = "compare-items"
        items = self.items.get(key, [])
        lst = self.item_list
        lst.clear_options()
        self._shown = 0
        self._add_page()
        first = next((i for i, item in enumerate(items[:PAGE]) if not item.heading), None)
        if first is not None:
            lst.highlighted = first
        if not items:
            self.set_status("Nothing in this section for this corpus.")
        else:
            self.set_status("")

    def _add_page(self) -> None:
        """Append the next PAGE rows of the current section, and a "more" row if any remain."""
        items = self.items.get(self.section or "", [])
        lst = self.item_list
        if self._shown and lst.option_count and lst.get_option_at_index(lst.option_count - 1).id == MORE_ID:
            lst.remove_option(MORE_ID)
        page = items[self._shown : self._shown + PAGE]
        options = [Option(item.prompt, disabled=item.heading) for item in page]
        self._shown += len(page)
        left = len(items) - self._shown
        if left > 0:
            options.append(Option(Text(f"▼ show {min(PAGE, left):,} more ({left:,} left)", style="bold"), id=MORE_ID))
        lst.add_options(options)
        body = self.query_one("#compare-body")
        body.border_subtitle = f"{self._shown:,} of {len(items):,} rows" if left > 0 else f"{len(items):,} rows"

    def _current_item(self) -> Item | None:
        lst = self.item_list
        items = self.items.get(self.section or "", [])
        index = lst.highlighted
        return items[index] if index is not None and 0 <= index < len(items) and not items[index].heading else None

    def action_grade(self) -> None:
        from sahel_tui.ui.screens.grade import GradeRequest, grade_interactively, suggestion_for

        item = self._current_item()
        if item is None or not item.article or not item.sentence_id:
            self.notify("Highlight a statement to grade it.", severity="warning", timeout=3)
            return
        sentence = self.data.corpus.sentence(item.sentence_id)
        text = sentence.text if sentence is not None else ""
        label = f"{self.data.label(item.article)} {item.sentence_id.removeprefix(item.article + '-')}: {text}"
        request = GradeRequest("claim", item.sentence_id, label, text=text or None, article_id=item.article)
        grade_interactively(self, request, suggestion_for(self.as_json or self.comparison, item.sentence_id))

    # -- the analyst's verdict -----------------------------------------------------------------------

    def action_verdict(self, verdict: str) -> None:
        lst = self.item_list
        items = self.items.get(self.section or "", [])
        index = lst.highlighted
        item = items[index] if index is not None and 0 <= index < len(items) else None
        if item is None or item.target is None:
            self.notify("Highlight a corroborated claim or a discrepancy to confirm or reject it.", severity="warning", timeout=3)
            return
        self._save_verdict(self.section or "", index or 0, item.target, verdict or None)

    @work(thread=True, exclusive=False, exit_on_error=False, group="verdict")
    def _save_verdict(self, section: str, index: int, target: Any, verdict: str | None) -> None:
        from sahel_tui.errors import UserError

        try:
            self.data.set_verdict(target, verdict)
        except UserError as exc:
            self.post_message(self.VerdictSaved(section, index, str(exc)))
            return
        self.post_message(self.VerdictSaved(section, index, None))

    def on_comparison_screen_verdict_saved(self, message: VerdictSaved) -> None:
        if message.error:
            self.notify(f"Verdict not saved: {message.error}", severity="error", timeout=6)
            return
        items = self.items.get(message.section, [])
        if not 0 <= message.index < len(items) or self.comparison is None:
            return
        target = items[message.index].target
        # Only the item's heading row changes: redraw it in place, keep the cursor where it is.
        for i, row in enumerate(items):
            if row.target is target and row.heading:
                if message.section == "corroborated":
                    fresh = compare_items.group_heading(target.number, target)
                else:
                    n = next((k for k, d in enumerate(self.comparison.discrepancies or [], 1) if d is target), 0)
                    fresh = compare_items.discrepancy_heading(n, target)
                items[i] = fresh
                if message.section == self.section and i < self._shown:
                    self.item_list.replace_option_prompt_at_index(i, fresh.prompt)
                break
        status = compare_items.STATUS_MARKS.get(target.review.status, "unreviewed")
        self.set_status(f"{target.evidence.id}: {status}")

    def _show_grade(self) -> None:
        """The highlighted statement's grade (B2) and what corroboration suggests, in the status line."""
        from sahel_tui.ui.screens.grade import grade_line

        item = self._current_item()
        store = self.data.store
        if item is None or not item.article or not item.sentence_id or store is None:
            return
        line = grade_line(self.data.corpus, store, item.article, item.sentence_id, self.as_json or self.comparison)
        if line:
            self.set_status(line)

    def grade_saved(self) -> None:
        self._show_grade()

    @on(OptionList.OptionHighlighted, "#compare-items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_grade()
        lst = self.item_list
        if event.option_index >= lst.option_count - 5 and self._shown < len(self.items.get(self.section or "", [])):
            self._add_page()

    @on(OptionList.OptionSelected, "#compare-items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE_ID:
            index = event.option_index
            self._add_page()
            self.item_list.highlighted = index
            return
        items = self.items.get(self.section or "", [])
        if 0 <= event.option_index < len(items):
            item = items[event.option_index]
            self.jump(item.article, item.sentence_id, item.span)

    # -- coverage ------------------------------------------------------------------------------------

    def _fill_coverage(self, section: dict[str, Any]) -> None:
        table = self.coverage_table
        table.clear(columns=True)
        sources = list(section.get("articles", []))
        shown_sources = sources[:COVERAGE_SOURCES]
        rest = sources[COVERAGE_SOURCES:]
        actors = list(section.get("actors", []))
        self._coverage_sources, self._coverage_actors, self._coverage_rest = shown_sources, actors, rest
        if not actors:
            self.set_status("No actors to tabulate.")
            return
        widths = coverage_widths(
            self._coverage_width(),
            [self.data.label(aid) for aid in shown_sources],
            max((int(a.get("total", 0)) for a in actors), default=0),
            [str(a.get("type", "")) for a in actors],
            others=f"+{len(rest)} more" if rest else None,
        )
        self._coverage_fitted = self._coverage_width()
        table.add_column("Actor", key="actor", width=widths.name)
        table.add_column("Type", key="type", width=widths.type)
        for aid in shown_sources:
            label = self.data.label(aid)
            table.add_column(Text(label, justify="right"), key=f"src:{aid}", width=widths.count_for(label))
        if rest:
            table.add_column(Text(f"+{len(rest)} more", justify="right"), key="others", width=widths.others)
        table.add_column(Text("Total", justify="right"), key="total", width=widths.total)
        self._add_coverage_rows(COVERAGE_PAGE)
        body = self.query_one("#compare-body")
        extra = f"; first {COVERAGE_SOURCES} sources as columns" if rest else ""
        body.border_subtitle = f"{len(actors):,} actors × {len(sources):,} sources{extra}"
        table.move_cursor(row=0, column=2, animate=False)

    def _coverage_width(self) -> int:
        """Cells the table has for its columns: the body pane's inside, less the scrollbar."""
        body = self.query_one("#compare-body")
        return max(0, body.content_size.width - 1)

    def _refit_coverage(self) -> None:
        if self.section != "coverage" or self.comparison is None or self._coverage_width() == self._coverage_fitted:
            return
        table = self.coverage_table
        cursor = table.cursor_coordinate
        rows = table.row_count
        value = self.comparison.get("coverage")
        self._fill_coverage(value if isinstance(value, dict) else {})
        if rows > table.row_count:
            self._add_coverage_rows(rows - table.row_count)
        table.move_cursor(row=cursor.row, column=cursor.column, animate=False)

    def _add_coverage_rows(self, count: int) -> None:
        table = self.coverage_table
        shown_sources, rest = self._coverage_sources, self._coverage_rest
        start = table.row_count
        for actor in self._coverage_actors[start : start + count]:
            counts = actor.get("counts", {})
            single = actor.get("single_source")
            name = Text("◆ " if single else "  ", style="bold")
            name.append(str(actor.get("name", "")), style="bold" if single else "")
            name.no_wrap, name.overflow = True, "ellipsis"
            kind = str(actor.get("type", ""))
            row = [name, Text(TYPE_LABELS.get(kind, kind), style="dim")]
            for aid in shown_sources:
                n = counts.get(aid, 0)
                row.append(Text(str(n) if n else "·", justify="right", style="" if n else "dim"))
            if rest:
                row.append(Text(str(sum(counts.get(a, 0) for a in rest)), justify="right"))
            row.append(Text(str(actor.get("total", 0)), justify="right", style="bold"))
            table.add_row(*row)

    @on(DataTable.CellHighlighted, "#compare-coverage")
    def _coverage_highlighted(self, event: DataTable.CellHighlighted) -> None:
        table = self.coverage_table
        if event.coordinate.row >= table.row_count - 5 and table.row_count < len(self._coverage_actors):
            self._add_coverage_rows(COVERAGE_PAGE)

    @on(DataTable.CellSelected, "#compare-coverage")
    def _coverage_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self._jump_to_coverage(event.coordinate)

    def _jump_to_coverage(self, where: Coordinate) -> None:
        if not 0 <= where.row < len(self._coverage_actors):
            return
        entry = self._coverage_actors[where.row]
        column = where.column - 2
        article = self._coverage_sources[column] if 0 <= column < len(self._coverage_sources) else None
        actor = next((a for a in self.actors or () if a.id == entry.get("id")), None)
        if actor is None:
            self.notify("The actor's mentions are not available.", severity="warning", timeout=3)
            return
        mention = next((m for m in actor.mentions if article is None or m.article == article), None)
        if mention is None:
            self.notify(f"{actor.name} is not mentioned in {self.data.label(article)}.", timeout=3)
            return
        self.jump(mention.article, mention.sentence_id, (mention.start, mention.end))
