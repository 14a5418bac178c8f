"""Find and load a corpus folder into Articles.

INTERIM VERSION: the plain-text path only, with naive segmentation. The corpus
work replaces the internals; the two public functions keep their signatures.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sahel_tui.corpus.model import Article, Corpus, Field, Metadata, Paragraph, Sentence
from sahel_tui.errors import UserError

_SPLIT = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])")


def article_from_text(text: str, article_id: str = "doc", path: Path | None = None) -> Article:
    """Build an Article from raw text (used by tests and by the loader)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[Paragraph] = []
    out: list[str] = []
    pos = 0
    title: str | None = None
    for line in raw.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out:
            out.append("\n\n")
            pos += 2
        number = len(paragraphs) + 1
        kind = "body"
        if len(line) < 90 and not line.endswith((".", "!", "?", "”", '"')):
            kind = "title" if number == 1 else "heading"
            title = title or (line if number == 1 else None)
        sentences = []
        start = 0
        pieces = [m.end() for m in _SPLIT.finditer(line)] + [len(line)]
        for i, end in enumerate(pieces, 1):
            seg = line[start:end].rstrip()
            s = pos + start
            sentences.append(Sentence(f"{article_id}-p{number}-s{i}", article_id, number, i, s, s + len(seg), seg, kind))
            start = end
        paragraphs.append(Paragraph(f"{article_id}-p{number}", number, kind, pos, pos + len(line), tuple(sentences)))
        out.append(line)
        pos += len(line)
    meta = Metadata(title=Field(title, inferred=False, how="first line") if title else None)
    return Article(
        id=article_id,
        path=path or Path(f"{article_id}.txt"),
        text="".join(out),
        content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        meta=meta,
        paragraphs=tuple(paragraphs),
    )


def article_id_for(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    slug = "--".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in rel.parts)
    return slug or "article"


def load_corpus(root: Path) -> Corpus:
    if not root.exists():
        raise UserError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise UserError(f"corpus is not a folder: {root}")
    articles = []
    for path in sorted(root.rglob("*.txt")):
        articles.append(article_from_text(path.read_text("utf-8"), article_id_for(path, root), path))
    if not articles:
        raise UserError(f"no articles (.txt, .md, .html) in {root}")
    return Corpus(root=root, articles=articles)
