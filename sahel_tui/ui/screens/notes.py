"""The notes view: every annotation, filtered by article, tag, category, actor and text.

Enter jumps to the annotated sentence; ``e`` edits, ``d`` deletes (soft),
``u`` undoes this session's last change (the store keeps the log), ``a``
re-attaches an orphan to the sentence under the reader's cursor. Every store
call runs in a worker; the view polls the store's data version, so notes added
from another terminal appear without a key press.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, Static

from sahel_tui.ui.pane_data import AnnotationsChanged, safe_text
from sahel_tui.ui.screens.annotate import CATEGORY_KEYS, AnnotationDraft, NoteDialog, update_annotation
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets.notes_list import ROW_LIMIT, NotesList
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.store.annotations import Annotation, AnnotationStore

POLL_SECONDS = 2.0
ORPHANS = "__orphans__"  # the "place" filter value for orphans only


@dataclass(frozen=True, slots=True)
class NoteFilter:
    text: str = ""
    article: str | None = None
    category: str | None = None
    tag: str | None = None
    actor: str | None = None
    orphans_only: bool = False


class NotesScreen(PaneScreen):
    """Every annotation, with edit, delete, undo and re-attach."""

    TITLE = "Notes"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    NotesScreen #notes-filters {
        height: auto;
        padding: 0 1;
    }
    NotesScreen #notes-filters Select {
        width: 1fr;
        margin-right: 1;
    }
    NotesScreen #notes-text {
        width: 2fr;
        margin-right: 1;
    }
    NotesScreen #notes-panes {
        height: 1fr;
    }
    NotesScreen #notes-list-box {
        width: 3fr;
    }
    NotesScreen #notes-detail-box {
        width: 2fr;
    }
    NotesScreen.-compact #notes-panes {
        layout: vertical;
    }
    NotesScreen.-compact #notes-list-box, NotesScreen.-compact #notes-detail-box {
        width: 1fr;
    }
    NotesScreen.-compact #notes-detail-box {
        height: 8;
    }
    NotesScreen #notes-list {
        height: 1fr;
    }
    NotesScreen #notes-detail {
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="notes.filter", key_display="/", tooltip="Filter by text"),
        Binding("e", "edit", "Edit", id="notes.edit", tooltip="Edit the note, category and tags"),
        Binding("d,delete", "delete", "Delete", id="notes.delete", tooltip="Delete the annotation (u undoes)"),
        Binding("u,ctrl+z", "undo", "Undo", id="notes.undo", tooltip="Undo your last change to an annotation"),
        Binding("a", "reattach", "Re-attach", id="notes.reattach", tooltip="Attach an orphan to the reader's current sentence"),
        Binding("y", "review(True)", "Accept", id="notes.accept", tooltip="Accept an unconfirmed re-anchor or an imported version"),
        Binding("n", "review(False)", "Reject", id="notes.reject", tooltip="Reject an unconfirmed re-anchor or an imported version"),
        Binding("g", "grade", "Grade", id="notes.grade", tooltip="Grade the note's credibility (1-6)"),
        Binding("escape", "focus_list", "List", id="notes.list", show=False, tooltip="Back to the list"),
    ]

    @dataclass
    class Loaded(Message):
        annotations: list[Annotation]
        total: int
        tags: list[tuple[str, int]]
        keep: str | None = None
        news: list[str] = field(default_factory=list)

    @dataclass
    class ActorsKnown(Message):
        actors: list[tuple[str, str]]  # (id, name)
        sentences: dict[str, frozenset[str]]  # actor id -> sentence ids that mention it

    def __init__(self) -> None:
        super().__init__()
        self.filter = NoteFilter()
        self.total = 0
        self._actor_sentences: dict[str, frozenset[str]] = {}
        self._tags: list[str] = []  # in use, most used first: the dialogs complete them

    def compose(self) -> ComposeResult:
        with Horizontal(id="notes-filters"):
            yield Input(placeholder="/ text in note, quote or tag", id="notes-text", compact=True)
            yield Select(self._article_choices(), prompt="place", id="notes-article", compact=True)
            yield Select([(name, name) for _, name, _ in CATEGORY_KEYS], prompt="category", id="notes-category", compact=True)
            yield Select([], prompt="tag", id="notes-tag", compact=True)
            yield Select([], prompt="actor", id="notes-actor", compact=True)
        with Horizontal(id="notes-panes"):
            with Vertical(id="notes-list-box", classes="pane-box"):
                yield Static("", classes="pane-status", id="notes-status", markup=False)
                yield NotesList(id="notes-list")
            with VerticalScroll(id="notes-detail-box", classes="pane-box"):
                yield Static("", id="notes-detail", markup=False)
        yield StableFooter()

    def _article_choices(self) -> list[tuple[str | Text, str]]:
        data = self.data
        choices: list[tuple[str | Text, str]] = [("orphans only", ORPHANS)]
        # Titles are article text: as Text they are never read as markup.
        choices += [(Text(f"{data.label(a.id)} {a.title}"), a.id) for a in data.corpus.articles]
        return choices

    @property
    def notes(self) -> NotesList:
        return self.query_one(NotesList)

    def on_mount(self) -> None:
        self.query_one("#notes-list-box").border_title = "Annotations"
        self.query_one("#notes-detail-box").border_title = "Selected"
        self.set_class(self.app.size.width < 110, "-compact")
        self.notes.focus()
        self.reload()
        self.set_interval(POLL_SECONDS, self._poll_tick)
        self._load_actors()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(self.app.size.width < 110, "-compact")

    def on_screen_resume(self) -> None:
        self.reload()

    # -- loading ------------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        self.show_pending("Opening the annotations…")
        self._load(self.filter, keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-load")
    def _load(self, wanted: NoteFilter, keep: str | None) -> None:
        data = self.data
        store = data.open_store()
        news = data.take_store_messages()
        everything = store.list()
        found = store.list(
            article=wanted.article,
            tag=wanted.tag,
            category=wanted.category,
            text=wanted.text or None,
            orphans=True if wanted.orphans_only else None,
        )
        if wanted.actor:
            sentences = self._actor_sentences.get(wanted.actor, frozenset())
            found = [a for a in found if a.actor_id == wanted.actor or (a.sentence_id in sentences and not a.is_orphan)]
        # Corpus order, then place in the text; other corpora's notes, then actor notes, last.
        order = {aid: n for n, aid in enumerate(data.articles)}
        found.sort(
            key=lambda a: (
                a.actor_id is not None,
                order.get(a.article_id or "", len(order)),
                a.article_id or a.actor_id or "",
                a.start if a.start is not None else -1,
                a.created,
            )
        )
        self.post_message(self.Loaded(found, len(everything), store.tags(), keep, news))

    def on_notes_screen_loaded(self, message: Loaded) -> None:
        self.stop_pending()
        for line in message.news:
            self.notify(line, severity="warning", timeout=8)
        self.total = message.total
        self._fill_tags(message.tags)
        self.notes.show(message.annotations, self.data.label, message.keep)
        box = self.query_one("#notes-list-box")
        shown = len(message.annotations)
        box.border_title = f"Annotations ({shown:,} of {message.total:,})" if shown != message.total else f"Annotations ({shown:,})"
        store = self.data.store
        if store is not None and store.read_only:
            box.border_subtitle = "read-only"
        if not message.total:
            self.set_status("No annotations yet. In the reader: h highlights, a writes a note, # adds tags.")
        elif not shown:
            self.set_status("No annotation matches these filters.")
        elif shown > ROW_LIMIT:
            self.set_status(f"Showing the first {ROW_LIMIT:,}: narrow with the filters.")
        else:
            self.set_status("")
        self._show_detail()

    def _fill_tags(self, tags: list[tuple[str, int]]) -> None:
        self._tags = [t for t, _ in tags]
        select = self.query_one("#notes-tag", Select)
        choices = [(f"#{safe_text(t)} ({n})", t) for t, n in tags]
        if self.filter.tag and self.filter.tag not in {t for t, _ in tags}:
            choices.append((f"#{safe_text(self.filter.tag)}", self.filter.tag))
        # Refilling is not the analyst choosing: no Changed, so no reload loop.
        with select.prevent(Select.Changed):
            select.set_options(choices)
            if self.filter.tag:
                select.value = self.filter.tag

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-actors")
    def _load_actors(self) -> None:
        actors = self.data.load_actors()
        sentences = {a.id: frozenset(m.sentence_id for m in a.mentions) for a in actors}
        self.post_message(self.ActorsKnown([(a.id, a.name) for a in actors], sentences))

    def on_notes_screen_actors_known(self, message: ActorsKnown) -> None:
        self._actor_sentences = message.sentences
        select = self.query_one("#notes-actor", Select)
        with select.prevent(Select.Changed):
            select.set_options([(name, aid) for aid, name in message.actors])
            if self.filter.actor:
                select.value = self.filter.actor

    def _poll_tick(self) -> None:
        if self.is_current:
            self._poll()

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-poll")
    def _poll(self) -> None:
        store = self.data.store
        # A hidden view catches up when it is shown again (on_screen_resume).
        if store is not None and self.is_current and store.changed_elsewhere():
            self.app.call_from_thread(self.reload)

    # -- filters ---------------------------------------------------------------------------------

    @on(Input.Changed, "#notes-text")
    def _text_changed(self, event: Input.Changed) -> None:
        self._set_filter(text=event.value)

    @on(Input.Submitted, "#notes-text")
    def _text_submitted(self) -> None:
        self.notes.focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        key = event.select.id
        if key == "notes-article":
            self._set_filter(article=None if value == ORPHANS else value, orphans_only=value == ORPHANS)
        elif key == "notes-category":
            self._set_filter(category=value)
        elif key == "notes-tag":
            self._set_filter(tag=value)
        elif key == "notes-actor":
            self._set_filter(actor=value)

    def _set_filter(self, **changes: Any) -> None:
        from dataclasses import replace

        new = replace(self.filter, **changes)
        if new != self.filter:
            self.filter = new
            self.reload()

    def action_focus_filter(self) -> None:
        self.query_one("#notes-text", Input).focus()

    def action_focus_list(self) -> None:
        self.notes.focus()

    # -- the selected annotation --------------------------------------------------------------------

    @on(NotesList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        a = self.notes.current
        detail = self.query_one("#notes-detail", Static)
        if a is None:
            detail.update("")
            return
        data = self.data
        text = Text()
        if a.actor_id is not None:
            text.append("Note on actor ", style="dim")
            text.append(safe_text(a.actor_id), style="bold")
        else:
            text.append(f"{data.label(a.article_id)} ", style="bold")
            text.append(safe_text(data.title(a.article_id)))
            text.append(f"\n{a.short_sentence or ''}", style="dim")
            if a.is_orphan:
                text.append("  ORPHAN: its text is no longer in the source; a re-attaches it, d deletes it", style="bold")
        if a.review == "reanchor":
            text.append("\n\nUNCONFIRMED MOVE: the source changed and this note was placed by similarity. "
                        "It was written on:", style="bold")  # fmt: skip
            text.append(safe_text(f"\n\u201c{a.quote or ''}\u201d"), style="italic")
            text.append("\ny keeps the new place, n makes it an orphan at its original quote", style="bold")
        elif a.review == "conflict":
            text.append(f"\n\nIMPORTED VERSION of {(a.conflict_of or '')[:8]}, which was edited here and stays "
                        "current: y takes this version's text, n drops it", style="bold")  # fmt: skip
        if a.exact:
            text.append("\n\n")
            text.append(safe_text(f"\u201c{a.exact}\u201d"), style="italic")
            if a.review == "reanchor" and a.quote and a.quote != a.exact:
                text.append("  (the text it is on now)", style="dim")
        if a.category:
            text.append("\n\nCategory: ", style="dim")
            text.append(safe_text(a.category))
        if a.tags:
            text.append("\nTags: ", style="dim")
            text.append(" ".join(f"#{safe_text(t)}" for t in a.tags))
        if a.note:
            text.append("\n\n")
            text.append(safe_text(a.note))
        text.append(f"\n\n{a.author} · created {a.created} · changed {a.modified}", style="dim")
        if a.anchor_method and a.anchor_method != "created":
            text.append(f"\nanchored by {a.anchor_method}", style="dim")
        detail.update(text)

    @on(NotesList.OptionSelected)
    def _selected(self, event: NotesList.OptionSelected) -> None:
        event.stop()
        a = self.notes.current
        if a is None:
            return
        if a.actor_id is not None:
            self.notify("A note on an actor has no place in a text; the glossary lists the actor.", timeout=4)
            return
        if a.is_orphan:
            self.notify("This orphan's text is gone from the source: a re-attaches it, d deletes it.", timeout=4)
            return
        self.jump(a.article_id, a.sentence_id, (a.start, a.end) if a.start is not None and a.end is not None else None)

    # -- changes -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return self.notes.current is not None
        if action == "reattach":
            current = self.notes.current
            return current is not None and current.is_orphan
        if action == "review":
            current = self.notes.current
            return current is not None and current.needs_review
        return True

    def action_edit(self) -> None:
        a = self.notes.current
        if a is None:
            return
        dialog = NoteDialog(a.exact or "", a, self._tags, title=f"Edit annotation {a.short_id}")

        def done(draft: AnnotationDraft | None) -> None:
            if draft is not None:
                self._change(lambda store: update_annotation(store, a.id, draft), "Saved")

        self.app.push_screen(dialog, done)

    def action_grade(self) -> None:
        from sahel_tui.ui.screens.grade import GradeRequest, grade_interactively

        a = self.notes.current
        if a is None:
            return
        what = f"{self.data.label(a.article_id) if a.article_id else 'actor'} {a.short_id}: {a.note or a.exact or ''}"
        grade_interactively(self, GradeRequest("note", a.id, what, article_id=a.article_id))

    def action_delete(self) -> None:
        a = self.notes.current
        if a is not None:
            self._change(lambda store: store.delete(a.id), "Deleted; u undoes")

    def action_undo(self) -> None:
        self._change(lambda store: store.undo(), "Undone", undo=True)

    def action_review(self, accept: bool) -> None:
        a = self.notes.current
        if a is None or not a.needs_review:
            return
        self._change(lambda store: store.review(a.id, accept=accept), "Accepted" if accept else "Rejected")

    def action_reattach(self) -> None:
        a = self.notes.current
        if a is None or not a.is_orphan:
            return
        where = self.data.reader_position
        if where is None:
            self.notify("Put the reader's cursor on a sentence first (1 opens the reader).", timeout=4)
            return
        article_id, sentence_id = where
        article = self.data.articles.get(article_id)
        if article is None:
            return
        self._change(lambda store: store.reattach(a.id, article, sentence_id), f"Re-attached to {self.data.label(article_id)}")

    @work(thread=True, exit_on_error=False, group="notes-change")
    def _change(self, change: Callable[[AnnotationStore], Annotation | None], done: str, undo: bool = False) -> None:
        from sahel_tui.errors import UserError
        from sahel_tui.store.annotations import StoreError

        store = self.data.open_store()
        try:
            result = change(store)
        except (StoreError, UserError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        if undo and result is None:
            self.app.call_from_thread(self.notify, "Nothing to undo.", timeout=3)
            return
        self.app.call_from_thread(self._changed, result, done)

    def _changed(self, result: Annotation | None, done: str) -> None:
        self.notify(done, timeout=3)
        self.post_message(AnnotationsChanged(result.article_id if result else None))
        self.reload(keep=result.id if result is not None and result.deleted is None else None)
