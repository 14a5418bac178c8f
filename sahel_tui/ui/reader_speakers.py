"""The reader's speaker line: who says the sentence under the cursor, in the reader's bottom border.

A mixin for :class:`sahel_tui.ui.screens.main.MainScreen`. Attribution needs
the actor glossary, which is slow on a large corpus, so it runs in a worker
the first time the cursor moves once the reader's panes are up; until then,
and while a find is active (the border then counts matches), nothing shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message

from sahel_tui.ui.pane_data import one_line


@dataclass
class SpeakersReady(Message):
    """The attributions of ``article_id`` are computed (the workspace holds them)."""

    article_id: str


def speaker_line(attributions: list[Any], sentence_id: str) -> str:
    """ "says: Ahmed Attaf (stated, quote)" for the sentence's claims; "" when nobody speaks in it."""
    found = [a for a in attributions if a.sentence_id == sentence_id]
    if not found:
        return ""
    parts: list[str] = []
    for a in found:
        piece = f"{one_line(a.who)} ({a.verb}{', quote' if a.direct else ''})"
        if piece not in parts:
            parts.append(piece)
    return "says: " + "; ".join(parts[:2]) + (" …" if len(parts) > 2 else "")


class ReaderSpeakers:
    """Mixed into MainScreen: show the current sentence's speaker."""

    _speakers_loading: str | None = None

    def show_speaker(self: Any, sentence: Any) -> None:
        if sentence is None or self.find_query or not self.panes_ready:
            if not self.find_query:
                self.reader.border_subtitle = ""
            return
        found = self.workspace.attributions_for(sentence.article_id)
        if found is None:
            self.reader.border_subtitle = ""
            if self._speakers_loading != sentence.article_id:
                self._speakers_loading = sentence.article_id
                self._load_speakers(sentence.article_id)
            return
        self.reader.border_subtitle = speaker_line(found, sentence.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-speakers")
    def _load_speakers(self: Any, article_id: str) -> None:
        self.workspace.load_attributions([article_id])
        self.post_message(SpeakersReady(article_id))

    def on_speakers_ready(self: Any, message: SpeakersReady) -> None:
        self._speakers_loading = None
        sentence = self.reader.cursor_sentence
        if sentence is not None and sentence.article_id == message.article_id:
            self.show_speaker(sentence)
