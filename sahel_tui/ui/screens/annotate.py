"""Dialogs to annotate one sentence: highlight with a category, write a note, add tags.

They only collect the analyst's input and return an :class:`AnnotationDraft`;
the caller saves it with :func:`save_draft` in a worker (the store writes with
fsync, which must never hold up a keypress). Quoted article text and note text
are shown through ``rich.text.Text`` with control characters escaped, so
``[bold]`` or an ESC sequence in a note displays literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from sahel_tui.ui.pane_data import one_line, safe_text

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.store.annotations import Annotation, AnnotationStore

# The categories with an agreed meaning (store.records.CATEGORIES), each with its key.
CATEGORY_KEYS: tuple[tuple[str, str, str], ...] = (
    ("c", "claim", "a claim to check or cite"),
    ("e", "evidence", "evidence for or against a claim"),
    ("q", "question", "something to find out"),
    ("d", "disagree", "you disagree with this"),
)
QUOTE_CHARS = 400
NOTE_ROWS, NOTE_MIN_ROWS = 10, 3  # the note's text area: this tall when the screen has room, never less than the minimum
_TAG_SPLIT = re.compile(r"[,\s]+")

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > .annotate-dialog {{
    width: 90%;
    max-width: 90;
    height: auto;
    max-height: 90%;
    border: round $border;
    background: $surface;
    padding: 0 1;
}}
{name} .annotate-quote {{
    color: $text-muted;
    max-height: 5;
    margin-bottom: 1;
}}
{name} .annotate-help {{
    color: $text-muted;
}}
{name} .annotate-error {{
    color: $error;
}}
SahelApp.-ascii {name} > .annotate-dialog {{
    border: ascii $border;
}}
"""


@dataclass(frozen=True, slots=True)
class AnnotationDraft:
    """What a dialog collected; None fields are left as they are."""

    category: str | None = None  # "" clears the category
    note: str | None = None
    tags: tuple[str, ...] | None = None  # the complete new list
    add_tags: tuple[str, ...] = ()


def parse_tags(value: str) -> tuple[str, ...]:
    """``"mali, follow-up #drones"`` -> ``("mali", "follow-up", "drones")``."""
    return tuple(t.lstrip("#") for t in _TAG_SPLIT.split(value) if t.strip("#"))


def quote_text(text: str) -> Text:
    """A quoted sentence or note, shown literally and safely, shortened if long."""
    shown = one_line(text)
    if len(shown) > QUOTE_CHARS:
        shown = shown[: QUOTE_CHARS - 1] + "…"
    return Text(safe_text(f"\u201c{shown}\u201d"))


def sentence_annotation(store: AnnotationStore, article_id: str, sentence_id: str) -> Annotation | None:
    """The annotation the reader's keys edit: the first live one on this whole sentence."""
    for a in store.for_article(article_id).get(sentence_id, []):
        if a.scope == "sentence" and a.actor_id is None:
            return a
    return None


def save_draft(
    store: AnnotationStore, article: Article, sentence_id: str, draft: AnnotationDraft, existing: Annotation | None = None
) -> Annotation:
    """Apply ``draft`` to ``existing`` or to a new annotation on the sentence. Blocking: call from a worker."""
    if existing is None:
        existing = sentence_annotation(store, article.id, sentence_id)
    if existing is None:
        tags = list(draft.tags or ()) + list(draft.add_tags)
        return store.add(article, sentence_id, category=draft.category or None, note=draft.note or "", tags=tags)
    return update_annotation(store, existing.id, draft)


def update_annotation(store: AnnotationStore, annotation_id: str, draft: AnnotationDraft) -> Annotation:
    """Apply ``draft`` to an existing annotation. Blocking: call from a worker."""
    from sahel_tui.store.annotations import KEEP

    return store.update(
        annotation_id,
        category=KEEP if draft.category is None else (draft.category or None),
        note=KEEP if draft.note is None else draft.note,
        tags=KEEP if draft.tags is None else draft.tags,
        add_tags=draft.add_tags,
    )


class TagSuggester(Suggester):
    """Completes the last tag being typed from the tags already in use."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        match = re.search(r"#?([^,\s#]+)$", value)
        if not match:
            return None
        typed = match.group(1).casefold()
        for tag in self.tags:
            if tag.casefold().startswith(typed) and tag.casefold() != typed:
                return value[: match.start(1)] + tag
        return None


class HighlightDialog(ModalScreen["AnnotationDraft | None"]):
    """Pick a category with one key (c, e, q, d); x removes the highlight."""

    DEFAULT_CSS = DIALOG_CSS.format(name="HighlightDialog")
    SCOPED_CSS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="annotate.cancel"),
        *(
            Binding(key, f"pick('{name}')", name.capitalize(), id=f"annotate.{name}", show=False)
            for key, name, _ in CATEGORY_KEYS
        ),
        Binding("x", "pick('')", "Remove", id="annotate.remove_highlight", show=False, tooltip="Remove the highlight"),
    ]

    def __init__(self, quote: str, current: str | None = None) -> None:
        super().__init__()
        self.quote = quote
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="annotate-dialog", id="highlight-dialog"):
            yield Static(quote_text(self.quote), classes="annotate-quote")
            options = []
            for key, name, meaning in CATEGORY_KEYS:
                prompt = Text(f"{key}  ", style="bold")
                prompt.append(name, style="bold")
                prompt.append(f"  {meaning}", style="dim")
                options.append(Option(prompt, id=name))
            if self.current:
                options.append(Option(Text.assemble(("x  ", "bold"), ("remove the highlight", "")), id=""))
            yield OptionList(*options, id="highlight-options")

    def on_mount(self) -> None:
        dialog = self.query_one("#highlight-dialog")
        dialog.border_title = "Highlight as"
        dialog.border_subtitle = "key or Enter · Esc cancels"
        options = self.query_one(OptionList)
        names = [name for _, name, _ in CATEGORY_KEYS]
        options.highlighted = names.index(self.current) if self.current in names else 0
        options.focus()

    def action_pick(self, category: str) -> None:
        self.dismiss(AnnotationDraft(category=category))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(AnnotationDraft(category=event.option.id or ""))


class NoteDialog(ModalScreen["AnnotationDraft | None"]):
    """A Markdown note, its category and tags; ctrl+s saves, Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog") + """
    NoteDialog #note-text {
        height: 10;  /* fitted to the screen by NoteDialog._fit */
    }
    NoteDialog Select {
        width: 30;
    }
    """
    SCOPED_CSS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save"),
    ]

    def __init__(
        self,
        quote: str,
        annotation: Annotation | None = None,
        known_tags: Sequence[str] = (),
        title: str = "Note",
        focus: str = "note",
    ) -> None:
        super().__init__()
        self.quote = quote
        self.annotation = annotation
        self.known_tags = list(known_tags)
        self.dialog_title = title
        self.focus_on = focus

    def compose(self) -> ComposeResult:
        a = self.annotation
        with Vertical(classes="annotate-dialog", id="note-dialog"):
            if self.quote:
                yield Static(quote_text(self.quote), classes="annotate-quote")
            yield Label("Note (Markdown)")
            yield TextArea(a.note if a else "", id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Category")
            names = [name for _, name, _ in CATEGORY_KEYS]
            category = a.category if a else None
            choices = [(name, name) for name in names]
            if category and category not in names:
                choices.append((category, category))  # a team's own word stays selectable
            yield Select(choices, value=category or Select.NULL, prompt="none", id="note-category", compact=True)
            yield Label("Tags (comma or space separated)")
            yield Input(
                ", ".join(a.tags) if a else "",
                id="note-tags",
                suggester=TagSuggester(self.known_tags),
                placeholder="e.g. mali, follow-up",
            )
            yield Static(Text("ctrl+s saves · Esc cancels · Tab moves between fields"), classes="annotate-help")

    def on_mount(self) -> None:
        self.query_one("#note-dialog").border_title = self.dialog_title
        target = "#note-tags" if self.focus_on == "tags" else "#note-text"
        self.query_one(target).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the text area what the quote and the other fields leave of the dialog's 90% of the screen.

        A fixed 10-row area under a three-line quote pushed the Tags field out of
        the dialog at 24 rows; the area shrinks instead (it scrolls), down to 3 rows.
        """
        dialog = self.query_one("#note-dialog")
        area = self.query_one("#note-text", TextArea)
        room = int(self.size.height * 0.9) - dialog.styles.gutter.height  # max-height: 90%, less border and padding
        used = sum(
            child.outer_size.height + child.styles.margin.height
            for child in dialog.children
            if child is not area and child.display
        )
        rows = max(NOTE_MIN_ROWS, min(NOTE_ROWS, room - used))
        if area.styles.height is None or area.styles.height.cells != rows:
            area.styles.height = rows

    @on(Input.Submitted, "#note-tags")
    def _tags_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        category = self.query_one("#note-category", Select).value
        self.dismiss(
            AnnotationDraft(
                category=category if isinstance(category, str) else "",
                note=self.query_one("#note-text", TextArea).text,
                tags=parse_tags(self.query_one("#note-tags", Input).value),
            )
        )


class TagDialog(ModalScreen["AnnotationDraft | None"]):
    """Add tags to a sentence; Enter saves. Tags already on it are listed and kept."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TagDialog")
    SCOPED_CSS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="tag.cancel"),
    ]

    def __init__(self, quote: str, current: Sequence[str] = (), known_tags: Sequence[str] = ()) -> None:
        super().__init__()
        self.quote = quote
        self.current = list(current)
        self.known_tags = list(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(classes="annotate-dialog", id="tag-dialog"):
            yield Static(quote_text(self.quote), classes="annotate-quote")
            if self.current:
                yield Static(Text("Tagged: " + ", ".join(f"#{t}" for t in self.current)), classes="annotate-help")
            yield Input(id="tag-input", suggester=TagSuggester(self.known_tags), placeholder="tags to add, e.g. mali drones")
            yield Static(Text("Enter adds · → accepts a suggestion · Esc cancels"), classes="annotate-help")

    def on_mount(self) -> None:
        self.query_one("#tag-dialog").border_title = "Add tags"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        tags = parse_tags(event.value)
        self.dismiss(AnnotationDraft(add_tags=tags) if tags else None)
