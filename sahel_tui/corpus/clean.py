"""Keep the article, drop the page around it, and say what was dropped and why.

Cleaning works on blocks (lines or Markdown/HTML blocks). It decides each
block's kind (title, heading, body) and removes boilerplate: the subtitle,
byline and dateline under the title, image credits, editor notes, "More >"
links, "See more ..." lists with the headlines after them, page furniture,
author boxes, and pull-quotes that repeat the article's own text. Bylines,
datelines and author boxes leave their facts in ``Cleaned.found``. A removed
block is never lost: it comes back with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sahel_tui.corpus import boilerplate as bp
from sahel_tui.corpus.formats import Block
from sahel_tui.corpus.segment import split_sentences

_FINAL_PUNCT = (".", ",", ";", ":", "…")
_CLOSERS = "”’\"')]»"
_KEY_EDGES = " .!?…\"'“”‘’«»()[]"
_HINT_REASONS = {
    "code": "code block",
    "html": "raw HTML block",
    "image": "image",
    "caption": "image caption",
    "control": "control characters",
    # PDF page furniture, found by repetition across pages (sahel_tui.corpus.pdftext).
    "running-header": "running header",
    "running-footer": "running footer",
    "page-number": "page number",
    "offpage": "outside the main text",  # a page block trafilatura did not keep (corpus.webtext)
}
_MIN_REPEAT_WORDS = 5  # "Yes." twice is prose, not a pull-quote


@dataclass(slots=True)
class Found:
    """A metadata value found while cleaning, with the evidence."""

    value: str
    how: str
    inferred: bool = True


@dataclass(slots=True)
class Cleaned:
    kept: list[tuple[Block, str, list[tuple[int, int]]]]  # (block, kind, sentence spans in block.text)
    removed: list[tuple[Block, str]]  # (block, reason), in source order
    found: dict[str, Found] = field(default_factory=dict)
    author_bio: str | None = None
    subtitle: str | None = None


def words_in(text: str) -> int:
    return len(text.split())


def _ends_like_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_FINAL_PUNCT)


def looks_like_heading(text: str) -> bool:
    """Short line without final punctuation; a Title-Case question counts too ("Now What?")."""
    if len(text) > 100:
        return False  # checked first: most blocks are long paragraphs, and splitting them is the cost
    words = text.split()
    if not words or len(words) > 12:
        return False
    first = text.lstrip(_CLOSERS + "“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    bare = text.rstrip(_CLOSERS)
    if bare.endswith(("?", "!")):
        capitals = sum(1 for w in words if w[:1].isupper())
        return len(words) >= 2 and capitals == len(words)
    return not bare.endswith(_FINAL_PUNCT) and any(c.isalpha() for c in text)


def _looks_like_title(text: str) -> bool:
    words = words_in(text)
    return 1 <= words <= 25 and len(text) <= 200 and not _ends_like_sentence(text) and any(c.isalpha() for c in text)


def clean_blocks(blocks: list[Block]) -> Cleaned:
    """Classify and filter the blocks of one article."""
    removed: dict[int, str] = {}
    kinds: dict[int, str] = {}
    found: dict[str, Found] = {}
    out = Cleaned([], [], found)
    n = len(blocks)
    counts = [words_in(b.text) for b in blocks]

    for i, b in enumerate(blocks):
        if b.hint in _HINT_REASONS:
            removed[i] = _HINT_REASONS[b.hint]
        elif b.cut_reason:  # all news furniture (corpus.furniture)
            removed[i] = b.cut_reason

    live = [i for i in range(n) if i not in removed]
    _find_title_and_top(blocks, counts, live, removed, kinds, out)
    _find_author_boxes(blocks, counts, removed, out)
    zone = False
    for i in range(n):
        if i in removed or i in kinds:
            continue
        text, words = blocks[i].text, counts[i]
        reason = None
        if bp.is_image_credit(text, words):
            reason = "image credit"
        elif bp.is_editor_note(text, words):
            reason = "editor note"
        elif bp.is_list_marker(text, words):
            reason, zone = "link list", True
        elif bp.is_link(text, words):
            reason = "link"
        elif bp.is_furniture(text, words):
            reason = "page furniture"
        elif zone and bp.headline_like(text, words):
            reason = "related headline"
        else:
            zone = False
        if reason:
            removed[i] = reason
    sentence_spans: dict[int, list[tuple[int, int]]] = {}
    _drop_repeats(blocks, counts, removed, kinds, sentence_spans)

    kept = [i for i in range(n) if i not in removed]
    following = {i: kept[k + 1] for k, i in enumerate(kept[:-1])}
    for i, b in enumerate(blocks):
        if i in removed:
            out.removed.append((b, removed[i]))
            continue
        # Only the one title found above is a title; a later <h1> is a heading.
        kind = kinds.get(i) or ("heading" if (b.hint in ("title", "heading") or looks_like_heading(b.text)) else "body")
        if kind == "heading" and b.hint is None and b.text.rstrip(_CLOSERS).endswith(("?", "!")):
            # "Now What?" heads a section; "Or GPS?" in a run of short questions is prose.
            nxt = following.get(i)
            if nxt is None or counts[nxt] <= 15:
                kind = "body"
        if kind != "body":
            spans = [(0, len(b.text))]
        else:
            spans = sentence_spans[i] if i in sentence_spans else split_sentences(b.text)
        out.kept.append((b, kind, spans))
    return out


def _is_page_line(text: str, words: int) -> bool:
    return (
        bp.is_image_credit(text, words)
        or bp.is_editor_note(text, words)
        or bp.is_link(text, words)
        or bp.is_furniture(text, words)
        or bp.is_list_marker(text, words)
    )


def _find_title_and_top(
    blocks: list[Block], counts: list[int], live: list[int], removed: dict[int, str], kinds: dict[int, str], out: Cleaned
) -> None:
    # A credit, an editor note or a dateline may sit above the title; look past it.
    pos = 0
    while pos < min(len(live), 3) and (
        _is_page_line(blocks[live[pos]].text, counts[live[pos]]) or _take_dateline(blocks, counts, live[pos], removed, out)
    ):
        pos += 1
    if pos >= len(live):
        return
    first = live[pos]
    names = bp.byline_names(blocks[first].text, counts[first])
    title_like = blocks[first].hint == "title" or (blocks[first].hint is None and _looks_like_title(blocks[first].text))
    if names is None and pos + 1 < len(live) and title_like:
        kinds[first] = "title"
        pos += 1
    # Byline, dateline and subtitle sit right under the title, in any order.
    for _ in range(3):
        if pos >= len(live):
            return
        i = live[pos]
        text, words = blocks[i].text, counts[i]
        if _take_dateline(blocks, counts, i, removed, out):
            pos += 1
            continue
        names = bp.byline_names(text, words)
        if names:
            removed[i] = "byline"
            out.found["author"] = Found(names, f"byline “{text}”", inferred=False)
            pos += 1
            continue
        if (
            "title" in kinds.values()
            and blocks[i].hint in (None, "heading")
            and 8 <= words <= 60
            and not _ends_like_sentence(text)
            and pos + 1 < len(live)
        ):
            removed[i] = "subtitle"
            out.subtitle = text
            pos += 1
            continue
        break


def _take_dateline(blocks: list[Block], counts: list[int], i: int, removed: dict[int, str], out: Cleaned) -> bool:
    """A "Published: 12 March 2024" line: removed, and its date kept."""
    from sahel_tui.corpus.metadata import latest_dated_event

    text = blocks[i].text
    label = bp.dateline(text, counts[i])
    if label is None:
        return False
    removed[i] = "dateline"
    event = latest_dated_event(text)
    if event is not None:
        if "updated" in label or "modified" in label:
            # An update date only bounds the publication date from above.
            out.found.setdefault("date_latest", Found(event[0], f"dateline “{text}”"))
        else:
            out.found.setdefault("date", Found(event[0], f"dateline “{text}”", inferred=False))
    return True


def _find_author_boxes(blocks: list[Block], counts: list[int], removed: dict[int, str], out: Cleaned) -> None:
    """Author name lines and bios: removed from the text, kept as metadata."""
    live = [i for i in range(len(blocks)) if i not in removed]
    prose = [i for i in live if counts[i] > 12 and _ends_like_sentence(blocks[i].text)]
    last_prose = prose[-1] if prose else -1
    for pos, i in enumerate(live):
        text = blocks[i].text
        who = bp.bio_subject(text)
        if who is None:
            continue
        prev = live[pos - 1] if pos > 0 else None
        nxt = live[pos + 1] if pos + 1 < len(live) else None
        name_line = None
        if prev is not None and bp.is_name_line(blocks[prev].text):
            surname = who.split()[-1]
            if who in ("He", "She", "They") or blocks[prev].text.split()[-1] == surname:
                name_line = prev
        nxt_text = blocks[nxt].text if nxt is not None else ""
        before_links = nxt is not None and (
            bp.is_link(nxt_text, counts[nxt]) or bp.is_list_marker(nxt_text, counts[nxt])
        )
        # A bio closing the article: no prose after it, a full name, and either
        # bio markers (a handle, "author of") or a person the article never
        # mentions otherwise (a source quoted in the story is named earlier).
        trailing = i == last_prose and len(who.split()) >= 2
        if trailing and not bp.looks_like_bio(text):
            surname = who.split()[-1]
            trailing = counts[i] <= 60 and not any(surname in blocks[j].text for j in live if j != i)
        if name_line is None and not before_links and not trailing:
            continue
        removed[i] = "author bio"
        out.author_bio = text
        if name_line is not None:
            removed[name_line] = "author name"
            author, how = blocks[name_line].text, f"name line above the author bio (“{blocks[name_line].text}”)"
        elif who not in ("He", "She", "They"):
            author, how = who, f"author bio (“{_clip(text)}”)"
        else:
            continue
        out.found.setdefault("author", Found(author, how))
        first_sentence = text[: split_sentences(text)[0][1]] if text else text
        pub = bp.publisher_from_bio(first_sentence)
        if pub:
            out.found.setdefault("publisher", Found(pub[0], f"author bio (“{pub[1]}”)"))
        return


def _clip(text: str, limit: int = 80) -> str:
    first = text[: split_sentences(text)[0][1]] if text.strip() else text
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def sentence_key(text: str) -> str:
    """Case, spacing and the quotes or stop around a sentence do not make it a different sentence."""
    return " ".join(text.casefold().split()).strip(_KEY_EDGES)


def _drop_repeats(
    blocks: list[Block],
    counts: list[int],
    removed: dict[int, str],
    kinds: dict[int, str],
    sentence_spans: dict[int, list[tuple[int, int]]],
) -> None:
    """Pull-quotes and duplicated paragraphs: keep each text once, in its natural place.

    The natural place of a sentence is the longest paragraph that holds it
    (a pull-quote is a fragment lifted out of one), and the first one among
    equals. Blocks are visited best home first; a block whose every sentence
    is already kept elsewhere is a repeat.
    """
    body = [
        i for i in range(len(blocks))
        if i not in removed and i not in kinds and not looks_like_heading(blocks[i].text)
    ]  # fmt: skip
    keys: dict[int, list[str]] = {}
    for i in body:
        text = blocks[i].text
        spans = sentence_spans[i] = split_sentences(text)
        keys[i] = [k for s, e in spans if (k := sentence_key(text[s:e]))]
    covered: set[str] = set()
    whole: set[str] = set()
    for i in sorted(body, key=lambda j: (-len(keys[j]), -counts[j], j)):
        ks = keys[i]
        if ks and counts[i] >= _MIN_REPEAT_WORDS and all(k in covered for k in ks):
            removed[i] = "duplicate paragraph" if " ".join(ks) in whole else "pull-quote repeating the article text"
            continue
        covered.update(ks)
        whole.add(" ".join(ks))
    # A subtitle that restates the lede in Title Case is a repeat too.
    for i, reason in list(removed.items()):
        if reason == "subtitle" and sentence_key(blocks[i].text) in covered:
            removed[i] = "subtitle (repeats the opening sentence)"
