"""The briefing is valid Markdown and article text can never act as markup in it.

``assert_valid_briefing`` is the one checker every export test uses: it parses
the output the way the issue asks (markdown-it CommonMark + GFM tables +
footnotes + front matter) and checks the structure, not the wording.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from sahel_tui.export.escape import clean_text, md_cell, md_inline

# Tokens our own output never produces: if one appears, article text made it.
FORBIDDEN = {"html_inline", "html_block", "link_open", "image", "code_inline", "code_block", "fence", "hr"}
_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)


def _walk(tokens: list[Any]):
    for t in tokens:
        yield t
        if t.children:
            yield from _walk(t.children)


def assert_valid_briefing(text: str, allow: frozenset[str] = frozenset({"code_inline"})) -> dict[str, Any]:
    """Parse the briefing; check front matter, footnotes, tables and stray markup. Returns the YAML."""
    assert text.endswith("\n") and not text.endswith("\n\n"), "one final newline"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), "control characters in the output"
    assert not re.search(r"[ \t]+$", text, re.MULTILINE), "trailing spaces (a hard line break in Markdown)"
    env: dict[str, Any] = {}
    tokens = parser().parse(text, env)
    front = [t for t in tokens if t.type == "front_matter"]
    meta: dict[str, Any] = {}
    if text.startswith("---\n"):
        assert len(front) == 1, "front matter not recognised"
        # The C loader when PyYAML has it: a 2,000-source front matter is big.
        meta = yaml.load(front[0].content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert isinstance(meta, dict)
    else:
        assert not front

    # Footnotes: every reference defined, every definition used, none twice.
    refs = {t.meta["label"] for t in _walk(tokens) if t.type == "footnote_ref"}
    defined = _DEFINITION.findall(text)
    assert len(defined) == len(set(defined)), f"duplicate footnote definitions: {sorted(defined)}"
    assert refs == set(defined), f"undefined {sorted(refs - set(defined))}, unused {sorted(set(defined) - refs)}"

    # Tables: every row has the header's column count (markdown-it pads short
    # rows silently, so count the source cells too).
    lines = text.split("\n")
    for t in tokens:
        if t.type == "table_open":
            start, end = t.map
            widths = {_cells(lines[i]) for i in range(start, end)}
            assert len(widths) == 1, f"ragged table at line {start + 1}: {lines[start:end]}"

    # The only links we write: a repeated citation pointing at its footnote ("[²](#fn2)"),
    # and a source's own http(s) address as an autolink in the sources section.
    n_notes = len(defined)
    for t in tokens:
        children = t.children or []
        for i, c in enumerate(children):
            if c.type != "link_open":
                continue
            href = str(c.attrGet("href"))
            if m := re.fullmatch(r"#fn(\d+)", href):
                shown = children[i + 1].content if i + 1 < len(children) else ""
                assert shown.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")) == m.group(1), (href, shown)
                assert 1 <= int(m.group(1)) <= n_notes, f"link to a footnote that does not exist: {href}"
            else:
                assert c.info == "auto" and re.match(r"https?://", href), f"markup from article text: link to {href}"
    bad = sorted({t.type for t in _walk(tokens)} & (FORBIDDEN - allow - {"link_open"}))
    assert not bad, f"markup from article text: {bad}"
    return meta


def _cells(row: str) -> int:
    # Split on pipes that are not backslash-escaped.
    body = row.strip()
    assert body.startswith("|") and body.endswith("|"), row
    return len(re.findall(r"(?<!\\)\|", body)) - 1


def _inline_text(tokens: list[Any]) -> str:
    return "".join(c.content for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "text")


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "| a | b |",
    "# heading",
    "> quote",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "3) item",
    "[link](javascript:alert(1))",
    "<http://evil.example/>",
    "<mailto:x@example.com>",
    "`code` and ``more``",
    "*emph* **strong** _u_ __uu__",
    "a footnote[^x] here",
    "[^x]: fake definition",
    "[ref]: http://evil.example",
    "~~strike~~ and $x^2$ maths",
    "==highlight== and %%hidden%%",
    "#tag and {#id .class}",
    "&lt;script&gt; &#60; &#x3c; &amp;",
    "back\\slash at end\\",
    "---",
    "***",
    "```",
    "~~~",
    "    indented code",
    "=====",
    "line one\nline two\r\nline three",
    "bell\x07 esc\x1b[31mred\x1b[0m nul\x00 del\x7f",
    "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
    "bidi \u202eevil\u202c text",
    "![img](http://evil.example/x.png)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_escape_shows_text_literally(text: str) -> None:
    for wrap in ("{}", "- {}", "> {}", "### {}", "1. {}", "Lead {} tail"):
        src = wrap.format(md_inline(text))
        tokens = parser().parse(src + "\n")
        kinds = {t.type for t in _walk(tokens)}
        assert not kinds & FORBIDDEN, (src, kinds & FORBIDDEN)
        assert not kinds & {"footnote_ref", "em_open", "strong_open", "table_open", "blockquote_open"} or wrap == "> {}"
        assert _inline_text(tokens).replace("Lead ", "", 1).removesuffix(" tail") == clean_text(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cell_escape_keeps_columns(text: str) -> None:
    src = f"| a | b |\n|---|---|\n| {md_cell(text)} | x |\n"
    tokens = parser().parse(src)
    assert sum(1 for t in tokens if t.type == "td_open") == 2
    assert not {t.type for t in _walk(tokens)} & FORBIDDEN


@pytest.mark.parametrize("char", list("$~^#%=`*_[]<|{}"))
def test_renderer_specific_markup_is_escaped(char: str) -> None:
    """GitHub maths, Obsidian tags/comments/highlights, Pandoc sub/superscript: markdown-it
    cannot see these, so check the characters are backslash-escaped where they could act."""
    out = md_inline(f"a {char}{char}x{char}{char} b")
    for m in re.finditer(re.escape(char), out):
        preceding = len(out[: m.start()]) - len(out[: m.start()].rstrip("\\"))
        # An escaped char, or (for doubled =/%) the first of a pair whose second is escaped.
        assert preceding % 2 == 1 or out[m.end() : m.end() + 2] == "\\" + char, out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80))
def test_any_text_round_trips_as_plain_text(text: str) -> None:
    src = f"- {md_inline(text)}\n"
    tokens = parser().parse(src)
    assert not {t.type for t in _walk(tokens)} & (FORBIDDEN | {"footnote_ref", "em_open", "strong_open"})
    expected = clean_text(text)
    # markdown-it turns NUL into U+FFFD; clean_text already dropped it.
    assert _inline_text(tokens) == expected
    # The same text in a table cell keeps the table's two columns.
    table = parser().parse(f"| a | b |\n|---|---|\n| {md_cell(text)} | x |\n")
    assert sum(1 for t in table if t.type == "td_open") == 2
    assert not {t.type for t in _walk(table)} & FORBIDDEN


def _hostile_article() -> str:
    lines = [
        "<script>alert(1)</script> Hostile | Title [x](y)",
        "",
        # NUL would make the loader skip the file as binary; the other controls stay.
        *(f"Sentence {i} says {h.replace(chr(10), ' ').replace(chr(0), '')} plainly." for i, h in enumerate(HOSTILE, 1)),
        "",
        "# A heading line inside the text",
        "> A quote line that is a sentence.",
        "- A list item that is a sentence.",
    ]
    return "\n".join(lines)


def _hostile_html() -> str:
    """Markup an HTML extractor drops, and entity-encoded markup it decodes into text."""
    import html

    body = "".join(f"<p>Paragraph {i} quotes {html.escape(h)} in passing.</p>" for i, h in enumerate(HOSTILE[:20], 1))
    return (
        "<!doctype html><html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; | Hostile page</title>"
        "<script>alert('head')</script></head><body><article><h1>Hostile &lt;b&gt;page&lt;/b&gt;</h1>"
        f"<img src=x onerror=alert(1)>{body}<script>alert('body')</script></article></body></html>"
    )


@pytest.fixture
def hostile_corpus(tmp_path: Path):
    from sahel_tui.corpus.loader import load_corpus

    root = tmp_path / "hostile"
    root.mkdir()
    (root / "hostile.txt").write_text(_hostile_article(), encoding="utf-8")
    (root / "hostile-md.md").write_text(_hostile_article(), encoding="utf-8")
    (root / "hostile.html").write_text(_hostile_html(), encoding="utf-8")
    (root / "plain.txt").write_text(
        "A plain title\n\nMali and Algeria met in Algiers on 3 March 2024. They disagreed about the accord.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(root)
    assert not corpus.skipped and len(corpus.articles) == 4
    return corpus


def _annotate(corpus, notes: list[tuple[str, str]]) -> None:
    from sahel_tui.store.annotations import AnnotationStore

    with AnnotationStore.open() as store:
        for article in corpus.articles:
            body = article.body_sentences
            for i, (category, note) in enumerate(notes):
                if i < len(body):
                    store.add(article, body[i].id, category=category, note=note, tags=["<b>x</b>", "a|b"])


def test_hostile_corpus_exports_safely(hostile_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.export.markdown import ExportOptions, export_briefing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _annotate(hostile_corpus, [("claim", h) for h in HOSTILE[:8]] + [("<i>cat</i>", "*kept* and <u>not</u>")])
    result = export_briefing(hostile_corpus, ExportOptions(title="<b>T</b> | [x](y)", count=100))
    text = result.text
    meta = assert_valid_briefing(text)
    assert "keypoints" in result.sections
    # Every body sentence was exported (count=100), so every hostile string went through.
    for article in hostile_corpus.articles:
        for s in article.body_sentences:
            assert md_inline(s.text) in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "<script>" not in text.replace("\\<script>", "")
    # The front matter summarises; each source's title is in the sources table, escaped.
    assert meta["sources"]["count"] == len(hostile_corpus.articles)
    assert all(md_cell(a.title, 140) in text for a in hostile_corpus.articles)
    assert meta["title"] == "<b>T</b> | [x](y)"


def test_escaped_output_is_literal_text_when_rendered(hostile_corpus) -> None:
    from sahel_tui.export.markdown import ExportOptions, render_briefing

    text = render_briefing(hostile_corpus, ExportOptions(count=100, sections=("keypoints",)))
    html = parser().render(text)
    assert "<script>" not in html and "<img" not in html and "<a href=\"javascript" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_seed_briefing_is_valid(seed_corpus) -> None:
    from sahel_tui.export.markdown import ExportOptions, export_briefing

    _annotate(seed_corpus, [("claim", "Attaf's line is *the* key."), ("question", "Dated?")])
    result = export_briefing(seed_corpus, ExportOptions(title="Algeria and Mali"))
    meta = assert_valid_briefing(result.text)
    assert meta["corpus_id"] == seed_corpus.corpus_id
    assert meta["sources"]["count"] == len(seed_corpus.articles)
    assert all(f"`{a.path.name}`, sha256 `{a.content_hash}`" in result.text for a in seed_corpus.articles)
    assert result.citations > 0
    assert "annotations" in result.sections


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_front_matter_strings_round_trip_and_hold_no_markup(text: str) -> None:
    from sahel_tui.export import yamlout

    data = {"title": text, "sources": [{"id": "a", "title": text, "inferred": [text]}], "count": 3, "none": None, "empty": []}
    dumped = yamlout.dump(data)
    assert yaml.safe_load(dumped) == data
    # Read as a plain paragraph (a viewer without front matter), nothing acts.
    tokens = parser().parse(dumped)
    kinds = {t.type for t in _walk(tokens)}
    assert not kinds & (FORBIDDEN | {"em_open", "strong_open", "footnote_ref"}), kinds


_NOTE_CHARS = st.sampled_from(list("ab *_`[]()<>#|-+1.!^~$=%&\\\n >:") + ["http://x.org", "<b>", "[^x]", "```", "    "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_NOTE_CHARS, max_size=40).map("".join))
def test_any_note_keeps_only_emphasis_and_code(note: str) -> None:
    """An analyst's (or an imported colleague's) note: emphasis and code spans survive, nothing else acts."""
    from sahel_tui.export.note_text import note_lines

    lines = note_lines(note)
    assert all("\n" not in line and line == line.strip() for line in lines)
    tokens = parser().parse("\n\n".join(f"{line}" for line in lines) + "\n")
    kinds = {t.type for t in _walk(tokens)}
    allowed = {"paragraph_open", "paragraph_close", "inline", "text", "em_open", "em_close", "strong_open",
               "strong_close", "code_inline", "softbreak"}  # fmt: skip
    assert kinds <= allowed, (note, lines, kinds - allowed)
