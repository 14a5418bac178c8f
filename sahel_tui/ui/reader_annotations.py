"""The reader's side of annotations and actors: keys on the current sentence, marks, counts.

A mixin for :class:`sahel_tui.ui.screens.main.MainScreen`, kept apart so the
reader's own file stays about reading. It adds:

- ``h`` highlight, ``a`` note, ``#`` tags on the sentence under the cursor
  (dialogs from :mod:`sahel_tui.ui.screens.annotate`, saved in a worker);
- a mark in the reader's margin on every annotated sentence, and each
  article's annotation count in the sources pane;
- ``A``: actor mentions underlined in the text (detected once, in a worker);
- the cursor position, shared through :class:`~sahel_tui.workspace.Workspace` so the notes view
  can re-attach an orphan there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from sahel_tui.ui.pane_data import AnnotationsChanged, workspace_of
from sahel_tui.workspace import Workspace

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Sentence
    from sahel_tui.store.annotations import Annotation
    from sahel_tui.ui.screens.annotate import AnnotationDraft

# The dialogs (TextArea, Select...) are imported on first use: the reader's first
# paint must not wait for them.

_ANNOTATE = Binding.Group("Annotate")

# The annotation keys, one footer item ("h a # c Annotate"); the reader lists them right after Find.
ANNOTATE_BINDINGS: list[BindingType] = [
    Binding("h", "highlight", "Highlight", id="main.highlight", group=_ANNOTATE, tooltip="Highlight the sentence with a category"),
    Binding("a", "note", "Note", id="main.note", group=_ANNOTATE, tooltip="Write or edit a note on the sentence"),
    Binding("number_sign", "tag", "Tag", id="main.tag", key_display="#", group=_ANNOTATE, tooltip="Add tags to the sentence"),
    Binding("c", "grade_claim", "Credibility", id="main.grade_claim", group=_ANNOTATE, tooltip="Grade the sentence's credibility (1-6)"),
]
ACTOR_BINDINGS: list[BindingType] = [
    Binding("A", "toggle_actors", "Actors", id="main.toggle_actors", key_display="A", tooltip="Underline actor mentions"),
]
READER_BINDINGS: list[BindingType] = [*ANNOTATE_BINDINGS, *ACTOR_BINDINGS]


@dataclass
class MarksReady(Message):
    """The annotations of one article, for the reader's margin (sentence id -> category or "")."""

    article_id: str
    marks: dict[str, str]


@dataclass
class CountsReady(Message):
    counts: dict[str, int]
    grades: dict[str, str] | None = None  # article id -> reliability grade, for the sources pane


@dataclass
class MentionsReady(Message):
    """Actor mention spans per article id."""

    spans: dict[str, list[tuple[int, int]]]


@dataclass
class SentenceAnnotation(Message):
    """What the dialogs start from: the sentence's annotation (if any) and the tags in use."""

    action: str
    article_id: str
    sentence_id: str
    existing: Annotation | None
    tags: list[str]


class ReaderAnnotations:
    """Mixed into MainScreen; expects ``app``, ``article``, ``reader`` and ``sources``."""

    ANNOTATION_BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    show_actors: bool = False
    _mention_spans: dict[str, list[tuple[int, int]]] | None = None

    @property
    def workspace(self: Any) -> Workspace:
        return workspace_of(self.app)

    # -- marks and counts ----------------------------------------------------------------

    def annotations_ready(self: Any) -> None:
        """Call after the first paint: counts in the sources pane, marks in the reader."""
        self._load_counts()
        self.refresh_marks()

    def refresh_marks(self: Any) -> None:
        article = self.article
        if article is not None:
            self._load_marks(article.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-marks")
    def _load_marks(self: Any, article_id: str) -> None:
        store = self.workspace.open_store()
        marks = {sid: _mark(found) for sid, found in store.for_article(article_id).items()}
        self.post_message(MarksReady(article_id, marks))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-counts")
    def _load_counts(self: Any) -> None:
        data = self.workspace
        store = data.open_store()
        for line in data.take_store_messages():
            self.app.call_from_thread(self.app.notify, line, severity="warning", timeout=8)
        self.post_message(CountsReady(store.counts_by_article(), _source_grades(data.corpus, store)))

    def on_marks_ready(self: Any, message: MarksReady) -> None:
        if self.article is not None and self.article.id == message.article_id:
            self.reader.set_marks(message.marks)

    def on_counts_ready(self: Any, message: CountsReady) -> None:
        badges = {aid: f"{n} note{'s' if n != 1 else ''}" for aid, n in message.counts.items() if n}
        for aid, grade in (message.grades or {}).items():
            badges[aid] = f"[{grade}] {badges[aid]}" if aid in badges else f"[{grade}]"
        self.sources.set_badges(badges)

    def annotations_changed(self: Any) -> None:
        """The store changed (here or in another view): refresh marks and counts."""
        self.refresh_marks()
        self._load_counts()

    # -- the keys -------------------------------------------------------------------------

    def _here(self: Any) -> tuple[Article, Sentence] | None:
        article, sentence = self.article, self.reader.cursor_sentence
        if article is None or sentence is None:
            return None
        return article, sentence

    def action_highlight(self: Any) -> None:
        self._prepare("highlight")

    def action_note(self: Any) -> None:
        self._prepare("note")

    def action_tag(self: Any) -> None:
        self._prepare("tag")

    def _prepare(self: Any, action: str) -> None:
        here = self._here()
        if here is not None:
            article, sentence = here
            self._fetch_annotation(action, article.id, sentence.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-annotate")
    def _fetch_annotation(self: Any, action: str, article_id: str, sentence_id: str) -> None:
        from sahel_tui.ui.screens.annotate import sentence_annotation

        store = self.workspace.open_store()
        existing = sentence_annotation(store, article_id, sentence_id)
        tags = [t for t, _ in store.tags()]
        self.post_message(SentenceAnnotation(action, article_id, sentence_id, existing, tags))

    def on_sentence_annotation(self: Any, message: SentenceAnnotation) -> None:
        from sahel_tui.ui.screens.annotate import HighlightDialog, NoteDialog, TagDialog

        article = self.workspace.articles.get(message.article_id)
        sentence = article.sentence(message.sentence_id) if article else None
        if article is None or sentence is None:
            return
        existing = message.existing
        if message.action == "highlight":
            dialog: Any = HighlightDialog(sentence.text, existing.category if existing else None)
        elif message.action == "note":
            title = "Edit note" if existing is not None and existing.note else "Note"
            dialog = NoteDialog(sentence.text, existing, message.tags, title=title)
        else:
            dialog = TagDialog(sentence.text, existing.tags if existing else (), message.tags)

        def done(draft: AnnotationDraft | None) -> None:
            if draft is not None:
                self._save(article, sentence.id, draft, existing)

        self.app.push_screen(dialog, done)

    @work(thread=True, exit_on_error=False, group="reader-save")
    def _save(self: Any, article: Article, sentence_id: str, draft: AnnotationDraft, existing: Annotation | None) -> None:
        from sahel_tui.errors import UserError
        from sahel_tui.store.annotations import StoreError
        from sahel_tui.ui.screens.annotate import save_draft

        store = self.workspace.open_store()
        try:
            saved = save_draft(store, article, sentence_id, draft, existing)
        except (StoreError, UserError) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", timeout=8)
            return
        what = saved.category or ("note" if saved.note else "tags")
        self.app.call_from_thread(self.app.notify, f"Saved ({what}) on {saved.short_sentence}; 4 lists every note", timeout=3)
        self.post_message(AnnotationsChanged(article.id))

    def action_grade_claim(self: Any) -> None:
        from sahel_tui.ui.screens.grade import GradeRequest, grade_interactively, suggestion_for

        here = self._here()
        if here is None:
            return
        article, sentence = here
        label = f"{self.workspace.label(article.id)} {sentence.id.removeprefix(article.id + '-')}: {sentence.text}"
        request = GradeRequest("claim", sentence.id, label, text=sentence.text, article_id=article.id)
        grade_interactively(self, request, suggestion_for(self.workspace.comparison, sentence.id))

    # -- actor mentions ----------------------------------------------------------------------

    def action_toggle_actors(self: Any) -> None:
        self.show_actors = not self.show_actors
        if not self.show_actors:
            self.reader.set_actor_spans([])
            self.app.notify("Actor mentions hidden", timeout=2)
        elif self._mention_spans is None:
            self.app.notify("Finding actors…", timeout=2)
            self._load_mentions()
        else:
            self.apply_actor_spans()

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-actors")
    def _load_mentions(self: Any) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for actor in self.workspace.load_actors():
            for m in actor.mentions:
                spans.setdefault(m.article, []).append((m.start, m.end))
        self.post_message(MentionsReady({aid: sorted(s) for aid, s in spans.items()}))

    def on_mentions_ready(self: Any, message: MentionsReady) -> None:
        self._mention_spans = message.spans
        self.apply_actor_spans()
        if self.show_actors and self.article is not None:
            count = len(message.spans.get(self.article.id, []))
            self.app.notify(f"{count} actor mention(s) underlined in this article; A hides them", timeout=3)

    def apply_actor_spans(self: Any) -> None:
        """Underline the current article's mentions (after opening an article, or a toggle)."""
        if self.show_actors and self._mention_spans is not None and self.article is not None:
            self.reader.set_actor_spans(self._mention_spans.get(self.article.id, []))
        else:
            self.reader.set_actor_spans([])

    def remember_position(self: Any, sentence: Sentence | None) -> None:
        """The cursor moved: the notes view re-attaches orphans here."""
        if sentence is not None:
            self.workspace.reader_position = (sentence.article_id, sentence.id)


def _mark(found: list[Annotation]) -> str:
    """The margin mark of a sentence: its first category, or "" for notes and tags only."""
    return next((a.category for a in found if a.category), "")


def _source_grades(corpus: Any, store: Any) -> dict[str, str]:
    """Each graded source's reliability letter (the analyst's, else the manifest's or front matter's)."""
    try:
        from sahel_tui.store.grades import GradeStore, grades_for
    except ImportError:
        return {}
    found = grades_for(corpus, GradeStore.of(store).list("source"))
    return {aid: g.value for aid, g in found.sources.items()}
