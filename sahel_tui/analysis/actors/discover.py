"""Per-article discovery: which strings in this article name actors.

Only body sentences are read here. Titles and headings are in Title Case, so
their capitals say nothing; they still get their mentions later, when every
sentence is matched against the names found in bodies (detect.py). Removed
boilerplate (image credits, author bios) is not in ``Article.text`` at all,
so names that occur only there can never be discovered.

The result is plain JSON so it can be cached per article.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from sahel_tui.analysis.actors import gazetteer
from sahel_tui.analysis.actors.acronyms import find_pairs, looks_like_acronym
from sahel_tui.analysis.actors.names import find_runs, is_title_case, role_only, single_ok, strip_run
from sahel_tui.analysis.actors.news import (
    all_caps,
    byline,
    dateline,
    is_label_furniture,
    person_cues,
    single_context,
    table_row,
)
from sahel_tui.analysis.actors.patterns import cued_single, is_conflict_text, naming_cue_names, titled_names
from sahel_tui.analysis.actors.tokens import Token, norm, tokenize

# Bump when discovery changes what it returns: cached results of older versions are then ignored.
DISCOVERY_VERSION = "6"


def _text(tokens: list[Token], i: int, j: int, article_text: str) -> str:
    return norm(article_text[tokens[i].start : tokens[j - 1].end])


def _dateline(tok: Token, index: int, tokens: list[Token]) -> bool:
    """"KHARTOUM — Fighting ...": a place in capitals, not an acronym."""
    if gazetteer.lookup(tok.text.title()) is not None:
        return True
    nxt = tokens[index + 1].gap if index + 1 < len(tokens) else ""
    return index == 0 and len(tok.text) > 4 and any(d in nxt for d in "—–-,")


def _compound_name(tok: Token) -> bool:
    """One-token names: "al-Qaeda", "al-Shabaab", "ISIS-Sahel"."""
    t = tok.text
    if t[:3].lower() in ("al-", "el-") and t[3:4].isupper():
        return True
    parts = t.split("-")
    return len(parts) > 1 and all(p[:1].isupper() for p in parts) and any(
        sum(c.isupper() for c in p) >= 2 for p in parts
    ) and gazetteer.lookup(parts[0]) is None


def _datelines(article: Any, candidates: list[list[Any]]) -> None:
    """"LONDON 1996-08-30" opening a paragraph names a place; the byline line before it, a person."""
    previous: Any = None
    for paragraph in article.paragraphs:
        if paragraph.kind == "title" or not paragraph.sentences:
            previous = None
            continue
        first = paragraph.sentences[0]
        if not first.text[:2].isupper():
            previous = paragraph  # a dateline opens with a capitalised place: most paragraphs stop here
            continue
        tokens = tokenize(first.text, first.start)
        found = dateline(tokens, first.text, first.start) if tokens else None
        if found:
            for i, j, name in found:
                candidates.append([name, first.id, "dateline", False, None, None, {"place": 6.0}])
            if previous is not None and len(previous.sentences) == 1:
                line = previous.sentences[0]
                line_tokens = tokenize(line.text, line.start)
                if byline(line_tokens, line.text):
                    candidates.append([norm(line.text), line.id, "byline", False, None, None, {"person": 4.0}])
        previous = paragraph


def discover(article: Any) -> dict[str, Any]:
    """Candidates of one article: ``{"candidates": [...], "capitalised": [...]}``.

    A candidate is ``[name, sentence_id, kind, initial, role, partner, evidence]``;
    kind is "acronym", "expansion", "titled", "named", "cued" or "run".
    """
    text = article.text
    body = [s for s in article.sentences if s.kind == "body"]
    conflict = is_conflict_text(" ".join(s.text for s in body))
    candidates: list[list[Any]] = []
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    _datelines(article, candidates)
    # Short lines of results tables are segmented as headings; their names count.
    rows = [s for s in article.sentences if s.kind == "heading"]
    for sentence in body + rows:
        tokens = tokenize(sentence.text, sentence.start)
        if not tokens or all_caps(tokens):
            continue  # headline styles: their capitals carry no signal (datelines are read above)
        table = table_row(tokens, sentence.text)
        if (is_title_case(tokens) or sentence.kind == "heading") and not table:
            continue
        if is_label_furniture(sentence.text):
            # "PUBLISHED: 12:02 EST": the label is page furniture, whatever follows it.
            cut = sentence.text.index(":") + sentence.start
            tokens = [t for t in tokens if t.start > cut]
            if not tokens:
                continue
        capitalised.update([t.text for t in tokens[1:] if t.is_cap])
        lowercase.update([w for t in tokens if len(w := t.text) > 2 and w.islower()])
        taken: list[tuple[int, int]] = []  # offsets already claimed by a stronger rule

        def add(name: str, kind: str, start: int, end: int, initial: bool = False, role: str | None = None,
                partner: str | None = None, evidence: dict[str, float] | None = None) -> None:
            candidates.append([name, sentence.id, kind, initial, role, partner, evidence or {}])
            taken.append((start, end))

        for p in find_pairs(sentence.text, sentence.start, tokens):
            add(norm(p.short), "acronym", p.short_start, p.short_end, partner=norm(p.long))
            add(norm(p.long), "expansion", p.long_start, p.long_end, partner=norm(p.short))
        for f in titled_names(tokens):
            add(_text(tokens, f.start, f.end, text), "titled", tokens[f.start].start, tokens[f.end - 1].end,
                role=f.role, evidence=f.evidence)
        for f in naming_cue_names(tokens, conflict, sentence.text):
            add(_text(tokens, f.start, f.end, text), "named", tokens[f.start].start, tokens[f.end - 1].end,
                partner=f.partner, evidence=f.evidence)
        starts = [t.start for t in tokens]
        for run in map(strip_run, find_runs(tokens)):
            if any(run.start < e and s < run.end for s, e in taken):
                continue
            first = bisect_left(starts, run.start)
            name = _text(tokens, first, first + len(run.tokens), text)
            if len(run.tokens) == 1:
                tok = run.tokens[0]
                if gazetteer.lookup(tok.text) is not None:
                    continue
                if looks_like_acronym(tok):
                    if not _dateline(tok, first, tokens):
                        add(name, "acronym", run.start, run.end)
                elif _compound_name(tok):
                    # Never a common word, so capitalised at a sentence start it still counts.
                    add(name, "run", run.start, run.end)
                elif (cue := cued_single(tokens, first, conflict)) is not None:
                    add(name, "cued", run.start, run.end, initial=run.initial, evidence=cue.evidence)
                elif not run.initial and single_ok(tok):
                    # A lone capitalised word mid-sentence: kept by merge.py only if the
                    # corpus never writes it in lower case, and only as an actor once
                    # some context types it (detect.py).
                    add(name, "single", run.start, run.end, evidence=single_context(tokens, first, table))
                continue
            if gazetteer.lookup(name) is not None or role_only(run.tokens):
                continue
            add(name, "run", run.start, run.end, initial=run.initial,
                evidence=person_cues(tokens, first, first + len(run.tokens)))
    return {
        "candidates": candidates,
        "capitalised": sorted(capitalised),
        "lowercase": sorted(lowercase),
        "conflict": conflict,
    }
