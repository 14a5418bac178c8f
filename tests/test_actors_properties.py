"""Properties that hold for any text: exact offsets, no crash, stable output."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors_helpers import corpus_of

from sahel_tui.analysis.actors import detect_actors
from sahel_tui.infrastructure.cache import Cache

WORDS = [
    "the", "army", "said", "in", "of", "and", "Mali", "Malian", "Bamako", "Ahmed", "Attaf", "ag", "Ghali",
    "Group", "Movement", "for", "Unity", "(MFU)", "President", "General", "Foreign", "Minister", "al-Qaeda",
    "ISIS-Sahel", "Wagner", "Russian", "fighters", "’s", "'s", ",", ".", "—", "“Now", "What?”", "January",
    "Monday", "U.S.", "Africa", "Command", "called", "known", "as", "Hezbollah", "Tuareg", "leaders", "who",
    "is", "a", "cleric", "In", "Amenas", "Kidal", "NATO", "É", "Ennahda", "Ennhada", "Party", "\n\n",
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), min_size=1, max_size=3))
def test_mentions_are_exact_for_any_text(docs: list[list[str]]) -> None:
    texts = ["Title line\n\n" + " ".join(words) for words in docs]
    corpus = corpus_of(*texts)
    actors = detect_actors(corpus, curated=True, edits=None, cache=Cache(enabled=False))
    by_id = {a.id: a for a in corpus.articles}
    seen_ids = set()
    for actor in actors:
        assert actor.mentions and actor.name and actor.id not in seen_ids
        seen_ids.add(actor.id)
        for m in actor.mentions:
            article = by_id[m.article]
            assert article.text[m.start : m.end] == m.surface
            s = article.sentence(m.sentence_id)
            assert s is not None and s.start <= m.start < m.end <= s.end
    again = detect_actors(corpus, curated=True, edits=None, cache=Cache(enabled=False))
    assert [a.to_json() for a in again] == [a.to_json() for a in actors]


def test_empty_and_title_only_articles() -> None:
    corpus = corpus_of("Just a title", "Another Title Only\n\nshort body without names.")
    assert isinstance(detect_actors(corpus, curated=False), list)
