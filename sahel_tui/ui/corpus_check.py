"""The corpus arriving in the app: from the index (then checked), or read while the app shows it.

A mixin for :class:`sahel_tui.ui.app.SahelApp`. When the app opens on a corpus
built from the index (:mod:`sahel_tui.corpus.index`), that corpus is what the
folder held last time. Once the first frame is out, a thread walks the folder
and hashes every file; if anything differs, the corpus is loaded afresh in the
same thread and swapped in: the sources pane, the reader (at the same
sentence) and, on their next opening, every other view show the files as they
are. An export asked for before the check ends waits for it, so a briefing is
never written from a stale text.

With no usable index (a folder opened for the first time, or a changed
pipeline), the app opens at once on an empty list and a thread reads the
folder, showing the sources as they arrive (``load_corpus``'s progress). Until
the last file is read, the other views, search and the filter wait (a view
asked for opens when the corpus is complete) and so does the export.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from sahel_tui.corpus.model import Corpus

if TYPE_CHECKING:
    from sahel_tui.corpus.index import Expected


@dataclass
class SourcesArriving(Message):
    """The sources read so far while the app reads the folder (posted from the reading thread)."""

    articles: list[Any]
    done: int
    total: int


class CorpusCheckMixin:
    corpus: Corpus
    _full_corpus: Corpus | None = None
    _corpus_expected: Expected | None = None
    _corpus_checked: threading.Event
    _export_after_check = False

    _corpus_loading = False
    _load_progress: tuple[int, int] = (0, 0)
    _view_after_load: str | None = None

    _corpus_stream: Any = None

    def setup_corpus_check(self, expected: Expected | None, loading: bool = False, cleaned: Any = None) -> None:
        """``expected``: the corpus came from the index; ``loading``: it is empty, and read once the app runs."""
        self._corpus_expected = expected
        self._corpus_stream = cleaned
        self._corpus_loading = loading
        self._corpus_checked = threading.Event()
        if expected is None and not loading:
            self._corpus_checked.set()

    @property
    def corpus_loading(self) -> bool:
        return self._corpus_loading

    def start_corpus_load(self: Any) -> None:
        if self._corpus_loading:
            self.run_worker(self._load_corpus, thread=True, exclusive=True, group="corpus-load", exit_on_error=False)

    def _load_corpus(self: Any) -> None:
        from sahel_tui.corpus.loader import load_corpus
        from sahel_tui.errors import UserError

        def progress(articles: list[Any], done: int, total: int) -> None:
            # Posted, not called: call_from_thread would hold the reading until the screen is drawn.
            self.post_message(SourcesArriving(articles, done, total))

        try:
            stream, self._corpus_stream = self._corpus_stream, None
            fresh = load_corpus(self.full_corpus.root, progress=progress, cleaned=stream)
        except UserError as exc:
            self.call_from_thread(self.exit, None, 2, f"sahel-brief: error: {exc}")
            return
        self.call_from_thread(self._corpus_loaded, fresh)

    def on_sources_arriving(self: Any, message: SourcesArriving) -> None:
        from sahel_tui.ui.screens.main import MainScreen

        if not self._corpus_loading:
            return  # a late one, after the whole corpus came
        self._load_progress = (message.done, message.total)
        for screen in self._main_screens():
            if isinstance(screen, MainScreen):
                screen.show_partial(message.articles, message.done, message.total)

    def _corpus_loaded(self: Any, fresh: Corpus) -> None:
        self._corpus_loading = False
        self.replace_corpus(fresh, announce=False)
        for line in fresh.skipped:
            self.notify(f"skipped: {line}", severity="warning", timeout=10)
        view, self._view_after_load = self._view_after_load, None
        if view is not None and view != self.current_mode:
            self.switch_mode(view)

    def corpus_not_ready(self: Any, what: str) -> bool:
        """True (and the analyst is told) while the sources are still being read."""
        if not self._corpus_loading:
            return False
        done, total = self._load_progress
        self.notify(f"Still reading the sources ({done:,} of {total:,} files): {what} once they are all read", timeout=4)
        return True

    async def action_switch_mode(self: Any, mode: str) -> None:
        if mode != "reader" and self.corpus_not_ready("the view opens"):
            self._view_after_load = mode
            return
        parent: Any = super()
        await parent.action_switch_mode(mode)

    @property
    def corpus_checked(self) -> bool:
        """Whether the corpus shown is known to be the folder's (always, unless it came from the index)."""
        return self._corpus_checked.is_set()

    def start_corpus_check(self: Any) -> None:
        """After the first frame: check the index's promise in a thread (once)."""
        if self._corpus_expected is None or self._corpus_checked.is_set():
            return
        self.run_worker(self._check_corpus, thread=True, exclusive=True, group="corpus-check", exit_on_error=False)

    def _check_corpus(self: Any) -> None:
        from sahel_tui.corpus.index import verify

        expected, root = self._corpus_expected, self.full_corpus.root
        if expected is not None and verify(root, expected):
            self.call_from_thread(self._corpus_confirmed)
            return
        from sahel_tui.corpus.loader import load_corpus
        from sahel_tui.errors import UserError

        try:
            fresh = load_corpus(root)
        except UserError as exc:
            self.call_from_thread(self._corpus_unreadable, str(exc))
            return
        self.call_from_thread(self.replace_corpus, fresh)

    _recheck_skip = False

    def recheck_corpus(self: Any, reopen: str, unchanged: Any) -> None:
        """Read the folder again in a thread, when the analyst asks what changed on disk (the
        Changes view: its opening and R). ``unchanged()`` is called when the folder still holds
        what is shown; otherwise the corpus is swapped in and view ``reopen`` opens afresh on it.
        The app does not watch the folder, so this is where an added or edited file is noticed."""
        if self._corpus_loading:
            unchanged()  # still reading the folder: that read is the fresh one
            return
        if self._recheck_skip:
            self._recheck_skip = False  # the view was reopened on a corpus read a moment ago
            unchanged()
            return
        self.run_worker(lambda: self._recheck(reopen, unchanged), thread=True, exclusive=True, group="corpus-recheck", exit_on_error=False)

    def _recheck(self: Any, reopen: str, unchanged: Any) -> None:
        from sahel_tui.corpus.loader import load_corpus
        from sahel_tui.errors import UserError

        shown = self.full_corpus
        if _folder_still_holds(shown):
            self.call_from_thread(unchanged)
            return
        try:
            fresh = load_corpus(shown.root)
        except UserError as exc:
            self.call_from_thread(self._corpus_unreadable, str(exc))
            self.call_from_thread(unchanged)
            return

        def sources(corpus: Corpus) -> list[tuple[str, str, str]]:
            return [(a.id, a.content_hash, repr(a.meta)) for a in corpus.articles]

        if sources(fresh) == sources(shown):
            self.call_from_thread(unchanged)
        else:
            self.call_from_thread(self._swap_and_reopen, fresh, reopen)

    def _swap_and_reopen(self: Any, fresh: Corpus, reopen: str) -> None:
        before = len(self.full_corpus.articles)
        self.replace_corpus(fresh, announce=False)  # back to the reader, every other view dropped
        self.notify(f"The corpus folder changed: {len(fresh.articles)} sources now ({before} before)", timeout=6)
        self._recheck_skip = True

        def back() -> None:
            self._reset_views()  # (replace_corpus's own reset runs after this refresh too)
            self.switch_mode(reopen)

        self.call_after_refresh(lambda: self.call_after_refresh(back))

    def _corpus_confirmed(self: Any) -> None:
        self._corpus_checked.set()
        self._after_check()

    def _corpus_unreadable(self: Any, reason: str) -> None:
        # The folder went away or lost every article since the last run: what is shown stays,
        # and the export stays closed, since it would write what the folder no longer holds.
        self.notify(f"The corpus folder changed and cannot be read: {reason}", severity="error", timeout=30)

    def replace_corpus(self: Any, fresh: Corpus, announce: bool = True) -> None:
        """Show ``fresh`` (the folder as it is now) in every view; the filter and the reader's place stay."""
        from sahel_tui.ui.screens.main import MainScreen

        old_ids = {(a.id, a.content_hash) for a in self.full_corpus.articles}
        new_ids = {(a.id, a.content_hash) for a in fresh.articles}
        self._full_corpus = None
        self.forget_filter_facts()
        # Key points are remembered by article id: an edited article's would be its old text's.
        changed_ids = {aid for aid, _ in old_ids ^ new_ids}
        for key in [k for k in self.key_point_memory if k[0] in changed_ids]:
            del self.key_point_memory[key]
        self.corpus = fresh
        self.workspace = self.workspace.refocused(fresh, "", None)
        self._reset_views()
        if self.current_mode != "reader":
            # The view open now was built on the old files: back to the reader, and that view
            # is dropped too once the switch is done, so it opens afresh.
            self.switch_mode("reader")
            self.call_after_refresh(self._reset_views)
        self.apply_corpus_filter(self.corpus_filter, self.corpus_filter_text)
        for screen in self._main_screens():
            if isinstance(screen, MainScreen):
                screen.reopen_current(self.corpus)
        self._corpus_checked.set()
        if changed_ids and announce:
            self.notify(f"Sources changed on disk since the last run: {len(fresh.articles)} loaded", timeout=6)
        self._after_check()

    def _after_check(self: Any) -> None:
        if self._export_after_check:
            self._export_after_check = False
            self.action_export()

    def export_waits_for_check(self: Any) -> bool:
        """True (and the export is queued) while the files are still being checked."""
        if self._corpus_checked.is_set():
            return False
        if not self._export_after_check:
            self._export_after_check = True
            if self._corpus_loading:
                done, total = self._load_progress
                self.notify(f"Still reading the sources ({done:,} of {total:,} files): the export opens once they are all read", timeout=4)
            else:
                self.notify("Checking the sources on disk; the export opens when that is done", timeout=4)
        return True


def _folder_still_holds(shown: Corpus) -> bool:
    """Whether the folder still holds ``shown``, by the corpus index: each file hashed against it,
    as the start-up check does, without building a second corpus (at 20,000 articles that would
    double the app's memory for a moment). Every full load writes the index, so it describes
    what the app shows; False whenever that cannot be told, and the folder is then read."""
    from sahel_tui.corpus.index import load_indexed, verify
    from sahel_tui.infrastructure.cache import Cache

    indexed = load_indexed(shown.root, Cache())
    if indexed is None:
        return False
    try:
        same = [(a.id, a.content_hash) for a in indexed.corpus.articles] == [(a.id, a.content_hash) for a in shown.articles]
        return same and verify(shown.root, indexed.expected)
    finally:
        indexed.pack.close()
