"""Find and load a corpus folder into Articles: the two public entry points.

``load_corpus`` walks a folder of article files (.txt, .md, .html, .pdf, .docx, .eml), reads each one within
a size limit, decodes it, and runs the cleaning and segmentation pipeline;
``article_from_text`` runs the same pipeline on a string (for tests and
tools). A bad file never stops the load: it becomes one line in
``Corpus.skipped``. Only a missing folder, or one without a single usable
article, is an error.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from sahel_tui.corpus.model import Article, Corpus
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.corpus.cached import ArticleCache
    from sahel_tui.corpus.discover import SourceFile

Progress = Callable[[list[Article], int, int], None]

__all__ = ["load_corpus", "load_one", "article_from_text", "article_id_for"]


def article_from_text(text: str, article_id: str = "doc", path: Path | None = None) -> Article:
    """Build an Article from a string with the full cleaning and segmentation pipeline.

    The kind of source follows ``path``'s extension (.md, .html), plain text otherwise.
    """
    from sahel_tui.corpus.discover import EXTENSIONS
    from sahel_tui.corpus.pipeline import build_article

    kind = EXTENSIONS.get(path.suffix.lower(), "text") if path is not None else "text"
    return build_article(text, article_id, path or Path(f"{article_id}.txt"), kind)


def article_id_for(path: Path, root: Path) -> str:
    """The id a file would get on its own (collisions are resolved by ``load_corpus``)."""
    from sahel_tui.corpus.discover import slug

    return slug(path.relative_to(root).as_posix()) or "article"


PROGRESS_EVERY = 0.15  # seconds between two progress calls of a load
FIRST_SCREEN = 30  # articles in the first progress call: a full sources pane on a tall terminal


def load_corpus(
    root: Path,
    cache: Cache | None = None,
    progress: Progress | None = None,
    cleaned: Iterator[list[tuple[str, str | None, dict[str, Any] | None]]] | None = None,
) -> Corpus:
    """Every readable article under ``root``; ``cache`` holds packed articles (default: the user's cache).

    ``progress(articles so far, files read, files found)`` is called every
    ``PROGRESS_EVERY`` seconds while files are read (the app shows sources as
    they arrive); the list it gets is a copy, and the articles are the ones the
    corpus returned at the end holds. ``cleaned`` yields the results of
    :func:`clean_files` over :func:`cleaning_plan`'s chunks, in order (from
    children cleaning the folder ahead); a file it lacks is cleaned here.
    """
    from sahel_tui.corpus.discover import assign_ids, discover, display_path, read_error_reason, read_limited
    from sahel_tui.corpus.metadata import ManifestError, apply_manifest, load_manifest

    root = Path(root)
    found, skipped = discover(root)
    try:
        manifest = load_manifest(root)
    except ManifestError as exc:
        skipped.append(str(exc))
        manifest = {}
    ids = assign_ids(found)
    from sahel_tui.corpus.cached import ArticleCache
    from sahel_tui.infrastructure.cache import Cache

    cache = cache if cache is not None else Cache()
    packs = ArticleCache(root, cache)
    prepared = _read_documents_ahead(found, packs)
    articles: list[Article] = []
    walk_skipped = list(skipped)
    loaded: list[tuple[str, Article]] = []  # (relative path, article): what the corpus index records
    skipped_files: dict[str, str] = {}  # a skipped file's sha256, so the index notices when it changes
    indexable = True
    ahead = _CleanedAhead(found, ids, packs, prepared, cleaned)
    try:
        started = last = time.monotonic()
        shown = False
        for done, f in enumerate(found):
            ahead.wait_for(f.rel)
            if progress is not None and articles:
                now = time.monotonic()
                # The first call as soon as a screenful is read (the app's first frame), then at intervals.
                if now - last >= PROGRESS_EVERY or (not shown and (len(articles) >= FIRST_SCREEN or now - started >= 0.1)):
                    progress(list(articles), done, len(found))
                    last, shown = time.monotonic(), True
            name = display_path(f.rel)
            try:
                data = read_limited(f.path)
            except (OSError, ValueError) as exc:
                skipped.append(f"{name}: skipped ({read_error_reason(exc)})")
                indexable = False  # an unreadable file may be readable next time: always look again
                continue
            try:
                article = _article_from_bytes(data, ids[f.rel], f.path, f.kind, packs, prepared.get(f.rel))
            except _Skip as exc:
                skipped.append(f"{name}: skipped ({exc})")
                skipped_files[f.rel] = hashlib.sha256(data).hexdigest()
                continue
            entry = manifest.get(f.rel)
            if entry is not None:
                for problem in apply_manifest(article.meta, entry):
                    skipped.append(f"{display_path('manifest.toml')}: {name}: {problem}")
            articles.append(article)
            loaded.append((f.rel, article))
    finally:
        ahead.close()
    packs.save()
    skipped.sort(key=lambda line: (line.startswith("manifest.toml"), line))
    for key in sorted(set(manifest) - {f.rel for f in found}):
        skipped.append(f"manifest.toml: no article file named {display_path(key)!r}; entry ignored")
    if not articles:
        if not found and not skipped:
            raise UserError(f"no articles (.txt, .md, .html, .pdf, .docx, .eml) in {display_path(root)}")
        raise NoUsableArticles(root, skipped)
    if indexable:
        from sahel_tui.corpus.index import write_index

        write_index(root, cache, packs, loaded, walk_skipped, skipped_files, skipped)
    return Corpus(root=root, articles=articles, skipped=skipped)


# The files a cold load cleans itself before the workers' first results: the app's first screen
# (a spawned worker needs about half a second to start).
CLEAN_HERE_FIRST = 60


class _CleanedAhead:
    """A cold folder's text files cleaned in worker processes, in order, while the load reads them.

    Only when the pack is empty (a folder never opened, or a changed pipeline:
    every file is a miss) and there are enough files for the workers' start to
    pay. Each result is a pack entry put into ``prepared`` under the file's
    relative path with the hash of the bytes the worker read, so the load
    builds the article from it as from a pack hit, after checking that the
    file it reads has the same hash. PDF and Word files are not sent: they
    have their own bounded workers. A worker that fails or dies only means
    the files left are cleaned here, with the same result.
    """

    def __init__(
        self,
        found: list[SourceFile],
        ids: dict[str, str],
        packs: ArticleCache,
        prepared: dict[str, object],
        cleaned: Iterator[list[tuple[str, str | None, dict[str, Any] | None]]] | None = None,
    ) -> None:
        from sahel_tui.infrastructure.pool import MIN_PARALLEL_ITEMS, Workers, chunked

        self.prepared = prepared
        self.pending: set[str] = set()
        self._results: Any = None
        self._workers: Any = None
        self._stream = cleaned
        if cleaned is not None:
            # Results already on their way (the children startup.prefetch_corpus forked), for every file.
            self._results, self._started = cleaned, True
            self.pending = {f.rel for f in found if f.kind not in ("pdf", "docx") and f.rel not in prepared}
            return
        items = [
            (f.rel, str(f.path), f.kind, ids[f.rel])
            for f in found[CLEAN_HERE_FIRST:]
            if f.kind not in ("pdf", "docx") and f.rel not in prepared
        ]
        if packs.old or len(items) < MIN_PARALLEL_ITEMS:
            return
        workers = Workers(len(items))
        if workers.size <= 1:
            return
        self._workers = workers
        self._parts = chunked(items, workers.size * 8)
        self.pending = {rel for rel, _, _, _ in items}

    def _start(self) -> None:
        """Spawn the workers once the first files are cleaned here: spawning earlier slowed the first screen."""
        self._started = True
        try:
            self._results = iter(self._workers.executor().map(clean_files, self._parts))
        except (OSError, ImportError, RuntimeError, ValueError):
            self.close()

    _started = False
    _parts: list[Any] = []

    def wait_for(self, rel: str) -> None:
        """Take the workers' results until ``rel``'s is in (a no-op for a file not sent)."""
        if rel in self.pending and not self._started:
            self._start()
        while rel in self.pending and self._results is not None:
            try:
                chunk = next(self._results)
            except StopIteration:
                self._results = None
                break
            except (OSError, RuntimeError, EOFError, ValueError):  # BrokenProcessPool is a RuntimeError
                self._results = None  # the files left are cleaned here
                break
            for done_rel, digest, entry in chunk:
                self.pending.discard(done_rel)
                if entry is not None:
                    self.prepared[done_rel] = (digest, entry)
        if self._started and self._results is None:
            self.pending.clear()  # the workers are done or gone: whatever is left is cleaned here

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()  # a stream cut short (a file skipped...) stops its children
            self._stream = None
        if self._workers is not None:
            self._workers.__exit__(None, None, None)
            self._workers = None


STREAM_CHUNK = 25  # files per result a prefetching child sends


def cleaning_plan(root: Path) -> list[list[tuple[str, str, str, str]]]:
    """The text files of ``root`` in load order, in chunks of ``STREAM_CHUNK``: what the prefetching children clean."""
    from sahel_tui.corpus.discover import assign_ids, discover

    found, _ = discover(root)
    ids = assign_ids(found)
    items = [(f.rel, str(f.path), f.kind, ids[f.rel]) for f in found if f.kind not in ("pdf", "docx")]
    return [items[i : i + STREAM_CHUNK] for i in range(0, len(items), STREAM_CHUNK)]


def clean_files(items: list[tuple[str, str, str, str]]) -> list[tuple[str, str | None, dict[str, Any] | None]]:
    """In a worker: (relative path, sha256 of the bytes read, pack entry) per file; None, None when skipped."""
    from sahel_tui.corpus.cached import ArticleCache
    from sahel_tui.corpus.discover import read_limited

    out: list[tuple[str, str | None, dict[str, Any] | None]] = []
    from sahel_tui.corpus.sniff import NotAnArticle, sniff

    for rel, path, kind, article_id in items:
        try:
            data = read_limited(Path(path))
            if data.strip() and sniff(data, kind) in ("pdf", "docx"):
                out.append((rel, None, None))  # a PDF or Word file renamed: read by its own bounded workers
                continue
            packs = ArticleCache()
            _article_from_bytes(data, article_id, Path(path), kind, packs)
            entry = packs.new.get(packs.keys.get(article_id, ""))
            out.append((rel, hashlib.sha256(data).hexdigest(), entry))
        except (OSError, ValueError, _Skip, UserError, NotAnArticle):
            out.append((rel, None, None))  # the load reads it again and names the reason
    return out


def load_one(path: Path, article_id: str) -> Article | None:
    """One file cleaned again, without the cache (the corpus index lost its body); None if unreadable."""
    from sahel_tui.corpus.cached import ArticleCache
    from sahel_tui.corpus.discover import EXTENSIONS, read_limited

    try:
        data = read_limited(path)
        return _article_from_bytes(data, article_id, path, EXTENSIONS.get(path.suffix.lower(), "text"), ArticleCache())
    except (OSError, ValueError, _Skip):
        return None


class NoUsableArticles(UserError):
    """Every article file was skipped. ``skipped`` names each one with its reason.

    The CLI prints each skipped line as its own warning before this error, so a
    second reason is never hidden behind "and 1 more".
    """

    def __init__(self, root: Path, skipped: list[str]) -> None:
        from sahel_tui.corpus.discover import display_path

        self.skipped = list(skipped)
        if len(skipped) == 1:
            detail = skipped[0]
        else:
            detail = f"all {len(skipped)} files skipped, each named in a warning line"
        super().__init__(f"no usable articles in {display_path(root)}: {detail}")


def _read_documents_ahead(found: list[SourceFile], cache: ArticleCache) -> dict[str, object]:
    """PDF and DOCX files the cache does not have, read in worker processes (bounded, two at once).

    Files named otherwise go too when their first KB has a PDF or ZIP
    signature (a PDF renamed .txt); one small read each, so a folder of
    thousands of text files pays a few tens of milliseconds.
    """
    from sahel_tui.corpus.discover import read_limited
    from sahel_tui.corpus.sniff import NotAnArticle, sniff

    items: list[tuple[str, str, str, str]] = []
    for f in found:
        if f.kind not in ("pdf", "docx") and not _signed_document(f.path):
            continue
        try:
            data = read_limited(f.path)
            kind = sniff(data, f.kind) if data.strip() else None
        except (OSError, ValueError, NotAnArticle):
            continue  # the loop below reads it again and names the reason
        digest = hashlib.sha256(data).hexdigest()
        if kind in ("pdf", "docx") and not cache.has(kind, digest):
            items.append((f.rel, kind, str(f.path), digest))
    if not items:
        return {}
    from sahel_tui.corpus.documents import read_documents

    results = read_documents(items)
    # Keyed by content too: a file that changes before the loop reads it again is read afresh there.
    return {rel: (digest, results[rel]) for rel, _, _, digest in items if rel in results}


def _signed_document(path: Path) -> bool:
    from sahel_tui.corpus.discover import _open

    try:
        with _open(path) as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return b"%PDF-" in head or head.startswith(b"PK\x03\x04")


class _Skip(Exception):
    """This file is not an article we can load; the message is the reason."""


def _article_from_bytes(
    data: bytes, article_id: str, path: Path, kind: str, cache: ArticleCache, prepared: object = None
) -> Article:
    from sahel_tui.corpus.decode import DecodeError, decode_bytes, looks_binary
    from sahel_tui.corpus.frontmatter import FrontMatterError
    from sahel_tui.corpus.sniff import NotAnArticle, sniff

    if not data:
        raise _Skip("empty file")
    if not data.strip():
        raise _Skip("empty file (only whitespace)")
    try:
        kind = sniff(data, kind)  # the content's signature first, then the extension
    except NotAnArticle as exc:
        raise _Skip(str(exc)) from None
    content_hash = hashlib.sha256(data).hexdigest()
    if isinstance(prepared, tuple):
        prepared = prepared[1] if prepared[0] == content_hash else None
    if kind in ("pdf", "docx", "email"):
        from sahel_tui.corpus.documents import DocumentError

        try:
            article = cache.document(data, article_id, path, kind, content_hash, [], prepared)
        except DocumentError as exc:
            raise _Skip(str(exc)) from None
        return _checked(article)
    if looks_binary(data):
        raise _Skip("binary file, not text")
    declared = None
    if kind == "html":
        from sahel_tui.corpus.htmltext import declared_charset

        declared = declared_charset(data)
    try:
        text, encoding = decode_bytes(data, declared)
    except DecodeError as exc:
        raise _Skip(str(exc)) from None
    warnings = [] if encoding in ("utf-8", "utf-16") else [f"not valid UTF-8: decoded as {encoding}"]
    try:
        article = cache.article(text, article_id, path, kind, content_hash, warnings, prepared)
    except FrontMatterError as exc:
        raise _Skip(f"broken front matter: {exc}") from None
    article.meta.extra.setdefault("format", kind)
    return _checked(article)


def _checked(article: Article) -> Article:
    # A cached article builds its sentences on first use: do not make them just to count them.
    has_paragraphs = getattr(article, "has_paragraphs", None)
    if not (has_paragraphs() if has_paragraphs is not None else article.paragraphs):
        # Name the cause when the parser cut the page off, so it is not a mystery.
        cut = [w for w in article.warnings if w.startswith("HTML nested too deep")]
        raise _Skip("; ".join(["no article text left after cleaning", *cut]))
    return article
