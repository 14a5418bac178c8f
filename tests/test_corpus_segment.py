"""Sentence splitting on hard cases of news prose (none taken from the seeds)."""

from __future__ import annotations

import pytest

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.segment import MAX_SENTENCE, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Traoré met Dr. Keita at St. Louis on Jan. 12. They spoke for an hour.",
            ["Mr. Traoré met Dr. Keita at St. Louis on Jan. 12.", "They spoke for an hour."],
        ),
        (
            "Gen. Ham asked Lt. Col. Diallo for maps. None came.",
            ["Gen. Ham asked Lt. Col. Diallo for maps.", "None came."],
        ),
        (
            "The U.S. Army sent advisers. Aid reached the U.S. The money ran out.",
            ["The U.S. Army sent advisers.", "Aid reached the U.S.", "The money ran out."],
        ),
        (
            "J. R. R. Tolkien and George W. Bush never met. Nobody asked why.",
            ["J. R. R. Tolkien and George W. Bush never met.", "Nobody asked why."],
        ),
        (
            "Growth was 3.5 percent in 2012. Inflation fell to 2.25 percent.",
            ["Growth was 3.5 percent in 2012.", "Inflation fell to 2.25 percent."],
        ),
        (
            "He hesitated... then spoke. Later… Nothing more was said.",
            ["He hesitated... then spoke.", "Later…", "Nothing more was said."],
        ),
        (
            "“We will not negotiate.” The minister left the room.",
            ["“We will not negotiate.”", "The minister left the room."],
        ),
        (
            "“Now what?” she asked. Nobody answered.",
            ["“Now what?” she asked.", "Nobody answered."],
        ),
        (
            '"It is over," he said. "Go home." They went.',
            ['"It is over," he said.', '"Go home."', "They went."],
        ),
        (
            "The convoy—escorted by Gen. Sidibé—reached Gao. Rebels had left.",
            ["The convoy—escorted by Gen. Sidibé—reached Gao.", "Rebels had left."],
        ),
        (
            "The talks failed (see p. 4. The annex has details.) and resumed later. Then they stopped.",
            ["The talks failed (see p. 4. The annex has details.) and resumed later.", "Then they stopped."],
        ),
        (
            "(This was the third attempt.) It failed too.",
            ["(This was the third attempt.)", "It failed too."],
        ),
        (
            "Resolution No. 2100 passed. It was unanimous.",
            ["Resolution No. 2100 passed.", "It was unanimous."],
        ),
        (
            "Stop! Who goes there? Nobody.",
            ["Stop!", "Who goes there?", "Nobody."],
        ),
        (
            "Sahel Corp. The firm denied it. Acme Inc. shares fell.",
            ["Sahel Corp.", "The firm denied it.", "Acme Inc. shares fell."],
        ),
        (
            "They met at 10 a.m. The talks lasted all day.",
            ["They met at 10 a.m.", "The talks lasted all day."],
        ),
        (
            "The plan, e.g. the Algiers accord, failed. Plan B. The end came.",
            ["The plan, e.g. the Algiers accord, failed.", "Plan B.", "The end came."],
        ),
        ("قال المسؤول إن الوضع خطير. ثم غادر.", ["قال المسؤول إن الوضع خطير.", "ثم غادر."]),
        ("No final punctuation here", ["No final punctuation here"]),
        ("  padded sentence.   Another one.  ", ["padded sentence.", "Another one."]),
    ],
)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_spans_are_ordered_and_stripped() -> None:
    text = "One. Two!  Three?   “Four.” (Five.) Six…"
    spans = split_sentences(text)
    assert spans == sorted(spans)
    for (s, e), (s2, _) in zip(spans, spans[1:]):
        assert e <= s2
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]


def test_very_long_sentence_is_capped_at_a_space() -> None:
    text = " ".join(["word"] * 5000)
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_ids_are_stable_and_offsets_exact() -> None:
    text = "A Headline For Tests\n\nFirst para. It has Mr. Smith in it.\n\nSecond para here. Done."
    a = article_from_text(text, "t")
    b = article_from_text(text, "t")
    assert [s.id for s in a.sentences] == [s.id for s in b.sentences]
    assert [s.id for s in a.sentences] == ["t-p1-s1", "t-p2-s1", "t-p2-s2", "t-p3-s1", "t-p3-s2"]
    for s in a.sentences:
        assert a.text[s.start : s.end] == s.text
    for p in a.paragraphs:
        assert p.id == f"t-p{p.number}"
        assert all(p.start <= s.start and s.end <= p.end for s in p.sentences)
    assert a.paragraphs[0].kind == "title"
    assert [s.text for s in a.body_sentences][1] == "It has Mr. Smith in it."
