"""Property tests that tests/test_corpus_fuzz.py leaves out.

That file fuzzes ``article_from_text`` on strings. These add: raw bytes
through the whole loader (decoding, binary sniffing, skips), front matter and
HTML attributes with arbitrary values (metadata must come out as one clean
line), scripts that run right to left or stack combining marks, and the
corpus cache's round trip (a sound entry is always accepted and identical).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.corpus.cached import from_json, to_json
from sahel_tui.corpus.frontmatter import FrontMatterError
from sahel_tui.corpus.loader import article_from_text, load_corpus
from sahel_tui.corpus.model import Article
from sahel_tui.errors import UserError

from test_corpus_fuzz import check_article

_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Right-to-left scripts, combining marks, bidi controls, zero-width joiners, emoji with modifiers.
_HARD_PIECES = (
    list("مالي الجزائر كيدال") + list("אבגדה") + ["\u0301", "\u0308", "\u0327", "\u0651", "\u064b", "\u05b4"]
    + ["\u200d", "\u200c", "\u200f", "\u200e", "\u202e", "\u2066", "\u061c", "👩🏽‍⚕️", "🇲🇱", "ﷺ", "ﷻ"]
    + list(" .?!\n,;:—«»") + ["Algeria", "Mali.", "\n\n", " "]
)  # fmt: skip
_HARD_SCRIPTS = st.lists(st.sampled_from(_HARD_PIECES), max_size=120).map("".join)


def check_meta(article: Article) -> None:
    for name, value in article.meta.as_dict().items():
        if isinstance(value, str):
            assert not _UNSAFE_LINE.search(value), (name, value)
            assert "\n" not in value


@_SETTINGS
@given(_HARD_SCRIPTS, st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_right_to_left_and_combining_text(text: str, name: str) -> None:
    try:
        article = article_from_text(text, "rtl", Path(name))
    except FrontMatterError:
        return
    check_article(article)
    check_meta(article)


_VALUE = st.text(max_size=40)


@_SETTINGS
@given(_VALUE, _VALUE, st.text(max_size=200))
def test_front_matter_values_become_clean_metadata(title: str, author: str, body: str) -> None:
    import json

    # JSON strings are YAML flow scalars: any character can be written, escapes included.
    doc = f"---\ntitle: {json.dumps(title)}\nauthor: {json.dumps(author)}\n---\n\n{body}\n"
    try:
        article = article_from_text(doc, "fm", Path("x.md"))
    except FrontMatterError:
        return
    check_article(article)
    check_meta(article)


@_SETTINGS
@given(_VALUE, _VALUE, st.text(max_size=200))
def test_html_attributes_and_text_become_clean(author: str, heading: str, body: str) -> None:
    from html import escape

    page = (
        f'<html><head><meta name="author" content="{escape(author)}"><title>{escape(heading)}</title></head>'
        f"<body><h1>{escape(heading)}</h1><p>{escape(body)}</p></body></html>"
    )
    article = article_from_text(page, "html", Path("x.html"))
    check_article(article)
    check_meta(article)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.binary(max_size=1500), st.sampled_from([".txt", ".md", ".html"])), min_size=1, max_size=4))
def test_arbitrary_bytes_through_the_loader(files: list[tuple[bytes, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i, (data, ext) in enumerate(files):
            (root / f"f{i}{ext}").write_bytes(data)
        try:
            corpus = load_corpus(root)
        except UserError as exc:
            assert "\n" not in str(exc)
            return
        for article in corpus.articles:
            check_article(article)
            check_meta(article)
        assert all("\n" not in line and not _UNSAFE_LINE.search(line) for line in corpus.skipped)


@_SETTINGS
@given(st.text(max_size=300), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_cache_round_trip_accepts_every_sound_article(text: str, name: str) -> None:
    try:
        article = article_from_text(text, "rt", Path(name))
    except FrontMatterError:
        return
    again = from_json(to_json(article), article.id, article.path, article.content_hash, [])
    assert again.text == article.text and again.paragraphs == article.paragraphs
    assert again.removed == article.removed and again.meta.as_dict() == article.meta.as_dict()
