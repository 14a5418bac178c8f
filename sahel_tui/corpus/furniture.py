"""News furniture inside any text: what a news page wraps around the story, found by its shape.

Text pasted from a news site, or extracted from a saved page, a PDF or a Word
file, carries the page's furniture into the prose: "By . Jane Doe .",
"PUBLISHED: 05:31 EST, 6 June 2013 | UPDATED: ...", "LONDON (Agency) --",
"Scroll down for video", image captions, "Follow @desk", "Read more: ...",
subscribe prompts and copyright lines. Left in, they become titles, key
points, organisations and chronology events.

Cleaning (``clean.py``) judges whole lines. Furniture is often not a line of
its own (a pasted article may be a single line), so the rules here cut spans
inside a block: top-of-article rules at the start of the first blocks, and
sentence rules on any sentence. Each rule is a general pattern of news layout,
with the reason for it beside it; none names an outlet. Every cut is kept
(reason, text, exact span in the source where the block is a plain run of
it) and what a cut carries (author, date, place, publisher) is returned as
metadata with the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sahel_tui.corpus.formats import Block, squash
from sahel_tui.corpus.segment import split_sentences

TOP_BLOCKS = 4  # bylines, stamps and datelines sit in the first blocks of an article
_MAX_TOP_CUTS = 8  # "By . X . PUBLISHED: . t . | . UPDATED: . t ." is 5 cuts; a bound keeps it linear
_SENTENCE_LIMIT = 400  # characters: furniture sentences are short; a long one is prose

# A person's name: capitalised tokens (initials, O'Neil, Al-Amin), particles between.
_TOKEN = r"(?:[A-Z][\w’'\-]*\.?|Mc[A-Z][\w’'\-]*)"
_PARTICLE = r"(?:de|da|del|della|van|von|der|le|la|du|dos|bin|ibn|al|el|ould|st\.?)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{1,4}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME}){{0,4}}"
# The desk words that follow a name in a byline ("Jane Doe, Security Correspondent").
_ROLE_WORDS = (
    r"reporter|correspondent|editor|writer|staff|journalist|columnist|contributor|producer|analyst|desk|team"
    r"|bureau\s+chief|chief|critic|reviewer|photographer"
)
_ROLE = re.compile(rf"\b(?:{_ROLE_WORDS})s?\b", re.IGNORECASE)

# "By Jane Doe", "By . Jane Doe and John Roe .", "By JANE DOE, Reporter": a byline
# opens with "By" and two or more capitalised name tokens, then ends (the end of
# the block, a " . " list separator, a "|" or a newline). "By the end of..." and
# "By Monday, ..." never match: lowercase words and single tokens are not names.
_BYLINE = re.compile(
    rf"By\s*[.:]?\s+(?P<names>{_NAMES})(?:\s*,\s*(?P<tail>[A-Za-z][\w&’'\- ]{{1,60}}?))?\s*(?:\.\s+|\.?\s*\|\s*|\.?\s*$|\n)",
)
# Publication stamps: a label and a time and/or date. "PUBLISHED: . 05:31 EST, 6 June 2013 . | ."
# (list-separated), "Last updated at 4:05 PM on 12th July 2011", "updated 10:42 AM EST, Thu January 3, 2013".
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?"
_DATE = rf"(?:{_DAY}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_WHEN = rf"(?:(?:at\s+)?{_TIME}\s*,?\s*(?:on\s+)?{_DATE}|{_DATE}(?:\s*,?\s*(?:at\s+)?{_TIME})?|{_TIME})"
_STAMP = re.compile(
    rf"(?P<label>(?:last\s+|first\s+|originally\s+)?(?:published|updated|posted|modified)(?:\s+on)?)\s*[:.]?\s*(?:\.\s+)?"
    rf"(?P<when>{_WHEN})\s*(?:\.(?=\s|$)\s*)?(?:\|\s*(?:\.\s+)?)?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"(?:\|\s*\.?\s*|\.\s+)")  # what is left between two pieces of a furniture list
# Datelines: a place in capitals and/or a news agency in brackets, then a dash:
# "LONDON, England (CNN) --", "Washington (Reuters) -", "(AP) —", "BAMAKO, Mali — ".
_PLACE = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}){0,2}"
# Some outlets write the agency straight onto the first word ("(Agency)The ..."): no
# dash, no space, a capital right after the bracket; only at the very start of a block.
_DATELINE_AGENCY = re.compile(
    rf"(?P<place>{_PLACE})?\s*\((?P<agency>[A-Z][\w&.'’\-]*(?: [A-Z][\w&.'’\-]*){{0,3}})\)"
    rf"(?:\s*(?:--|—|–|-|:)\s+|(?=[A-Z\"“‘']))"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}){0,2}"
_DATELINE_CAPS = re.compile(rf"(?P<place>{_CAPS_PLACE})\s*(?:--|—|–)\s+")

# Sentence rules: (reason, pattern, word limit). Each matches a whole sentence.
_I = re.IGNORECASE
_SENTENCE_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # A pointer to a video or gallery the text does not hold.
    ("scroll prompt", re.compile(r"(?:scroll|swipe)\s+(?:down|up|below|on)\s+(?:for|to)\b.*", _I), 14),
    # Social prompts: a handle or "on Twitter/Facebook/..." after "follow"; a bare handle line.
    ("social prompt", re.compile(
        r"(?:(?:please\s+)?(?:follow|find|like|join)\b.{0,60}?(?:@\w+|\bon\s+(?:twitter|facebook|instagram|x|linkedin|threads|bluesky|tiktok|youtube)\b).*"
        r"|@\w{2,30}\.?)", _I), 20),
    # "Read more: ...", "RELATED: headline", "WATCH: ...": a link to another page, with its headline.
    ("link", re.compile(
        r"(?:read\s+more|read\s+next|see\s+also|also\s+read|related|more|watch|listen|click\s+here|read\s+the\s+full\s+(?:story|article|report))"
        r"(?:\s*(?::|>>|»|\.\.\.)|\s+(?:—|–|-)\s)\s*.*", _I), 40),
    ("link", re.compile(r"click\s+here\b.{0,80}", _I), 16),
    # Subscribe prompts: an invitation to sign up for mail or a paid plan.
    ("subscribe prompt", re.compile(
        r"(?:subscribe|sign\s+up|register|get|join)\b.{0,120}?\b(?:newsletters?|inbox|e-?mail\s+(?:alerts|updates)|subscription|breaking\s+news\s+alerts)\b.*",
        _I), 30),
    ("subscribe prompt", re.compile(r"(?:subscribe|sign\s+up)\s+(?:now|today|here|for\s+free)\b.*", _I), 16),
    # Comment and share prompts: the page's tools, not its text.
    ("comment prompt", re.compile(
        r"(?:sorry\s+)?we\s+are\s+(?:not\s+)?(?:currently\s+)?(?:accepting|taking|able\s+to\s+accept)\s+comments\b.*"
        r"|share\s+(?:or\s+comment\s+on\s+)?this\s+(?:article|story|page|post)\b.*"
        r"|(?:leave|post|add|read)\s+(?:a|your|the)\s+comments?\b.{0,40}|comments?\s*\(\d+\)\.?|have\s+your\s+say\b.{0,60}",
        _I), 16),
    # Copyright lines: the publisher's notice, never the story.
    ("copyright line", re.compile(r"(?:©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)).*", _I), 40),
    ("copyright line", re.compile(r".{0,120}\ball\s+rights\s+reserved\b.*", _I), 40),
    ("copyright line", re.compile(r"this\s+material\s+may\s+not\s+be\s+(?:published|broadcast|rewritten|redistributed).*", _I), 30),
    # Photo credits written into the text: "Photo: Getty Images", "Image copyright X", "(Photo by X/Agency)".
    ("image credit", re.compile(
        r"\(?(?:photo(?:graph)?|image|picture|pic|credit|video)s?\s*(?:copyright|credit|courtesy(?:\s+of)?|by|source)?\s*[:©]\s*[^.]{1,80}\)?\.?"
        r"|\(?(?:photo(?:graph)?|image|picture)s?\s+(?:copyright|credit|courtesy\s+of|by)\s+[^.]{1,80}\)?\.?"
        r"|image\s+caption\b.*", _I), 16),
    # Contributor lines close wire copy: "Jane Doe contributed to this report."
    ("contributor line", re.compile(
        rf"(?:[A-Z][\w’'\-]*(?:’s|'s)\s+)?{_NAMES}\s+contributed\s+(?:to\s+)?(?:this\s+)?(?:report|story|article|reporting|coverage)\.?"
        rf"|(?:additional\s+)?reporting\s+by\s+{_NAMES}(?:\s+in\s+[A-Z][\w’'\- ]{{1,40}})?(?:\s*;.*)?\.?"
    ), 30),
)
# Image captions pasted into the text: a short label and a colon, then a capitalised description
# ("Floating fortress: The carrier left port", "Pictured: The scene"). The label has no verb of
# saying ("He said: ...", "Police told the court: ...") and no more than four words.
_CAPTION = re.compile(
    r"(?P<label>[A-Z][\w’'\-]*(?:\s+[\w’'\-]+){0,3})\s*:\s+(?P<rest>[A-Z0-9][^:]*)"
)
_CAPTION_LABELS = re.compile(r"(?:pictured|above|below|left|right|top|bottom|inset|main|file)\b", _I)
_SPEECH = re.compile(
    r"\b(?:says?|said|told|tells|adds?|added|writes?|wrote|asks?|asked|explains?|explained|warns?|warned|insists?|insisted"
    r"|claims?|claimed|states?|stated|announces?|announced|tweets?|tweeted|replies|replied|reads?|continues?|continued"
    r"|concludes?|concluded|notes?|noted|admits?|admitted|declares?|declared|posted|wrote|yelled|shouted|commented)\b",
    _I,
)
# Labels that open reported prose or a Q&A line, not a caption.
_NOT_CAPTION = re.compile(
    # Editor's notes ("UPDATE:", "CORRECTION:") are cleaning's "editor note", in any case.
    r"(?i:q|a|note|update|updated|correction|clarification|editor(?:['’]s\s+note)?|source|sources|translation|example"
    r"|question|answer|disclosure|disclaimer)$"
    # A label that opens with a determiner or pronoun, or holds a verb, is prose: "The message was clear: ..."
    r"|(?:The|A|An|This|That|These|Those|It|He|She|They|We|I|You|There|Here|His|Her|Their|Our|One)\b"
    r"|.*\b(?:is|was|are|were|be|been|has|had|have|will|would|can|could|did|does|do)\b"
)


# What any sentence rule above needs somewhere in a block. Plain substring tests
# on the lowered text are C-speed; one regex with this many alternatives scanned
# every block at 80 us each. Most prose blocks pass none, and are never split.
_KEYWORDS = (
    "scroll", "swipe", "@", "twitter", "facebook", "instagram", "linkedin", "threads", "bluesky", "tiktok",
    "youtube", " on x", "subscri", "sign up", "newsletter", "inbox", "alerts", "©", "(c)", "copyright",
    "rights reserved", "this material", "photo", "image", "picture", "credit", "video", "contributed",
    "reporting by", "click here", "comment", "share", "have your say",
)  # fmt: skip
_LINK_WORDS = ("more", "next", "also", "related", "watch", "listen", "full")  # "Read more:", "RELATED -"
_LINK_SEPARATORS = (":", ">>", "»", "...", " - ", " – ", " — ")
_CAPTION_HINT = re.compile(r":\s+[A-Z0-9]")  # a caption's "Label: The ..."; a literal first, so a fast scan


def _may_hold_furniture(text: str, keywords: tuple[str, ...] = _KEYWORDS, link_words: tuple[str, ...] = _LINK_WORDS) -> bool:
    low = text.lower()
    if any(k in low for k in keywords) or _CAPTION_HINT.search(text):
        return True
    return any(sep in text for sep in _LINK_SEPARATORS) and any(w in low for w in link_words)


def _present(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The trigger words the whole text holds: each block then checks only those (mostly none)."""
    low = text.lower()
    return tuple(k for k in _KEYWORDS if k in low), tuple(w for w in _LINK_WORDS if w in low)


_FIRST_PERSON = re.compile(r"(?:I|I['’]m|I['’]ve|I['’]d|I['’]ll|We|We['’]re|We['’]ve|You|My|Our|Let['’]s)\b")


@dataclass(slots=True)
class Carried:
    """A metadata value that a piece of furniture carried, with the evidence."""

    value: str
    how: str
    inferred: bool = True


@dataclass(slots=True)
class Furniture:
    """What came out of a whole article: metadata carried by the cuts (first one wins)."""

    found: dict[str, Carried] = field(default_factory=dict)
    news_page: bool = False  # a byline or a publication stamp opened the text

    def carry(self, name: str, value: str, how: str, inferred: bool = True) -> None:
        value = squash(value).strip(" .,;:-")
        if value and name not in self.found:
            self.found[name] = Carried(value[:300], how, inferred)


def strip_furniture(blocks: list[Block], source: str) -> Furniture:
    """Cut furniture out of ``blocks`` in place; a block that is all furniture gets ``cut_reason``."""
    out = Furniture()
    prose = [b for b in blocks if b.hint is None]
    cuts: dict[int, list[tuple[int, int, str]]] = {}
    for k, block in enumerate(prose[:TOP_BLOCKS]):
        found = _top_cuts(block.text, out)
        if found:
            cuts[k] = found
    # "Label: The description." is a caption only in news copy: in a blog, a manual or a
    # report it is a list entry ("Bio: Make sure ...", "Hinweis: Der ..."). A byline,
    # stamp at the top is what says the text is a pasted news page. A dateline alone does
    # not: wire copy has one, and its "Business: ..." fact lines are not captions.
    captions = out.news_page
    # One scan of the whole text: an article with no trigger anywhere needs no sentence rules at all.
    if _may_hold_furniture(source):
        present = _present(source)
        for k, block in enumerate(prose):
            mine = cuts.setdefault(k, [])
            start_at = mine[-1][1] if mine else 0
            if start_at < len(block.text) and _may_hold_furniture(block.text[start_at:], *present):
                mine.extend(_sentence_cuts(block.text, start_at, out, opening=k == 0 and not mine, captions=captions))
    for k, found in cuts.items():
        if found:
            _apply(prose[k], found, source)
    return out


def _top_cuts(text: str, out: Furniture) -> list[tuple[int, int, str]]:
    """Bylines, stamps and datelines at the start of a block, as many as follow each other."""
    cuts: list[tuple[int, int, str]] = []
    pos = 0
    for _ in range(_MAX_TOP_CUTS):
        m = _BYLINE.match(text, pos)
        if m and _byline(m, out):
            cuts.append((pos, m.end(), "byline"))
            out.news_page = True
            pos = m.end()
            continue
        m = _STAMP.match(text, pos)
        if m:
            _stamp(m, out)
            out.news_page = True
            cuts.append((pos, m.end(), "dateline"))  # the name cleaning gives a "Published:" line too
            pos = m.end()
            continue
        m = _DATELINE_AGENCY.match(text, pos) or _DATELINE_CAPS.match(text, pos)
        if m and m.end() < len(text):
            _dateline(m, out)
            cuts.append((pos, m.end(), "dateline"))
            pos = m.end()
            break  # the story starts right after its dateline
        if cuts:
            sep = _SEPARATOR.match(text, pos)
            if sep and sep.end() > pos:
                cuts.append((pos, sep.end(), cuts[-1][2]))
                pos = sep.end()
                continue
        break
    return cuts


def _byline(m: re.Match[str], out: Furniture) -> bool:
    names = [n for n in re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names")) if n]
    if not names:
        return False
    people = [n for n in names if not _ROLE.search(n)]
    desks = [n for n in names if _ROLE.search(n)]
    evidence = f"byline “{squash(m.group())}”"
    if people:
        # A byline states the author; like a "By" line under a title, it is the page's word, not a guess.
        out.carry("author", "; ".join(people), evidence, inferred=False)
    elif desks:
        out.carry("author", desks[0], evidence, inferred=False)
    tail = m.group("tail") or ""
    if tail and not _ROLE.search(tail):
        out.carry("publisher", tail, evidence)  # "By Jane Doe, CNN": the outlet after the name
    # A desk ("Crime Correspondent", "Staff Reporter") names a beat as often as a
    # newsroom, so it gives no publisher.
    return True


def _stamp(m: re.Match[str], out: Furniture) -> None:
    from sahel_tui.corpus.metadata import latest_dated_event

    event = latest_dated_event(m.group("when"))
    if event is None:
        return
    label = m.group("label").lower()
    evidence = f"dateline “{squash(m.group()).rstrip(' .|')}”"
    if "updated" in label or "modified" in label:
        out.carry("date_latest", event[0], evidence)  # an update only bounds the publication from above
    else:
        out.carry("date", event[0], evidence, inferred=False)


def _dateline(m: re.Match[str], out: Furniture) -> None:
    evidence = f"dateline “{squash(m.group())}”"
    place = m.groupdict().get("place")
    if place:
        # The place the story was filed from, as the dateline spells it (capitals softened).
        out.carry("place", " ".join(w.title() if w.isupper() and len(w) > 3 else w for w in place.split()), evidence)
    agency = m.groupdict().get("agency")
    if agency:
        out.carry("publisher", agency, evidence)


def _sentence_cuts(text: str, start_at: int, out: Furniture, opening: bool, captions: bool) -> list[tuple[int, int, str]]:
    if start_at >= len(text):
        return []
    cuts: list[tuple[int, int, str]] = []
    tail = text[start_at:]
    for n, (s, e) in enumerate(split_sentences(tail)):
        sentence = tail[s:e]
        if len(sentence) > _SENTENCE_LIMIT:
            continue
        reason = _sentence_reason(sentence, opening=opening and n == 0, captions=captions)
        if reason is None:
            continue
        if reason == "copyright line":
            holder = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*", "", sentence, flags=_I)
            holder = re.split(r"\.\s|\ball\s+rights\b|\.$", holder, maxsplit=1, flags=_I)[0]
            if holder and len(holder.split()) <= 6 and holder[:1].isupper():
                out.carry("publisher", holder, f"copyright line “{squash(sentence)}”")
        cuts.append((start_at + s, start_at + e, reason))
    return cuts


def _sentence_reason(sentence: str, opening: bool, captions: bool) -> str | None:
    words = len(sentence.split())
    bare = sentence.strip()
    for reason, pattern, limit in _SENTENCE_RULES:
        if words <= limit and pattern.fullmatch(bare):
            return reason
    m = _CAPTION.fullmatch(bare) if captions and not opening and words <= 60 else None
    # A speaker's words in a transcript ("Christie: I don't know ...") speak in the first person.
    if m and _FIRST_PERSON.match(m.group("rest")):
        m = None
    if m:
        label = m.group("label")
        if not _SPEECH.search(label) and not _NOT_CAPTION.match(label) and (
            _CAPTION_LABELS.match(label) or bare.rstrip("”’\"'").endswith((".", ")"))
        ):
            return "image caption"
    return None


def _apply(block: Block, cuts: list[tuple[int, int, str]], source: str) -> None:
    """Remove the cut spans from the block's text and record each, with its span in the source."""
    cuts = sorted(cuts)
    merged: list[tuple[int, int, str]] = []
    for s, e, reason in cuts:
        if merged and s <= merged[-1][1] and merged[-1][2] == reason:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e), reason)
        elif not merged or s >= merged[-1][1]:
            merged.append((s, e, reason))
    text = block.text
    exact = squash(source[block.start : block.end]) == text
    positions = _source_positions(source, block.start, block.end, [p for s, e, _ in merged for p in (s, e)]) if exact else None
    pieces: list[str] = []
    pos = 0
    new_len = 0
    records: list[tuple[str, str, int, int, int]] = []
    for k, (s, e, reason) in enumerate(merged):
        kept = squash(text[pos:s])
        if kept:
            new_len += len(kept) + (1 if pieces else 0)
            pieces.append(kept)
        cut_text = squash(text[s:e])
        if positions is not None:
            src_s, src_e = positions[2 * k], positions[2 * k + 1]
            # The span in the source ends at the cut's last non-space character.
            while src_e > src_s and source[src_e - 1].isspace():
                src_e -= 1
        else:
            src_s, src_e = block.start, block.end
        if cut_text:
            records.append((str(reason), cut_text, src_s, src_e, new_len + (1 if pieces else 0)))
        pos = e
    rest = squash(text[pos:])
    if rest:
        pieces.append(rest)
    block.text = " ".join(pieces)
    for reason, cut_text, src_s, src_e, before in records:
        block.cuts.append((reason, cut_text, src_s, src_e, min(before, len(block.text))))
    if not block.text:
        block.text = text  # the whole block was furniture: it is removed whole, each cut recorded
        block.cut_reason = records[0][0] if records else "page furniture"


def _source_positions(source: str, start: int, end: int, offsets: list[int]) -> list[int]:
    """Source offsets of positions in ``squash(source[start:end])`` (the block's text)."""
    seg_start = start
    while seg_start < end and source[seg_start].isspace():
        seg_start += 1
    wanted = sorted(set(offsets))
    found: dict[int, int] = {}
    text_pos = 0  # position in the squashed text
    src = seg_start
    w = 0
    # Walk runs of non-space and space in step: a space run is one character of the squashed text.
    for m in re.finditer(r"\S+|\s+", source[seg_start:end]):
        run = m.group()
        length = 1 if run[0].isspace() else len(run)
        while w < len(wanted) and wanted[w] < text_pos + length:
            found[wanted[w]] = src + (wanted[w] - text_pos if not run[0].isspace() else 0)
            w += 1
        text_pos += length
        src += len(run)
    while w < len(wanted):
        found[wanted[w]] = src
        w += 1
    return [found[o] for o in offsets]
