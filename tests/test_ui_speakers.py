"""The "Who says what" view: speakers with their claims, filtering, and jumps to the reader."""

from __future__ import annotations

from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.ui.screens.speakers import SpeakersScreen


def _texts(screen: SpeakersScreen) -> list[str]:
    return [str(o.prompt) for o in screen.listing.options]


@sync
async def test_lists_attaf_with_citations_and_jumps(seed_corpus: Corpus) -> None:
    app = HostApp(seed_corpus, SpeakersScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SpeakersScreen)
        for _ in range(100):
            if screen.groups:
                break
            await pilot.pause(0.05)
        rows = _texts(screen)
        head = next(i for i, r in enumerate(rows) if r.startswith("Ahmed Attaf"))
        claims = rows[head + 1 : head + 6]
        assert any("A military solution is not the answer" in r for r in claims)
        assert all(" para. " in r and "S1" in r for r in claims)  # each cited to its source and paragraph
        # Enter on the highlighted claim asks the reader for its sentence, with the claim lit.
        await pilot.press("enter")
        jump = app.jumps[-1]
        first = screen.rows[screen.listing.get_option_at_index(screen.listing.highlighted).id]
        assert (jump.article_id, jump.sentence_id, jump.span) == (first.article, first.sentence_id, (first.start, first.end))
        # "/" filters by speaker name.
        await pilot.press("slash", *"mali")
        await settle(pilot)
        heads = [str(o.prompt) for o in screen.listing.options if o.disabled]
        assert heads and all("mali" in h.split("  ")[0].lower() for h in heads)


def test_reader_speaker_line_names_the_sentence_speaker(seed_corpus: Corpus) -> None:
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.analysis.attribution import attribute_article
    from sahel_tui.ui.reader_speakers import speaker_line

    article = seed_corpus.articles[0]
    found = attribute_article(article, detect_actors(seed_corpus, curated=True))
    quote = next(a for a in found if "A military solution" in a.text)
    assert speaker_line(found, quote.sentence_id) == "says: Ahmed Attaf (stated, quote)"
    silent = next(s for s in article.body_sentences if all(a.sentence_id != s.id for a in found))
    assert speaker_line(found, silent.id) == ""
