"""The actor glossary view: a filterable, sortable table and one actor's mentions in context.

Detection runs in a worker the first time the view opens (the app's first
paint never waits for it); the result is shared with the comparison, the
reader and the export through the app's :class:`~sahel_tui.workspace.Workspace`. Moving the table cursor shows
that actor's details and mentions; Enter on a mention asks the app to show it
in the reader. ``e`` renames, retypes or describes the actor: the decision is
saved by :mod:`sahel_tui.store.actor_edits` and replayed on every analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from sahel_tui.ui.pane_data import AnnotationsChanged, short_sentence
from sahel_tui.ui.screens.actor_edit import ActorChange, ActorEditDialog, ChoiceDialog
from sahel_tui.ui.screens.annotate import AnnotationDraft, NoteDialog
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets.glossary_mentions import MentionTable
from sahel_tui.ui.widgets.glossary_table import TYPE_LABELS, ActorTable
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor

COMPACT_WIDTH = 110
DETAIL_DELAY = 0.08  # coalesce a held-down arrow key into one detail refresh
FILTER_DELAY = 0.12  # seconds of pause in typing before the table is filtered


def describe_actor(actor: Actor, labels: dict[str, str]) -> Text:
    """The detail header: type, roles, other names, description with its source, counts."""
    text = Text(actor.name, style="bold")
    text.append(f"  {TYPE_LABELS.get(actor.type, actor.type)}", style="dim")
    if actor.roles:
        text.append("\nRole: ", style="dim")
        text.append("; ".join(actor.roles))
    if actor.aliases:
        text.append("\nAlso: ", style="dim")
        text.append(", ".join(actor.aliases))
    # Why each other name was merged in, so the analyst can judge it (and split it off).
    for alias, reason in sorted(actor.merged.items(), key=lambda kv: kv[0].casefold()):
        text.append("\nMerged: ", style="dim")
        text.append(alias)
        text.append(f" ({_where_in(reason, labels)})", style="dim")
    if actor.description:
        text.append("\n")
        text.append(actor.description, style="italic")
        source = actor.description_source
        if source == "curated":
            text.append("  (reference list)", style="dim")
        elif source == "analyst":
            text.append("  (analyst)", style="dim")
        elif source:
            article = next((aid for aid in labels if source.startswith(aid + "-")), "")
            where = f"{labels.get(article, '')} {short_sentence(source, article)}" if article else source
            text.append(f"  ({where.strip()})", style="dim")
    counts = actor.mentions_by_article()
    text.append("\nMentions: ", style="dim")
    text.append(f"{len(actor.mentions)} in {len(counts)} source{'s' if len(counts) != 1 else ''}: ")
    # Labels are numbered in corpus order, so their position sorts S2 before S11 (a text sort does not);
    # an article without a label goes last, by id.
    order = {aid: i for i, aid in enumerate(labels)}
    ranked = sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    text.append(", ".join(f"{labels.get(a, a)}×{n}" for a, n in ranked))
    return text


def _where_in(reason: str, labels: dict[str, str]) -> str:
    """A merge reason with its sentence id shown as the reader labels it ("S2 p4-s1")."""
    for word in reason.split():
        article = next((aid for aid in labels if word.startswith(aid + "-p")), "")
        if article:
            return reason.replace(word, f"{labels.get(article, article)} {short_sentence(word, article)}")
    return reason


def _surfaces(actor: Actor) -> list[tuple[str, int]]:
    """The ways the actor is written in the corpus, most frequent first (what a split can take off)."""
    counts: dict[str, int] = {}
    for m in actor.mentions:
        counts[m.surface] = counts.get(m.surface, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class GlossaryScreen(PaneScreen):
    """Who is who in the corpus."""

    TITLE = "Actors"
    SCOPED_CSS = False

    DEFAULT_CSS = """
    GlossaryScreen #glossary-panes {
        layout: horizontal;
        height: 1fr;
    }
    GlossaryScreen.-compact #glossary-panes {
        layout: vertical;
    }
    #glossary-list {
        width: 5fr;
    }
    #glossary-detail {
        width: 6fr;
    }
    GlossaryScreen.-compact #glossary-list, GlossaryScreen.-compact #glossary-detail {
        width: 1fr;
        height: 1fr;
    }
    #glossary-filter {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    #glossary-table, #glossary-mentions {
        height: 1fr;
        background: $surface;
    }
    #glossary-about {
        padding: 0 1;
        height: auto;
        max-height: 8;
        border-bottom: solid $border-blurred;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="glossary.filter", key_display="/", tooltip="Type to filter actors"),
        Binding("e", "edit_actor", "Edit", id="glossary.edit", tooltip="Rename, retype or describe the actor"),
        Binding("m", "merge_actor", "Merge", id="glossary.merge", tooltip="Merge another actor into this one"),
        Binding("s", "split_actor", "Split", id="glossary.split", tooltip="Split one name's mentions off into an actor of their own"),
        Binding("a", "actor_note", "Note", id="glossary.note", tooltip="Write a note on the actor (listed in the notes view)"),
        Binding("escape", "back", "Back", id="glossary.back", show=False, tooltip="Back to the actor table"),
    ]

    @dataclass
    class ActorsReady(Message):
        actors: list[Actor]
        keep: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self._detail_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self._shown_version = -1

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary-panes"):
            with Vertical(id="glossary-list", classes="pane-box"):
                yield Input(placeholder="Filter: name, other name, type, role, words of the description", id="glossary-filter")
                yield Static("", id="glossary-status", classes="pane-status", markup=False)
                yield ActorTable(id="glossary-table")
            with Vertical(id="glossary-detail", classes="pane-box"):
                yield Static("", id="glossary-about", markup=False)
                yield MentionTable(id="glossary-mentions")
        yield StableFooter()

    @property
    def table(self) -> ActorTable:
        return self.query_one(ActorTable)

    @property
    def mentions(self) -> MentionTable:
        return self.query_one(MentionTable)

    def on_mount(self) -> None:
        self.query_one("#glossary-list").border_title = "Actors"
        self.query_one("#glossary-detail").border_title = "Mentions"
        self.set_class(self.app.size.width < COMPACT_WIDTH, "-compact")
        self.table.focus()
        self.refresh_actors()

    def on_screen_resume(self) -> None:
        # An edit elsewhere (or a first detection by another view) may have changed them.
        if self.data.actors is not None and self.data.actors_version != self._shown_version:
            self._show_actors(self.data.actors)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < COMPACT_WIDTH, "-compact")

    # -- loading ----------------------------------------------------------------------------

    def refresh_actors(self) -> None:
        known = self.data.actors
        if known is not None:
            self._show_actors(known)
            return
        self.show_pending(f"Finding actors in {len(self.data.corpus.articles):,} article(s)…")
        self._detect()

    @work(thread=True, exclusive=True, exit_on_error=False, group="glossary")
    def _detect(self, change: ActorChange | None = None) -> None:
        keep = None
        if change is not None:
            from sahel_tui.analysis.actors.model import slug
            from sahel_tui.store.actor_edits import add_edit

            ref = change.actor_id
            for op, value in change.edits():
                add_edit(op, ref, value)
                if op == "rename":
                    ref = slug(value)
            keep = ref  # a merge or split leaves the actor's id as it was
            actors = self.data.reload_actors()
        else:
            actors = self.data.load_actors()
        self.post_message(self.ActorsReady(actors, keep))

    def on_glossary_screen_actors_ready(self, message: ActorsReady) -> None:
        self._show_actors(message.actors, message.keep)
        if message.keep:
            self.notify("Saved; it applies on every later analysis.", timeout=3)

    def _show_actors(self, actors: list[Actor], keep: str | None = None) -> None:
        self.stop_pending()
        self._shown_version = self.data.actors_version
        self.table.set_actors(actors, keep)
        self._update_counts()
        if not actors:
            self.set_status("No actors found in this corpus.")
        self._show_detail()

    def _update_counts(self) -> None:
        table = self.table
        total, matching = len(table.actors), len(table.shown)
        title = f"Actors ({matching:,} of {total:,})" if table.query_text else f"Actors ({total:,})"
        self.query_one("#glossary-list").border_title = title
        self.query_one("#glossary-list").border_subtitle = table.sort_label
        if self.data.actors is not None:
            self.set_status("No actor matches the filter." if table.actors and not matching else "")

    # -- filter and sort ----------------------------------------------------------------------

    @on(Input.Changed, "#glossary-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # One rebuild per pause in typing, not one per key.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, lambda: self._apply_filter(event.value))

    def _apply_filter(self, query: str) -> None:
        self._filter_timer = None
        self.table.set_filter(query)
        self._update_counts()
        self._show_detail()

    @on(Input.Submitted, "#glossary-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._apply_filter(event.value)
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        # Down from the filter goes to the table, as in a search box.
        if event.key == "down" and self.focused is self.query_one("#glossary-filter"):
            event.stop()
            self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#glossary-filter", Input).focus()

    def action_back(self) -> None:
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_actor":
            return self.table.current_actor is not None
        if action == "split_actor":
            return self.table.current_actor is not None and len(_surfaces(self.table.current_actor)) > 1
        if action == "merge_actor":
            return self.table.current_actor is not None and len(self.table.actors) > 1
        if action == "actor_note":
            return self.table.current_actor is not None
        return True

    # -- detail ---------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#glossary-table")
    def _row_highlighted(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_detail)
        self._update_counts()

    @on(DataTable.RowSelected, "#glossary-table")
    def _row_selected(self) -> None:
        self._show_detail()
        if self.mentions.mentions:
            self.mentions.focus()

    def _show_detail(self) -> None:
        actor = self.table.current_actor
        if actor is self.mentions.actor and actor is not None:
            return
        about = self.query_one("#glossary-about", Static)
        detail = self.query_one("#glossary-detail")
        if actor is None:
            about.update("")
            detail.border_title = "Mentions"
            detail.border_subtitle = ""
            self.mentions.actor = None
            self.mentions.show_actor(None, self.data.articles, self.data.labels)
            return
        about.update(describe_actor(actor, self.data.labels))
        detail.border_title = Text(f"Mentions of {actor.name}")  # a name from article text: never markup
        self.mentions.show_actor(actor, self.data.articles, self.data.labels)

    @on(MentionTable.Loaded)
    def _mentions_loaded(self, event: MentionTable.Loaded) -> None:
        detail = self.query_one("#glossary-detail")
        detail.border_subtitle = f"{event.loaded:,} of {event.total:,} (more as you scroll)" if event.loaded < event.total else f"{event.total:,}"

    @on(MentionTable.MentionChosen)
    def _mention_chosen(self, event: MentionTable.MentionChosen) -> None:
        m = event.mention
        self.jump(m.article, m.sentence_id, (m.start, m.end))

    # -- editing ----------------------------------------------------------------------------------

    def action_edit_actor(self) -> None:
        actor = self.table.current_actor
        if actor is None:
            return
        self.app.push_screen(ActorEditDialog(actor), self._edited)

    def action_merge_actor(self) -> None:
        actor = self.table.current_actor
        if actor is None:
            return
        choices = []
        for other in self.table.actors:
            if other.id != actor.id:
                prompt = Text(other.name, style="bold")
                prompt.append(f"  {TYPE_LABELS.get(other.type, other.type)} · {len(other.mentions)} mentions", style="dim")
                if other.aliases:
                    prompt.append(f" · {', '.join(other.aliases[:4])}", style="dim")
                choices.append((prompt, other.id))
        explanation = f"The chosen actor's names and mentions become {actor.name}'s."
        dialog = ChoiceDialog(f"Merge into {actor.name}", explanation, choices)
        self.app.push_screen(dialog, lambda other: self._edited(ActorChange(actor.id, merge=other) if other else None))

    def action_split_actor(self) -> None:
        actor = self.table.current_actor
        if actor is None:
            return
        surfaces = _surfaces(actor)
        choices = [(Text.assemble((form, "bold"), (f"  {n} mention{'s' if n != 1 else ''}", "dim")), form) for form, n in surfaces]
        explanation = f"Mentions written this way leave {actor.name} and become an actor of their own."
        dialog = ChoiceDialog(f"Split off {actor.name}", explanation, choices)
        self.app.push_screen(dialog, lambda form: self._edited(ActorChange(actor.id, split=form) if form else None))

    def action_actor_note(self) -> None:
        actor = self.table.current_actor
        if actor is None:
            return
        about = actor.name + (f": {actor.description}" if actor.description else "")
        dialog = NoteDialog(about, title=f"Note on {actor.name}")

        def done(draft: AnnotationDraft | None) -> None:
            if draft is not None and (draft.note or "").strip():
                self._save_actor_note(actor.id, draft)

        self.app.push_screen(dialog, done)

    @work(thread=True, exit_on_error=False, group="glossary-note")
    def _save_actor_note(self, actor_id: str, draft: AnnotationDraft) -> None:
        store = self.data.open_store()
        store.add_actor_note(actor_id, draft.note or "", draft.tags or (), category=draft.category or None)
        self.post_message(AnnotationsChanged(None))
        self.app.call_from_thread(self.notify, "Note saved; the notes view lists it.", timeout=3)

    def _edited(self, change: ActorChange | None) -> None:
        if change is None:
            return
        self.show_pending("Saving and re-analysing…")
        self._detect(change)
