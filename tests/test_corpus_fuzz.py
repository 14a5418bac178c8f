"""Property tests: arbitrary Unicode never crashes the pipeline and offsets always round-trip."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.corpus.decode import sanitize
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Article
from sahel_tui.corpus.segment import split_sentences

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Prose-like pieces make the interesting paths (abbreviations, quotes, headings,
# boilerplate, pull-quotes) far likelier than uniform random text would.
_PIECES = st.sampled_from(
    [
        "Mr.", "U.S.", "Gen.", "J. R.", "3.5", "...", "…", "“", "”", "—", "(", ")", "?", "!", ".", ",",
        "\n", "\n\n", " ", "\t", "\u00a0", "\x1b[31m", "\x1b]0;x\x07", "\x9b2J", "\u202e", "e\u0301",
        "Shutterstock", "More >", "See more from this Author", "By Jane Doe", "Now What?",
        "The army left.", "It rained", "Officials said so.", "Jane Doe is a fellow at the X Council.",
        "---", "# Heading", "<p>", "</p>", "*", "January 5, 2013", "1990s", "2006–2009",
        "&#27;[31m", "&#x9b;", "&#x202e;", "&nbsp;", "<br>", "<script>x</script>",
    ]
)  # fmt: skip
_PROSE = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_article(article: Article) -> None:
    text = article.text
    assert not _UNSAFE.search(text)
    previous_end = -1
    for p in article.paragraphs:
        assert p.start > previous_end and text[p.start : p.end].strip() == text[p.start : p.end]
        previous_end = p.end
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert text[s.start : s.end] == s.text
            assert s.id == f"{article.id}-p{p.number}-s{s.number}"
    for r in article.removed:
        assert 0 <= r.before <= len(text)
        assert r.source_start <= r.source_end
        assert not _UNSAFE.search(r.text)


@_SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_plain_text(text: str) -> None:
    a = article_from_text(text, "fz")
    check_article(a)
    assert article_from_text(text, "fz").paragraphs == a.paragraphs  # same input, same ids


@_SETTINGS
@given(_PROSE)
def test_prose_like_text(text: str) -> None:
    check_article(article_from_text(text, "pr"))


@_SETTINGS
@given(_PROSE, st.sampled_from(["x.md", "x.html", "x.txt"]))
def test_markdown_and_html_paths(text: str, name: str) -> None:
    from sahel_tui.corpus.frontmatter import FrontMatterError

    try:
        article = article_from_text(text, "mk", Path(name))
    except FrontMatterError:
        return  # broken front matter is a reported skip, not a crash
    check_article(article)


@_SETTINGS
@given(st.text(max_size=300))
def test_split_sentences_spans(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip()
        last = e
    # Every non-space character belongs to some sentence.
    covered = sum(len("".join(text[s:e].split())) for s, e in spans)
    assert covered == len("".join(text.split()))


@_SETTINGS
@given(st.text(max_size=300))
def test_sanitize_map_points_into_source(text: str) -> None:
    safe = sanitize(text)
    assert not _UNSAFE.search(safe.text.replace("\n", ""))
    for i in range(0, len(safe.text) + 1, 7):
        assert 0 <= safe.map.to_source(i) <= len(text)
    for r in safe.removals:
        assert text[r.source_start : r.source_end].encode("unicode_escape").decode("ascii") == r.text or r.text.startswith("...")


def test_a_removal_records_what_the_source_holds() -> None:
    # Found by the fuzz test above: a no-break space after a CSI became a space, which ended the
    # escape sequence, and the removal recorded the space instead of the source's character.
    text = "\x9b\xa0"
    (removal,) = sanitize(text).removals
    assert text[removal.source_start : removal.source_end].encode("unicode_escape").decode("ascii") == removal.text


def test_page_of_only_a_control_reference_reads_without_error() -> None:
    # Found by the fuzz test in CI: "&#27;[31m" decodes to an escape that the scrub
    # removes, leaving lxml an empty document to parse on the trafilatura side.
    article = article_from_text("&#27;[31m", "mk", Path("x.html"))
    assert "\x1b" not in article.text
