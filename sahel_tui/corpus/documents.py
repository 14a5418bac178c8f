"""PDF, Word and e-mail files to a decoded source and its blocks, with the file's own metadata.

Each reader returns a :class:`Document`: the text the pipeline treats as the
decoded source (removal offsets point into it), either the blocks already
made from it (PDF, DOCX: their structure is not in the text) or the kind of
text it is (an e-mail body is plain text or HTML, read by those readers), and
the metadata the file states, each field with where it came from.

Bounds: the loader's 20 MB limit applies to the file itself; a DOCX is a ZIP,
so its members' uncompressed sizes are checked in the ZIP directory before
anything is inflated (a ZIP reader never returns more than the size the
directory declares), and a PDF is read within a page and time limit.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from typing import Any

from sahel_tui.corpus.formats import Block, squash

DOCX_UNCOMPRESSED_LIMIT = 100 * 1024 * 1024  # a long report with photos is ~20 MB inflated
DOCX_MEMBER_LIMIT = 5000
# Each XML part becomes an lxml tree of about 5-10 times its size: this keeps one file well under 1 GB.
DOCX_XML_LIMIT = 40 * 1024 * 1024
# Word styles whose paragraphs are headings; "Title" is the document's title.
_HEADING_STYLES = ("heading", "title", "subtitle", "überschrift", "titre")


class DocumentError(Exception):
    """The file cannot be read; the message is the one-line reason."""


@dataclass(slots=True)
class Document:
    source: str
    kind: str  # how the pipeline reads ``source`` when ``blocks`` is None: "text" or "html"
    blocks: list[Block] | None = None
    meta: dict[str, str] = field(default_factory=dict)
    meta_how: dict[str, str] = field(default_factory=dict)  # field -> provenance
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Fields the file states about something else: a PDF's or DOCX's creation date is when the
    # file was made, which is the publication date only by inference. They stay marked inferred.
    inferred: set[str] = field(default_factory=set)


def read_document(kind: str, data: bytes) -> Document:
    readers = {"pdf": _pdf, "docx": _docx, "email": _email}
    if kind not in readers:
        raise ValueError(f"not a document kind: {kind}")
    try:
        return readers[kind](data)
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # a library failing on a hostile file in a way it does not name: this file only
        raise DocumentError(f"not readable as {kind.upper() if kind != 'email' else 'e-mail'} ({type(exc).__name__})") from None


def _pdf(data: bytes) -> Document:
    from sahel_tui.corpus.pdftext import PdfError, read_pdf

    try:
        pdf = read_pdf(data)
    except PdfError as exc:
        raise DocumentError(str(exc)) from None
    how = {name: "PDF document information" for name in pdf.meta}
    inferred = set()
    if "date" in pdf.meta:
        how["date"] = "PDF document information: the file's creation date"
        inferred.add("date")
    extra = {"format": "pdf", "pages": str(pdf.pages)}
    return Document(pdf.source, "pdf", pdf.blocks, dict(pdf.meta), how, extra, pdf.warnings, inferred)


# ---------------------------------------------------------------- Word


def check_zip(data: bytes) -> None:
    """Refuse a ZIP whose directory promises more than we will inflate (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError(f"not a readable .docx, damaged or truncated ({exc})") from None
    if len(infos) > DOCX_MEMBER_LIMIT:
        raise DocumentError(f".docx has {len(infos)} parts (over {DOCX_MEMBER_LIMIT}): refused as a likely zip bomb")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size > DOCX_XML_LIMIT:
            raise DocumentError(
                f".docx part {info.filename[:80]} would inflate to {info.file_size / 1048576:.0f} MB "
                f"(over {DOCX_XML_LIMIT // 1048576} MB): refused as a likely zip bomb"
            )
    total = sum(i.file_size for i in infos)
    if total > DOCX_UNCOMPRESSED_LIMIT:
        mb = DOCX_UNCOMPRESSED_LIMIT // (1024 * 1024)
        raise DocumentError(
            f".docx would inflate to {total / 1048576:.0f} MB (over {mb} MB): refused as a likely zip bomb"
        )


def _docx(data: bytes) -> Document:
    import zipfile

    check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"not a readable .docx ({type(exc).__name__}: {str(exc)[:120]})") from None
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a damaged part
        raise DocumentError(f"not a readable .docx, a damaged part ({type(exc).__name__})") from None
    texts: list[tuple[str, str | None]] = []  # (text, hint)
    warnings: list[str] = []
    try:
        styles = _style_names(document)
        for item in document.iter_inner_content():
            if hasattr(item, "rows"):  # a table: one block per row, cells joined
                for row in item.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        text = squash(cell.text)
                        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                            cells.append(text)
                    if cells:
                        texts.append(("; ".join(cells), "table"))
                continue
            text = squash(item.text)
            if not text:
                continue
            texts.append((text, _paragraph_hint(item, styles)))
        texts.extend((note, "footnote") for note in _footnotes(document))
    except Exception as exc:  # a part python-docx cannot walk: what was read so far stands
        warnings.append(f".docx partly read ({type(exc).__name__}): the rest of the document is missing")
    source, blocks = _join_blocks(texts)
    meta, how = _core_properties(document)
    inferred = set()
    if "date" in meta:
        how["date"] = "DOCX core properties: the file's creation date"
        inferred.add("date")
    return Document(source, "docx", blocks, meta, how, {"format": "docx"}, warnings, inferred)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_names(document: object) -> dict[str, str]:
    """Style id -> lower-case name, read once: python-docx's ``paragraph.style`` looks the
    style up afresh each time (3 ms a paragraph, 90 s for a 30,000-paragraph file)."""
    names: dict[str, str] = {}
    for style in document.styles:  # type: ignore[attr-defined]
        if style.style_id and style.name:
            names[style.style_id] = style.name.lower()
    return names


def _paragraph_hint(paragraph: object, styles: dict[str, str]) -> str | None:
    element = getattr(paragraph, "_element", None)  # python-docx's proxy keeps its XML element here
    style_el = element.find(f"{_W}pPr/{_W}pStyle") if element is not None else None
    style = styles.get(style_el.get(f"{_W}val", ""), "") if style_el is not None else ""
    if style == "title":
        return "title"
    if style.startswith(_HEADING_STYLES):
        return "heading"
    if "list" in style:
        return "list"
    return None


def _footnotes(document: object) -> list[str]:
    """The footnotes part's notes, "[n] text", read through python-docx's package API."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml  # python-docx's parser: no external entities, no network

    part = document.part  # type: ignore[attr-defined]
    target = None
    for rel in part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            target = rel.target_part
            break
    if target is None:
        return []
    root = parse_xml(target.blob)
    w = _W
    notes: list[str] = []
    for note in root.iter(f"{w}footnote"):
        if note.get(f"{w}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = squash("".join(t.text or "" for t in note.iter(f"{w}t")))
        if text:
            notes.append(f"[{note.get(f'{w}id')}] {text}")
    return notes


def _core_properties(document: object) -> tuple[dict[str, str], dict[str, str]]:
    from sahel_tui.corpus.decode import safe_line

    meta: dict[str, str] = {}
    try:
        props = document.core_properties  # type: ignore[attr-defined]
        title, author, created = props.title, props.author, props.created
    except Exception:  # a damaged core.xml loses the metadata, not the text
        return {}, {}
    from sahel_tui.corpus.pdftext import _junk_title

    if title and safe_line(title) and not _junk_title(safe_line(title)):
        meta["title"] = safe_line(title)[:500]
    if author and safe_line(author):
        meta["author"] = safe_line(author)[:200]
    if created is not None and hasattr(created, "date"):
        meta["date"] = created.date().isoformat()
    return meta, {name: "DOCX core properties" for name in meta}


def _join_blocks(texts: list[tuple[str, str | None]]) -> tuple[str, list[Block]]:
    """The source is the blocks' texts, one per line; each block spans its own line."""
    from sahel_tui.corpus.decode import safe_line

    blocks: list[Block] = []
    pieces: list[str] = []
    pos = 0
    for text, hint in texts:
        clean = safe_line(text)  # controls and escapes out now, so sanitising the source changes nothing
        if not clean:
            continue
        blocks.append(Block(clean, pos, pos + len(clean), hint if hint in ("title", "heading") else None))
        pieces.append(clean)
        pos += len(clean) + 1
    return "\n".join(pieces), blocks


# ---------------------------------------------------------------- e-mail


def _email(data: bytes) -> Document:
    import email
    import email.policy
    from email.utils import getaddresses, parsedate_to_datetime

    from sahel_tui.corpus.decode import safe_line

    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; this is a truly broken file
        raise DocumentError(f"not a readable e-mail ({type(exc).__name__})") from None
    warnings = [f"e-mail: {type(d).__name__}" for d in msg.defects[:3]]
    meta: dict[str, str] = {}
    extra: dict[str, str] = {"format": "email"}

    def header(name: str) -> str:
        try:
            return safe_line(str(msg.get(name, "") or ""))
        except Exception:  # an undecodable header: its raw form, made safe
            return safe_line(str(msg.get_all(name, [""])[0]))

    subject = header("Subject")
    if subject:
        meta["title"] = subject[:500]
    sender = header("From")
    if sender:
        extra["email_from"] = sender[:300]
        names = getaddresses([sender])
        if names:
            name, addr = names[0]
            if name or addr:
                meta["author"] = safe_line(name or addr)[:200]
    when = header("Date")
    if when:
        try:
            meta["date"] = parsedate_to_datetime(when).date().isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            warnings.append(f"e-mail Date header not understood: {when[:60]}")
    for name, key in (("To", "email_to"), ("Message-ID", "message_id")):
        value = header(name)
        if value:
            extra[key] = value[:300]
    how = {name: "e-mail headers" for name in meta}
    body, kind = _email_body(msg, warnings)
    if body is None:
        raise DocumentError("e-mail has no text/plain or text/html part to read")
    return Document(body, kind, None, meta, how, extra, warnings)


def _email_body(msg: object, warnings: list[str]) -> tuple[str | None, str]:
    """The text/plain part, or the text/html one when the plain part is only a stub."""
    parts: dict[str, str] = {}
    for subtype in ("plain", "html"):
        try:
            part = msg.get_body(preferencelist=(subtype,))  # type: ignore[attr-defined]
            if part is not None:
                parts[subtype] = part.get_content()
        except (LookupError, KeyError, ValueError, UnicodeError, AttributeError) as exc:
            warnings.append(f"e-mail text/{subtype} part unreadable ({type(exc).__name__})")
    plain, html = parts.get("plain"), parts.get("html")
    # Newsletters put "View this e-mail in your browser" in the plain part and the issue in the HTML.
    if plain is not None and (html is None or len(plain.split()) >= 40):
        return plain, "text"
    if html is not None:
        return html, "html"
    return plain, "text"


# ---------------------------------------------------------------- bounded reading in worker processes

FILE_TIME_LIMIT = 30.0  # seconds one PDF or DOCX may take to read, in its worker
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space a worker may add to what it had on start
WORKERS = 2  # the machine's cores; more only queues behind them


def _limit_memory() -> None:
    """Worker initializer: cap the address space, so a memory bomb fails alone (MemoryError or a crash)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY_LIMIT, used + MEMORY_LIMIT))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the time limit and the readers' own caps still hold


def _read_in_worker(kind: str, path: str, content_hash: str) -> dict[str, Any] | str:
    """The file read, cleaned and segmented: its cache entry (sahel_tui.corpus.cached.to_json),
    so the cleaning runs on the workers' cores too; or the reason it failed."""
    import hashlib
    from pathlib import Path

    from sahel_tui.corpus.discover import read_limited

    try:
        data = read_limited(Path(path))  # read here, so the parent never holds every file at once
    except (OSError, ValueError) as exc:
        return f"cannot be read: {exc}"
    if hashlib.sha256(data).hexdigest() != content_hash:
        return "changed while it was being read"
    try:
        from sahel_tui.corpus.cached import to_json
        from sahel_tui.corpus.pipeline import build_article

        document = read_document(kind, data)
        # The id is only a placeholder: an entry stores no ids, the loader gives the real one.
        return to_json(build_article("", "doc", Path(path), kind, content_hash, [], document=document))
    except DocumentError as exc:
        return str(exc)
    except MemoryError:
        return f"reading it needed over {MEMORY_LIMIT // (1024 * 1024)} MB: stopped"


def read_documents(items: list[tuple[str, str, str, str]]) -> dict[str, dict[str, Any] | DocumentError]:
    """Read PDF and DOCX files in worker processes: key -> cache entry, or the reason it could not be read.

    PDFium is native code: run here, a PDF that crashed it, looped or ate all
    memory would take the app down. In a worker each file has 30 s and 1 GB
    (RLIMIT_AS), and a crash or a timeout costs only that file, which is
    named. Two workers also read two files at once on two cores. When no
    worker can be started, the files are read here, as before.
    ``items``: (key, kind, path, sha256 of the bytes the caller saw).
    """
    import concurrent.futures as cf
    import multiprocessing

    out: dict[str, dict[str, Any] | DocumentError] = {}
    pending = list(items)
    try:
        context = multiprocessing.get_context("spawn")  # never fork a process that may hold threads
    except ValueError:
        context = None
    # A daemonic process (a multiprocessing.Pool worker) may not start children: read here.
    in_process = multiprocessing.current_process().daemon
    while pending and not in_process:
        try:
            pool = cf.ProcessPoolExecutor(min(WORKERS, len(pending)), mp_context=context, initializer=_limit_memory)
            pending = _drain(pool, pending, out)
        except _NoWorkers:
            in_process = True
    for key, kind, path, content_hash in pending:
        out[key] = _as_result(_read_in_worker(kind, path, content_hash))
    return out


class _NoWorkers(Exception):
    """No worker process could be started here."""


def _drain(pool: object, pending: list[tuple[str, str, str, str]], out: dict[str, dict[str, Any] | DocumentError]) -> list[tuple[str, str, str, str]]:
    """Feed ``pending`` to ``pool`` two at a time; returns what is left when the pool had to be dropped."""
    import concurrent.futures as cf
    import time

    queue = list(pending)
    running: dict[cf.Future[Any], tuple[tuple[str, str, str, str], float]] = {}
    width = pool._max_workers  # type: ignore[attr-defined]
    try:
        while queue or running:
            while queue and len(running) < width:
                try:
                    future = pool.submit(_read_in_worker, queue[0][1], queue[0][2], queue[0][3])  # type: ignore[attr-defined]
                except (OSError, AssertionError, RuntimeError, NotImplementedError, ValueError) as exc:
                    if running:
                        break  # the pool still works for those already running
                    raise _NoWorkers(str(exc)) from None
                running[future] = (queue.pop(0), time.monotonic())
            oldest = min(started for _, started in running.values())
            done, _ = cf.wait(running, timeout=max(0.0, oldest + FILE_TIME_LIMIT - time.monotonic()), return_when=cf.FIRST_COMPLETED)
            if not done:  # the oldest file ran out of time: only killing its worker stops it
                late = [f for f, (_, started) in running.items() if time.monotonic() - started >= FILE_TIME_LIMIT]
                for f in late:
                    out[running[f][0][0]] = DocumentError(f"reading it took over {FILE_TIME_LIMIT:.0f} s: stopped")
                    del running[f]
                _kill(pool)
                return [item for item, _ in running.values()] + queue
            for f in done:
                item, _ = running.pop(f)
                try:
                    out[item[0]] = _as_result(f.result())
                except cf.process.BrokenProcessPool:
                    # A worker died (a crash in native code, or killed for memory). Which file did it is
                    # only certain when one was running: else each is tried again on its own.
                    others = [it for it, _ in running.values()]
                    if not others:
                        out[item[0]] = DocumentError("the reader crashed on this file: damaged or hostile")
                        _kill(pool)
                        return queue
                    _kill(pool)
                    return _one_by_one([item, *others], out) + queue
                except Exception as exc:  # the reader failed in a way it does not name: this file only
                    out[item[0]] = DocumentError(f"could not be read ({type(exc).__name__})")
        pool.shutdown(wait=True)  # type: ignore[attr-defined]
        return []
    except BaseException:
        _kill(pool)
        raise


def _one_by_one(items: list[tuple[str, str, str, str]], out: dict[str, dict[str, Any] | DocumentError]) -> list[tuple[str, str, str, str]]:
    import concurrent.futures as cf
    import multiprocessing

    for item in items:  # alone in its pool, a file that breaks it is the one that crashed (named by _drain)
        pool = cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_limit_memory)
        _drain(pool, [item], out)
    return []


def _kill(pool: object) -> None:
    """Stop a pool now, running work included (shutdown alone waits for a hung worker)."""
    processes = dict(getattr(pool, "_processes", None) or {})  # the executor's own table of its workers
    for proc in processes.values():
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]


def _as_result(value: dict[str, Any] | str) -> dict[str, Any] | DocumentError:
    return DocumentError(value) if isinstance(value, str) else value
