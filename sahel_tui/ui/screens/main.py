"""The reader view: sources | article | key points, and the actions that tie them.

The panes never talk to each other directly: each sends Messages and this
screen decides what happens (open an article, compute its key points in a
worker, jump the reader). Below COMPACT_WIDTH columns the sources and key
points stack in one narrow column so the article keeps a readable width.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.worker import Worker, WorkerState

from sahel_tui.corpus.model import Article, Corpus
from sahel_tui.startup import settle
from sahel_tui.ui import keypoint_source
from sahel_tui.ui.footer_order import PALETTE_WIDTH, FooterOrderedScreen
from sahel_tui.ui.reader_annotations import ACTOR_BINDINGS, ANNOTATE_BINDINGS, ReaderAnnotations
from sahel_tui.ui.reader_speakers import ReaderSpeakers
from sahel_tui.ui.textual_patches import QuickResume
from sahel_tui.ui.widgets.article_view import ArticleView
from sahel_tui.ui.widgets.sources_list import SourcesList
from sahel_tui.ui.screens.main_filter import FILTER_BINDINGS, MainFilter

# Dialogs, the find bar, search, and the key-points pane and footer (mounted after
# the first frame) are imported where they are first used: the first frame does
# not wait for them.
if TYPE_CHECKING:
    from sahel_tui.analysis.keypoints import KeyPoint
    from sahel_tui.analysis.search import SearchHit
    from sahel_tui.ui.app import SahelApp
    from sahel_tui.ui.screens.keypoint_settings import KeyPointChoice
    from sahel_tui.ui.widgets.find_bar import FindBar
    from sahel_tui.ui.widgets.keypoints_pane import KeyPointsPane

COMPACT_WIDTH = 110

_MATCH = Binding.Group("Match", compact=True)
_ARTICLE = Binding.Group("Article", compact=True)


def citation(
    text: str,
    title: str,
    paragraph: int,
    sentence: int,
    sentence_id: str,
    publisher: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> str:
    """How a copied sentence reads when pasted into a report: title, publisher, date, address, locator."""
    source = ", ".join(part for part in (title, publisher, date, url) if part)
    return f"\u201c{text}\u201d \u2014 {source}, p{paragraph} s{sentence} [{sentence_id}]"


def article_citation(text: str, article: Article, paragraph: int, sentence: int, sentence_id: str) -> str:
    """``citation`` with the article's own metadata; an inferred date keeps its ``~`` mark."""
    m = article.meta
    date = (m.date.value + ("~" if m.date.inferred else "")) if m.date is not None else None
    return citation(text, article.title, paragraph, sentence, sentence_id, m.value("publisher"), date, m.value("url"))


class MainScreen(MainFilter, ReaderAnnotations, ReaderSpeakers, QuickResume, FooterOrderedScreen):
    """Sources, reader and key points for the whole corpus; annotation keys from ReaderAnnotations."""

    # Declared in footer order (ui/footer_order.py): what an analyst reaches for first,
    # so at 80 columns the footer shows find, the annotation keys, search and paging.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find", "Find", id="main.find", key_display="/", tooltip="Find a phrase in this article"),
        *ANNOTATE_BINDINGS,
        Binding("s,ctrl+f", "corpus_search", "Search all", id="main.corpus_search", tooltip="Search every article"),
        Binding(
            "left_square_bracket", "previous_article", "Prev", id="main.previous_article",
            key_display="[", group=_ARTICLE, tooltip="Previous article",
        ),
        Binding(
            "right_square_bracket", "next_article", "Next", id="main.next_article",
            key_display="]", group=_ARTICLE, tooltip="Next article",
        ),
        Binding("y", "copy", "Copy", id="main.copy", tooltip="Copy the sentence or key point with its citation"),
        Binding("n", "next_match", "Next", id="main.next_match", group=_MATCH, tooltip="Next match"),
        Binding(
            "N", "previous_match", "Prev", id="main.previous_match", key_display="N", group=_MATCH,
            tooltip="Previous match",
        ),
        *ACTOR_BINDINGS,
        Binding("m", "key_point_settings", "Method", id="main.key_point_settings", tooltip="Key-point method and count"),
        Binding("r", "toggle_removed", "Removed", id="main.toggle_removed", tooltip="Show or hide what cleaning removed"),
        Binding("w", "toggle_wide", "Wide", id="main.toggle_wide", tooltip="Article only, or all panes"),
        *FILTER_BINDINGS,
    ]

    @dataclass
    class KeyPointsReady(Message):
        """A worker finished the key points of one article."""

        article_id: str
        method: str
        count: int | None
        points: list[KeyPoint]

    app: SahelApp
    AUTO_FOCUS = "#reader"  # the analyst came to read; Tab reaches the other panes

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        self.find_query = ""
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self._rest_mounted = False
        self.panes_ready = False  # the key-points pane and footer mount after the first frame
        self._kp_busy = False
        self._kp_next = False

    def compose(self) -> ComposeResult:
        # Set before the children mount, so no restyle of the whole tree follows.
        self.set_class(self.app.size.width < COMPACT_WIDTH, "-compact")
        # Only what the first frame needs: the list and the article. The key-points
        # pane and the footer mount right after it (see _mount_the_rest), the find
        # bar on first use; the first paint does not wait for them.
        with Grid(id="panes"):
            yield SourcesList(self.app.corpus.articles, id="sources")
            with Vertical(id="reader-column"):
                yield ArticleView(id="reader")

    @property
    def reader(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sources(self) -> SourcesList:
        return self.query_one(SourcesList)

    @property
    def keypoints(self) -> KeyPointsPane:
        return self.query_one("#keypoints")  # type: ignore[return-value]

    def on_mount(self) -> None:
        sources = self.sources
        sources.border_title = "Sources (reading…)" if self.app.corpus_loading else f"Sources ({len(self.app.corpus.articles)})"
        reader = self.reader
        reader.show_removed = self.app.config.show_removed
        reader.ascii = sources.ascii = self.app.ascii
        if self.app.corpus.articles:
            self.open_article(self.app.corpus.articles[0])
            sources.highlighted = 0
        reader.focus()
        # Normally ArticleView.Drawn triggers this; the timer covers an empty corpus.
        self.set_timer(0.5, self._mount_the_rest)

    @on(ArticleView.Drawn)
    async def _first_frame_out(self) -> None:
        await self._mount_the_rest()

    async def _mount_the_rest(self) -> None:
        if self._rest_mounted:
            return
        self._rest_mounted = True
        settle()  # the first frame is out: the collector may run again (sahel_tui/startup.py)
        from sahel_tui.ui.widgets.keypoints_pane import KeyPointsPane
        from sahel_tui.ui.widgets.stable_footer import StableFooter

        pane = KeyPointsPane(id="keypoints")
        pane.border_title = "Key points"
        await self.query_one("#panes", Grid).mount(pane)
        await self.mount(StableFooter(show_command_palette=self.app.size.width >= PALETTE_WIDTH))
        self.refresh_bindings()  # the footer missed the focus change that normally fills it
        self.panes_ready = True
        self.show_speaker(self.reader.cursor_sentence)
        self.request_key_points()
        self.annotations_ready()
        self.app.start_corpus_check()  # a corpus from the index: check the files now the frame is out

    def show_partial(self, articles: list[Article], done: int, total: int) -> None:
        """The sources read so far (the app is reading the folder): the list grows, the first opens."""
        sources = self.sources
        sources.set_articles(articles)
        # Short: at 80 columns the pane's title has about 24 cells.
        sources.border_title = f"Sources ({len(articles)}, {100 * done // max(1, total)}% read)"
        self.show_filter_waiting()
        if self.article is None and articles:
            self.open_article(articles[0])
            sources.highlighted = 0

    def reopen_current(self, corpus: Corpus) -> None:
        """The corpus was loaded again: show its copy of the open article, at the same sentence."""
        current = self.article
        if current is None:
            return
        cursor = self.reader.cursor_sentence
        # Among the sources shown (the filter applies): one no longer shown was replaced by show_filtered.
        fresh = next((a for a in corpus.articles if a.id == current.id), None)
        if fresh is None or fresh is current:
            return
        self.open_article(fresh, cursor.id if cursor is not None and fresh.sentence(cursor.id) is not None else None)
        if self.panes_ready:
            self.request_key_points()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < COMPACT_WIDTH, "-compact")

    # -- opening articles ----------------------------------------------------

    def open_article(self, article: Article, cursor: str | None = None) -> None:
        if article is self.article:
            if cursor:
                self.reader.move_cursor_to(cursor, center=True)
            return
        self.article = article
        self.reader.border_title = Content(article.title)  # article text: never markup
        # The open source's address under the sources pane: the list rows have room for its host only.
        self.sources.border_subtitle = Content(article.meta.value("url") or "")
        self.reader.show_article(article, cursor)
        self.matches, self.current_match = [], None
        if self.find_query:
            self._apply_find(self.find_query, jump=False)
        if self.panes_ready:  # at start-up, _mount_the_rest asks once the pane exists
            # After this frame: both may start a worker thread, which would hold the
            # GIL while the new article renders.
            self.call_after_refresh(self._article_extras)
        self.apply_actor_spans()

    def _article_extras(self) -> None:
        self.request_key_points()
        self.refresh_marks()

    def show_sentence(self, article: Article, sentence_id: str, span: tuple[int, int] | None = None) -> None:
        """Another view asked for this sentence: open it, put the cursor on it, light ``span``."""
        self.open_article(article, cursor=sentence_id)
        self.sources.select_article(article.id)
        self.reader.move_cursor_to(sentence_id, center=True)
        if span is not None:
            # Lit like a find match (until the next find or article); n/N keep their own query.
            self.reader.set_matches([span], 0)
        self.reader.focus()

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.remember_position(event.sentence)
        self.show_speaker(event.sentence)

    @on(SourcesList.ArticleHighlighted)
    def _article_highlighted(self, event: SourcesList.ArticleHighlighted) -> None:
        self.open_article(event.article)

    @on(SourcesList.ArticleChosen)
    def _article_chosen(self, event: SourcesList.ArticleChosen) -> None:
        self.open_article(event.article)
        self.reader.focus()

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_next_article(self) -> None:
        self._step_article(+1)

    def _step_article(self, step: int) -> None:
        sources = self.sources
        if sources.option_count:
            current = sources.highlighted if sources.highlighted is not None else 0
            sources.highlighted = max(0, min(current + step, sources.option_count - 1))
            # Open it now rather than on the ArticleHighlighted message: handled
            # there, the moved highlight went out in a frame of its own and the
            # article waited for Textual's next frame slot (17-30 ms later). Now
            # both land in one frame; the message then finds the article open.
            self.open_article(sources.articles[sources.highlighted])

    # -- key points ------------------------------------------------------------

    def _label(self, method: str, count: int | None) -> str:
        return f"{method}, {count if count is not None else 'auto'}"

    def request_key_points(self) -> None:
        """Show the current article's points: from memory at once, else from a worker."""
        article = self.article
        if article is None or not self.panes_ready:
            return
        pane = self.keypoints
        method, count = self.app.key_point_method, self.app.key_point_count
        known = self.app.key_point_memory.get((article.id, method, count))
        if known is not None:
            self._show_key_points(known, method, count)
            return
        pane.show_pending(self._label(method, count))
        if self._kp_busy:
            # A thread cannot be interrupted: while one computes, keep only the latest
            # request, so holding j in the sources list does not queue every article.
            self._kp_next = True
            return
        self._kp_busy = True
        self._compute_key_points(article, method, count)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keypoints")
    def _compute_key_points(self, article: Article, method: str, count: int | None) -> None:
        points = keypoint_source.compute(article, method, count, self.app.analysis_cache)
        self.post_message(self.KeyPointsReady(article.id, method, count, points))

    def on_main_screen_key_points_ready(self, message: KeyPointsReady) -> None:
        self.app.key_point_memory[(message.article_id, message.method, message.count)] = message.points
        current = self.article
        if current is None or current.id != message.article_id:
            return  # the analyst moved on while this was computing
        if (message.method, message.count) != (self.app.key_point_method, self.app.key_point_count):
            return
        self._show_key_points(message.points, message.method, message.count)

    def _show_key_points(self, points: list[KeyPoint], method: str, count: int | None) -> None:
        self.keypoints.show_points(points, self._label(method, count))
        self.reader.set_key_points(p.sentence_id for p in points)
        notice = keypoint_source.cap_notice(self.article, method) if self.article is not None else None
        if notice:
            self.app.notify(notice, severity="warning", timeout=8)  # a capped method: say what it skipped

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """The one place key-point work ends: show a failure, or start the request that waited."""
        if event.worker.group != "keypoints" or not event.worker.is_finished:
            return
        self._kp_busy = False
        if self._kp_next:
            self._kp_next = False
            self.request_key_points()  # for whatever article and settings are current now
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self.keypoints.show_message(f"Key points failed: {error}")
            self.app.notify(f"Key points failed: {error}", severity="error")

    def on_key_points_pane_jump_requested(self, event: KeyPointsPane.JumpRequested) -> None:
        self.reader.move_cursor_to(event.point.sentence_id, center=True)
        self.reader.focus()

    def action_key_point_settings(self) -> None:
        from sahel_tui.ui.screens.keypoint_settings import KeyPointSettings

        dialog = KeyPointSettings(
            keypoint_source.methods(), keypoint_source.method_help(), self.app.key_point_method, self.app.key_point_count
        )
        self.app.push_screen(dialog, self._settings_chosen)

    def _settings_chosen(self, choice: KeyPointChoice | None) -> None:
        if choice is not None:
            self.app.set_key_point_settings(choice.method, choice.count)

    # -- find in the article ----------------------------------------------------

    async def action_find(self) -> None:
        from sahel_tui.ui.widgets.find_bar import FindBar

        bars = self.query(FindBar)
        if bars:
            bar = bars.first()
        else:
            bar = FindBar(id="find")
            await self.query_one("#reader-column").mount(bar)
        bar.display = True
        bar.value = self.find_query
        bar.focus()

    def on_find_bar_query_changed(self, event: FindBar.QueryChanged) -> None:
        self._apply_find(event.query, jump=True)

    def on_find_bar_done(self, event: FindBar.Done) -> None:
        event.bar.display = False
        if not event.keep:
            self._apply_find("", jump=False)
        self.reader.focus()

    def _apply_find(self, query: str, jump: bool, spans: list[tuple[int, int]] | None = None) -> None:
        """Highlight ``query`` in the article; with ``jump``, move to the first match from the cursor on."""
        self.find_query = query
        article = self.article
        from sahel_tui.analysis.search import find_spans

        self.matches = spans if spans is not None else (find_spans(article.text, query) if article and query else [])
        self.current_match = None
        if self.matches and jump:
            here = self.reader.cursor_sentence
            start = here.start if here else 0
            self.current_match = next((i for i, (s, _) in enumerate(self.matches) if s >= start), 0)
            self.reader.set_matches(self.matches, self.current_match)
            self.reader.set_current_match(self.current_match)
        else:
            self.reader.set_matches(self.matches, None)
        self._update_match_label()

    def _update_match_label(self) -> None:
        if not self.find_query:
            self.show_speaker(self.reader.cursor_sentence)
        elif not self.matches:
            self.reader.border_subtitle = "no matches"
        elif self.current_match is None:
            # Not on a match yet (another article opened, a search hit): "match 14" would read as
            # "you are on the 14th", so give the count until n/N moves to one.
            count = len(self.matches)
            self.reader.border_subtitle = f"{count} match{'es' if count != 1 else ''}"
        else:
            self.reader.border_subtitle = f"match {self.current_match + 1}/{len(self.matches)}"

    def _step_match(self, step: int) -> None:
        if not self.matches:
            message = "No matches; press / to find in the article" if not self.find_query else "No matches in this article"
            self.app.notify(message, timeout=2)
            return
        if self.current_match is None:
            here = self.reader.cursor_sentence
            start = here.start if here else 0
            ahead = [i for i, (s, _) in enumerate(self.matches) if s >= start]
            self.current_match = (ahead[0] if ahead else 0) if step > 0 else ((ahead[0] - 1) if ahead else -1)
        else:
            self.current_match += step
        self.current_match %= len(self.matches)
        self.reader.set_current_match(self.current_match)
        self._update_match_label()

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    # -- corpus search ------------------------------------------------------------

    def action_corpus_search(self) -> None:
        from sahel_tui.ui.screens.corpus_search import CorpusSearchScreen

        if self.app.corpus_not_ready("search opens"):
            return

        search = CorpusSearchScreen(self.app.corpus, self.app.last_corpus_query)

        def closed(hit: SearchHit | None) -> None:
            self.app.last_corpus_query = search.query_text  # offered again next time
            self._open_hit(hit)

        self.app.push_screen(search, closed)

    def _open_hit(self, hit: SearchHit | None) -> None:
        if hit is None:
            return
        article = next((a for a in self.app.corpus.articles if a.id == hit.article_id), None)
        if article is None:
            return
        self.open_article(article, cursor=hit.sentence_id)
        self.sources.select_article(article.id)
        # Keep the query's words lit in the article, so n/N walk through them.
        from sahel_tui.analysis.search import find_spans, query_terms

        terms = query_terms(self.app.last_corpus_query)
        spans = sorted({span for t in terms for span in find_spans(article.text, t)})
        self.find_query = self.app.last_corpus_query
        self._apply_find(self.find_query, jump=False, spans=spans)
        self.reader.move_cursor_to(hit.sentence_id, center=True)
        self.reader.focus()

    # -- the rest ---------------------------------------------------------------------

    def action_toggle_removed(self) -> None:
        show = not self.reader.show_removed
        self.reader.set_show_removed(show)
        self.app.save_settings(show_removed=show)
        count = len(self.article.removed) if self.article else 0
        if show:
            message = f"Showing {count} removed span(s), dimmed, in place" if count else "Cleaning removed nothing from this article"
        else:
            message = "Removed text hidden"
        self.app.notify(message, timeout=2)

    def action_toggle_wide(self) -> None:
        self.toggle_class("-reader-only")

    def action_copy(self) -> None:
        article = self.article
        if article is None:
            return
        focused = self.focused
        from sahel_tui.ui.widgets.keypoints_pane import KeyPointList

        point: KeyPoint | None = self.keypoints.highlighted_point if isinstance(focused, KeyPointList) else None
        if point is not None:
            sentence = article.sentence(point.sentence_id)
        else:
            sentence = self.reader.cursor_sentence
        if sentence is None:
            return
        self.app.copy_to_clipboard(article_citation(sentence.text, article, sentence.paragraph, sentence.number, sentence.id))
        self.app.notify(f"Copied {sentence.id} with its citation", timeout=2)
