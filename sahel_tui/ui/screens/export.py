"""The export dialog: choose sections, articles, title and file; preview; write.

Rendering runs in a worker (it may compute key points, actors and the
comparison) and reuses what the app has already computed for the whole
corpus. The preview shows one part of the briefing at a time, each cut at
:data:`PREVIEW_CHARS`: Textual's Markdown widget is slow with hundreds of list
items, and the analyst only needs to see what each part looks like. The file
is written atomically by :func:`sahel_tui.export.write.write_briefing`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Input, Label, Markdown, Select, SelectionList, Static, Tab, Tabs
from textual.worker import Worker, WorkerState

from sahel_tui.ui.pane_data import workspace_of
from sahel_tui.ui.widgets.marked import MarkedCheckbox, MarkedSelectionList
from sahel_tui.workspace import Workspace

if TYPE_CHECKING:
    from sahel_tui.export.markdown import ExportOptions, RenderedBriefing

PREVIEW_CHARS = 12_000  # per part; the file always has everything
RENDER_DELAY = 0.6  # seconds of quiet after a change before the preview re-renders
LOADING_DELAY = 0.25

PART_TITLES: dict[str, str] = {"frontmatter": "Front matter", "title": "Title", "citations": "Citations"}


def preview_markdown(name: str, text: str, limit: int = PREVIEW_CHARS) -> str:
    """One part of the briefing as the preview shows it: front matter as YAML, long parts cut."""
    cut = len(text) > limit
    if cut:
        # Cut at a line end so a table or list is not broken mid-row.
        end = text.rfind("\n", 0, limit)
        text = text[: end if end > 0 else limit]
    if name == "frontmatter":
        text = "```yaml\n" + text.strip().strip("-").strip() + "\n```"
    if cut:
        text += f"\n\n*… the preview stops here ({limit // 1000} KB of {name}); the file has all of it.*"
    return text


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    size: int


class ExportDialog(ModalScreen["Written | None"]):
    """Export the briefing as Markdown or as one printable HTML file."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    ExportDialog #export-dialog {
        width: 96%;
        height: 94%;
        border: round $border;
        background: $surface;
    }
    ExportDialog #export-body {
        height: 1fr;
    }
    /* The file gets the dialog's whole width: in the options column a path was cut at 28 cells. */
    ExportDialog #export-file-row {
        height: 1;
        padding: 0 1;
    }
    ExportDialog #export-file-label {
        width: auto;
        color: $text-muted;
        margin-right: 1;
    }
    ExportDialog #export-file {
        width: 1fr;
    }
    ExportDialog #export-options {
        width: 38;
        padding: 0 1;
    }
    ExportDialog #export-options Label {
        color: $text-muted;
        margin-top: 1;
    }
    ExportDialog #export-sections {
        height: auto;
        max-height: 9;
    }
    ExportDialog #export-format {
        width: 1fr;
    }
    ExportDialog.-narrow #export-sections {
        max-height: 5;
    }
    ExportDialog #export-articles {
        height: 1fr;
        min-height: 3;
    }
    ExportDialog SelectionList {
        border: none;
        padding: 0;
        background: $surface;
    }
    ExportDialog #export-preview-box {
        width: 1fr;
        border-left: solid $border-blurred;
    }
    ExportDialog #export-status {
        padding: 0 1;
        color: $text-muted;
        height: auto;
    }
    ExportDialog #export-error {
        padding: 0 1;
        color: $error;
        height: auto;
    }
    ExportDialog #export-preview-scroll {
        height: 1fr;
    }
    ExportDialog #export-help {
        dock: bottom;
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    ExportDialog.-narrow #export-options {
        width: 30;
    }
    ExportDialog.-narrow #export-options Label {
        margin-top: 0;
    }
    ExportDialog.-narrow #export-dialog {
        width: 100%;
        height: 100%;
    }
    SahelApp.-ascii ExportDialog #export-dialog {
        border: ascii $border;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="export.close"),
        Binding("ctrl+s", "write", "Write", id="export.write", tooltip="Write the briefing to the file"),
        Binding("ctrl+a", "toggle_all", "All/none", id="export.toggle_all", tooltip="Select all or none in the focused list"),
    ]

    @dataclass
    class Rendered(Message):
        options: ExportOptions
        result: RenderedBriefing

    def __init__(self, title: str | None = None, summary: str = "") -> None:
        super().__init__()
        self._render_timer: Timer | None = None
        self._loading_timer: Timer | None = None
        self.result: RenderedBriefing | None = None
        self.result_options: ExportOptions | None = None
        self.part = -1  # which part of the briefing the preview shows; -1 until the first render
        self._file_edited = False
        self._initial_title = title
        self._initial_summary = summary
        self._write_after_render = False
        self._requested: ExportOptions | None = None  # what the last render started was asked for
        # True once a render's tabs and preview are fully drawn: tests and scripted
        # drivers wait on this rather than on `result`, which is set before the redraw.
        self.preview_ready = False

    @property
    def data(self) -> Workspace:
        return workspace_of(self.app)

    def compose(self) -> ComposeResult:
        from sahel_tui.export.markdown import DEFAULT_TITLE, SECTIONS
        from sahel_tui.export.options import DEFAULT_SECTIONS, SECTION_LABELS

        data = self.data
        self._initial_title = self._initial_title or data.export_title
        self._initial_summary = self._initial_summary or data.export_summary
        with Vertical(id="export-dialog"):
            with Horizontal(id="export-body"):
                with Vertical(id="export-options"):
                    yield Label("Title")
                    yield Input(self._initial_title or DEFAULT_TITLE, id="export-title", compact=True)
                    yield Label("Summary (one line)")
                    yield Input(self._initial_summary, id="export-summary", compact=True, placeholder="the bottom line")
                    yield Select(
                        [("Markdown (.md)", "md"), ("HTML, printable (.html)", "html")],
                        value="md", allow_blank=False, id="export-format", compact=True,
                    )  # fmt: skip
                    yield MarkedCheckbox("Overwrite existing file", id="export-force", compact=True)
                    yield Label("Sections (space toggles)")
                    yield MarkedSelectionList[str](
                        *[(SECTION_LABELS.get(s, s), s, s in DEFAULT_SECTIONS) for s in SECTIONS], id="export-sections"
                    )
                    yield Label("Articles")
                    yield MarkedSelectionList[str](
                        *[(Text(f"{data.label(a.id)} {a.title}"), a.id, True) for a in data.corpus.articles],  # never markup
                        id="export-articles",
                    )
                with Vertical(id="export-preview-box"):
                    yield Tabs(id="export-parts")
                    yield Static("", id="export-status", markup=False)
                    yield Static("", id="export-error", markup=False)
                    with VerticalScroll(id="export-preview-scroll"):
                        yield Markdown("", id="export-preview", open_links=False)
            with Horizontal(id="export-file-row"):
                yield Label("File", id="export-file-label")
                yield Input("", id="export-file", compact=True)
            yield Static(
                Text("ctrl+s writes · Tab moves · space toggles · ctrl+a all/none · ←/→ on the tabs pages the preview · Esc closes"),
                id="export-help",
            )

    def on_mount(self) -> None:
        dialog = self.query_one("#export-dialog")
        dialog.border_title = "Export briefing"
        self.set_class(self.app.size.width < 100, "-narrow")
        self._suggest_file()
        self.query_one("#export-title", Input).focus()
        self._schedule_render(0)

    # -- options ------------------------------------------------------------------------------------

    def _suggest_file(self) -> None:
        from sahel_tui.export.options import generation_time
        from sahel_tui.export.write import default_filename

        if self._file_edited:
            return
        title = self.query_one("#export-title", Input).value.strip() or "briefing"
        try:
            when = generation_time()
        except Exception:  # noqa: BLE001 - a bad SOURCE_DATE_EPOCH is reported when rendering
            from datetime import datetime, timezone

            when = datetime.now(timezone.utc)
        suffix = ".html" if self._format() == "html" else ".md"
        name = str(self.export_folder() / default_filename(title, when, suffix))
        file_input = self.query_one("#export-file", Input)
        with file_input.prevent(Input.Changed):
            file_input.value = name

    def export_folder(self) -> Path:
        """The configured export folder (the ``export_folder`` setting), else Documents/sahel-brief; never the current folder."""
        from sahel_tui.infrastructure.paths import export_dir

        config = getattr(self.app, "config", None)
        return export_dir(getattr(config, "export_folder", None))

    def _format(self) -> str:
        try:
            value = self.query_one("#export-format", Select).value
        except Exception:  # noqa: BLE001 - before compose finishes
            return "md"
        return "html" if value == "html" else "md"

    @on(Select.Changed, "#export-format")
    def _format_changed(self) -> None:
        if self._file_edited:
            # Keep the analyst's name, with the suffix that matches the format.
            file_input = self.query_one("#export-file", Input)
            path = Path(file_input.value.strip())
            if path.suffix.lower() in (".md", ".html", ".htm", ""):
                with file_input.prevent(Input.Changed):
                    file_input.value = str(path.with_suffix(".html" if self._format() == "html" else ".md"))
        else:
            self._suggest_file()

    @on(Input.Changed, "#export-summary")
    def _summary_changed(self) -> None:
        self._schedule_render()

    def options(self) -> ExportOptions:
        """The options the controls describe; UserError when they are not usable."""
        from sahel_tui.errors import UserError
        from sahel_tui.export.markdown import ExportOptions
        from sahel_tui.export.options import generation_time

        title = " ".join(self.query_one("#export-title", Input).value.split())
        if not title:
            raise UserError("the title cannot be empty")
        sections = tuple(self.query_one("#export-sections", SelectionList).selected)
        if not sections:
            raise UserError("choose at least one section")
        chosen = set(self.query_one("#export-articles", SelectionList).selected)
        if not chosen:
            raise UserError("choose at least one article")
        all_ids = [a.id for a in self.data.corpus.articles]
        articles = None if len(chosen) == len(all_ids) else tuple(a for a in all_ids if a in chosen)
        app: Any = self.app
        summary = " ".join(self.query_one("#export-summary", Input).value.split())
        return ExportOptions(
            title=title,
            summary=summary,
            sections=tuple(s for s in _section_order() if s in sections),
            articles=articles,
            method=getattr(app, "key_point_method", None) or None,
            count=getattr(app, "key_point_count", None),
            generated_at=generation_time(),
            filter_note=getattr(self.data, "filter_note", ""),
        )

    @on(Input.Changed, "#export-title")
    def _title_changed(self) -> None:
        self._suggest_file()
        self._schedule_render()

    @on(Input.Changed, "#export-file")
    def _file_changed(self) -> None:
        self._file_edited = True
        self._show_error("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_write()

    @on(SelectionList.SelectedChanged)
    def _selection_changed(self) -> None:
        self._schedule_render()

    def action_toggle_all(self) -> None:
        focused = self.focused
        if isinstance(focused, SelectionList):
            if len(focused.selected) == focused.option_count:
                focused.deselect_all()
            else:
                focused.select_all()

    # -- rendering -----------------------------------------------------------------------------------

    def _schedule_render(self, delay: float = RENDER_DELAY) -> None:
        if self._render_timer is not None:
            self._render_timer.stop()
        self._render_timer = self.set_timer(delay, self._start_render) if delay else None
        if not delay:
            self._start_render()

    def _start_render(self) -> None:
        from sahel_tui.errors import UserError

        try:
            options = self.options()
        except UserError as exc:
            self._show_error(str(exc))
            return
        self._show_error("")
        if _same(options, self._requested):
            # Nothing changed since the render in progress or shown (the inputs send
            # Changed as they mount): a second render would only redraw the same preview.
            return
        self._requested = options
        if self._loading_timer is not None:
            self._loading_timer.stop()
        self._loading_timer = self.set_timer(LOADING_DELAY, lambda: self._status("Rendering the briefing…"))
        self._render_briefing(options)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-render")
    def _render_briefing(self, options: ExportOptions) -> None:
        from sahel_tui.export.markdown import export_briefing

        result = export_briefing(self.data.corpus, options, analysis=_analysis(self.data, options))
        self.post_message(self.Rendered(options, result))

    async def on_export_dialog_rendered(self, message: Rendered) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
        self.preview_ready = False
        self.result, self.result_options = message.result, message.options
        result = message.result
        kb = len(result.text.encode("utf-8")) / 1024
        status = f"{kb:,.1f} KB · {len(result.articles)} source(s) · {result.citations} citation(s)"
        if result.omitted:
            from sahel_tui.export.options import section_name

            status += " · left out: " + "; ".join(f"{section_name(k)} ({v})" for k, v in result.omitted.items())
        self._status(status)
        for line in result.messages:
            self.notify(line, severity="warning", timeout=6)
        tabs = self.query_one("#export-parts", Tabs)
        names = [name for name, _ in result.parts]
        keep = names[self.part] if 0 <= self.part < len(names) else None
        from sahel_tui.export.options import SECTION_LABELS

        await tabs.clear()
        for index, name in enumerate(names):
            await tabs.add_tab(Tab(PART_TITLES.get(name, SECTION_LABELS.get(name, name)), id=f"part-{index}"))
        if keep in names:
            self.part = names.index(keep)
        else:  # the first part with substance, not the one-line title
            self.part = next((names.index(n) for n in ("overview", "sources", "keypoints") if n in names), 0)
        if names:
            tabs.active = f"part-{self.part}"
        await self._show_part()
        self.call_after_refresh(self._place_underline, 20)
        self.preview_ready = True
        if self._write_after_render:
            self._write_after_render = False
            self.action_write()

    def _place_underline(self, tries: int) -> None:
        """Activate the active tab again once the rebuilt tabs are laid out.

        Tabs place the underline (and scroll the active tab into view) one refresh
        after activation, from the tab's region; when the rebuilt tabs are not laid
        out by then, the underline stays under the first columns and the row is not
        scrolled (seen in about one export dialog in five). Activating it again from
        none, once the tab has its region, places both, without animating the underline.
        """
        try:
            tabs = self.query_one("#export-parts", Tabs)
        except NoMatches:
            return
        tab = tabs.active_tab
        if tab is None:
            return
        span = tab.virtual_region.shrink(tab.styles.gutter).column_span
        if span[1] <= span[0]:  # not laid out yet
            if tries > 0:
                self.set_timer(0.05, lambda: self._place_underline(tries - 1))
            return
        active = tabs.active
        with tabs.prevent(Tabs.TabActivated, Tabs.Cleared):
            tabs.active = ""
            tabs.active = active

    @on(Tabs.TabActivated, "#export-parts")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        # Rebuilding the tabs activates the first one on the way: what counts is
        # the tab active now, not the one this (possibly stale) message names.
        active = event.tabs.active
        if not active.startswith("part-"):
            return
        part = int(active.removeprefix("part-"))
        if part != self.part:
            self.part = part
            self._show_part()

    def _show_part(self) -> AwaitComplete:
        result = self.result
        if result is None or not result.parts:
            return AwaitComplete()
        name, text = result.parts[max(0, min(self.part, len(result.parts) - 1))]
        done = self.query_one("#export-preview", Markdown).update(preview_markdown(name, text))
        self.query_one("#export-preview-scroll").scroll_home(animate=False)
        return done

    def _status(self, message: str) -> None:
        self.query_one("#export-status", Static).update(Text(message))

    def _show_error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message))

    # -- writing ---------------------------------------------------------------------------------------

    def action_write(self) -> None:
        from sahel_tui.errors import UserError

        try:
            options = self.options()
        except UserError as exc:
            self._show_error(str(exc))
            return
        if self.result is None or not _same(options, self.result_options):
            # The preview is stale: render what the controls say now, then write it.
            self._write_after_render = True
            self._schedule_render(0)
            return
        raw = self.query_one("#export-file", Input).value.strip()
        if not raw:
            self._show_error("give a file name")
            return
        target = Path(os.path.expanduser(raw))
        if not target.is_absolute():
            target = Path.cwd() / target
        force = self.query_one("#export-force", Checkbox).value
        self.data.export_title, self.data.export_summary = options.title, options.summary
        text = self.result.text
        if self._format() == "html":
            from sahel_tui.export.html import render_html

            text = render_html(self.result, options.title, options.summary)
        if target.parent == self.export_folder():
            try:  # the default folder is ours to create; any other must exist already
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._show_error(f"cannot create {target.parent}: {exc.strerror or exc}")
                return
        self._status("Writing…")
        self._write(text, target, force)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-write")
    def _write(self, text: str, target: Path, force: bool) -> None:
        from sahel_tui.errors import UserError
        from sahel_tui.export.write import write_briefing

        try:
            path = write_briefing(text, target, force)
        except UserError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            self.app.call_from_thread(self._status, "Not written.")
            return
        problem = _record_snapshot(self.data, self.result_options, path)
        if problem:
            self.app.call_from_thread(self.app.notify, problem, severity="warning", timeout=8)
        self.app.call_from_thread(self._written, Written(path, len(text.encode("utf-8"))))

    def _written(self, written: Written) -> None:
        self.app.notify(f"Briefing written to {written.path} ({written.size:,} bytes)", title="Exported", timeout=10)
        self.dismiss(written)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            if self._loading_timer is not None:
                self._loading_timer.stop()
            self._write_after_render = False
            self._requested = None  # the same options may be tried again
            self._status("")
            self._show_error(f"Export failed: {event.worker.error}")


def _record_snapshot(data: Workspace, options: ExportOptions | None, path: Path) -> str | None:
    """Record what the briefing was built from (for the Changes view); a problem is returned, not raised."""
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.errors import UserError
    from sahel_tui.export.markdown import DEFAULT_TITLE, select_articles
    from sahel_tui.export.since import current_state, record

    corpus = data.corpus
    whole = options is None or options.articles is None
    if not whole:
        corpus = Corpus(root=corpus.root, articles=select_articles(corpus, options.articles))  # type: ignore[union-attr]
    try:
        store = data.open_store()
        current = current_state(
            corpus,
            cache=data.cache,
            store=store,
            comparison=data.load_comparison_result() if whole else None,
            actors=data.load_actors() if whole else None,
            need_actors=not whole,
        )
        app_filter = getattr(data, "filter", None)  # the app's CorpusFilter, when one is in force
        flt = app_filter.to_json() if app_filter is not None else None
        record(current, title=options.title if options else DEFAULT_TITLE, output=str(path), corpus_root=corpus.root, filter=flt)
    except (OSError, UserError) as exc:
        return f"The briefing is written, but its snapshot was not recorded: {exc}"
    return None


def _section_order() -> tuple[str, ...]:
    from sahel_tui.export.markdown import SECTIONS

    return SECTIONS


def _same(a: ExportOptions, b: ExportOptions | None) -> bool:
    """Same content options (the generation time may differ by seconds)."""
    if b is None:
        return False
    return (a.title, a.summary, a.sections, a.articles, a.method, a.count) == (
        b.title, b.summary, b.sections, b.articles, b.method, b.count
    )  # fmt: skip


def _analysis(data: Workspace, options: ExportOptions) -> Workspace:
    """For the whole corpus, the app's workspace with the export's key-point settings (its actors and
    comparison are reused); for a selection, a workspace of the selected articles."""
    from sahel_tui.export.markdown import default_analysis

    if options.articles is not None:
        return default_analysis(data.corpus, options)
    return data.derive(method=options.method, count=options.count)
