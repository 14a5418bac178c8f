"""The app's side of the corpus index: check the files after the first frame, reload if they changed.

A mixin for :class:`sahel_tui.ui.app.SahelApp`. When the app opens on a corpus
built from the index (:mod:`sahel_tui.corpus.index`), that corpus is what the
folder held last time. Once the first frame is out, a thread walks the folder
and hashes every file; if anything differs, the corpus is loaded afresh in the
same thread and swapped in: the sources pane, the reader (at the same
sentence) and, on their next opening, every other view show the files as they
are. An export asked for before the check ends waits for it, so a briefing is
never written from a stale text.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from sahel_tui.corpus.model import Corpus

if TYPE_CHECKING:
    from sahel_tui.corpus.index import Expected


class CorpusCheckMixin:
    corpus: Corpus
    _full_corpus: Corpus | None = None
    _corpus_expected: Expected | None = None
    _corpus_checked: threading.Event
    _export_after_check = False

    def setup_corpus_check(self, expected: Expected | None) -> None:
        self._corpus_expected = expected
        self._corpus_checked = threading.Event()
        if expected is None:
            self._corpus_checked.set()

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

    def _corpus_confirmed(self: Any) -> None:
        self._corpus_checked.set()
        self._after_check()

    def _corpus_unreadable(self: Any, reason: str) -> None:
        # The folder went away or lost every article since the last run: what is shown stays,
        # and the export stays closed, since it would write what the folder no longer holds.
        self.notify(f"The corpus folder changed and cannot be read: {reason}", severity="error", timeout=30)

    def replace_corpus(self: Any, fresh: Corpus) -> None:
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
        if changed_ids:
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
            self.notify("Checking the sources on disk; the export opens when that is done", timeout=4)
        return True
