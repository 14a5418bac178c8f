"""The briefing as one self-contained, printable HTML file.

It is the Markdown briefing rendered by markdown-it-py (the parser the export
is already validated with, so both files say the same thing) with the
CommonMark core, GFM tables and mdit-py-plugins' footnotes. What keeps it safe
to open, whatever the corpus holds:

* raw HTML is off (``html: False``): a ``<script>`` in an article is text;
  every piece of corpus text was escaped for Markdown before, and markdown-it
  escapes it again for HTML;
* images are off, and the only links kept are the document's own anchors
  (``#fn3``) and the sources' own addresses; any other link becomes plain
  text, so nothing is fetched or followed that the analyst did not cite;
* the style sheet is inline and a Content-Security-Policy forbids every
  remote or scripted resource, so the file works offline and prints as it shows.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sahel_tui import __version__

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from sahel_tui.export.markdown import RenderedBriefing

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"

_STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 46em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.9em; margin: 0 0 .2em; line-height: 1.2; }
h2 { font-size: 1.35em; margin-top: 1.8em; border-bottom: 1px solid #bbb; padding-bottom: .15em; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
.summary { font-size: 1.1em; margin: .6em 0 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; margin: .8em 0; }
th, td { border: 1px solid #ccc; padding: .25em .45em; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
td[style*="right"] { text-align: right; }
blockquote { margin: .6em 0; padding: .1em .9em; border-left: 3px solid #999; color: #333; }
code { font: .9em/1.3 "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
a { color: #1a4f8b; overflow-wrap: anywhere; }
sup, .footnote-ref { font-size: .75em; line-height: 0; }
.footnotes { font-size: .85em; }
.footnotes-sep { margin-top: 2.5em; }
footer { margin-top: 3em; font-size: .8em; color: #555; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr, li, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _parser(allowed: set[str]) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").disable("image").use(footnote_plugin)

    def links_only_to_sources(state: Any) -> None:
        # A link to anything but an anchor here or a cited source's address becomes text.
        for block in state.tokens:
            for token in block.children or ():
                if token.type == "link_open":
                    href = str(token.attrGet("href") or "")
                    if not (href.startswith("#") or href in allowed):
                        token.tag, token.attrs = "span", {}
                        token.meta["dropped"] = True
            _close_spans(block.children or [])

    md.core.ruler.push("links_only_to_sources", links_only_to_sources)
    return md


def _close_spans(children: list[Any]) -> None:
    """Give each dropped link's closing token the same ``span`` tag (links do not nest)."""
    open_dropped = False
    for token in children:
        if token.type == "link_open":
            open_dropped = bool(token.meta.get("dropped"))
        elif token.type == "link_close" and open_dropped:
            token.tag = "span"
            open_dropped = False


def source_urls(result: RenderedBriefing) -> set[str]:
    """The sources' own addresses, as the Markdown links them (normalised as markdown-it does)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    found: set[str] = set()
    for name, text in result.parts:
        if name != "sources":
            continue
        for block in md.parse(text):
            for token in block.children or ():
                if token.type == "link_open" and token.info == "auto":
                    found.add(str(token.attrGet("href")))
    return found


def render_html(result: RenderedBriefing, title: str, summary: str = "") -> str:
    """The whole briefing as an HTML document (front matter left out: its facts are in the body)."""
    from sahel_tui.export.escape import clean_text

    md = _parser(source_urls(result))
    body_md = "\n\n".join(text for name, text in result.parts if name not in ("frontmatter", "title"))
    title_md = next((text for name, text in result.parts if name == "title"), "")
    # The title block's own heading (without front matter) would repeat the <h1> below.
    title_md = "\n\n".join(p for p in title_md.split("\n\n") if not p.startswith("# ") and not p.startswith("**Summary.**"))
    name = html.escape(clean_text(title) or "Briefing", quote=True)
    head = [f"<h1>{name}</h1>"]
    if clean_text(summary):
        head.append(f'<p class="summary"><strong>Summary.</strong> {html.escape(clean_text(summary))}</p>')
    head.append(md.render(title_md).strip())
    document: str = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="sahel-brief {html.escape(__version__)}">\n'
        f"<title>{name}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<header>\n" + "\n".join(head) + "\n</header>\n<main>\n"
        + md.render(body_md)
        + "</main>\n</body>\n</html>\n"
    )
    return document
