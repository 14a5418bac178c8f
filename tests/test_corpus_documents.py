"""PDF, Word and e-mail sources, from files written by the real tools (reportlab, python-docx, email).

The fixtures come from bench/docgen.py, whose prose was written for this
project; hostile ones (encrypted, image-only, zip bomb, truncated, renamed)
are made from real files with the same tools or by cutting real files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import docgen  # noqa: E402

from sahel_tui.corpus.loader import load_corpus  # noqa: E402

GOOD = "Mali and Niger\n\nThe two governments met in Niamey on Monday to discuss the security of the border region.\n"


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    return root


def _skips(root: Path) -> list[str]:
    corpus = load_corpus(root)
    assert "good" in [a.id for a in corpus.articles]
    return corpus.skipped


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def two_column_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    truth = docgen.write_pdf(path, docgen.make_text(21), columns=2, pages=4)
    return path, truth


def test_pdf_reads_in_reading_order_with_hyphenation_joined(tmp_path: Path, two_column_pdf) -> None:
    path, truth = two_column_pdf
    root = _corpus(tmp_path)
    (root / "report.pdf").write_bytes(path.read_bytes())
    article = next(a for a in load_corpus(root).articles if a.id == "report")
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    # The fixture hyphenates long words at column ends; every paragraph comes back whole, in order.
    body = [t for t in truth[1:]]
    matched = [t for t in body if t in paragraphs]
    assert len(matched) >= 0.95 * len(body)
    assert [p for p in paragraphs if p in body] == [t for t in body if t in paragraphs]
    assert not any(w.endswith("-") for w in article.text.split() if w[:-1].isalpha() and w[:-1].islower())
    assert article.meta.title is not None and article.meta.title.value == truth[0]
    assert article.meta.author is not None and article.meta.author.value == "Amina Diallo"
    assert article.meta.author.how == "PDF document information" and not article.meta.author.inferred
    assert article.meta.date is not None and article.meta.date.inferred
    assert article.meta.date.how == "PDF document information: the file's creation date"
    assert article.meta.extra["format"] == "pdf" and article.meta.extra["pages"] == "4"


def test_pdf_headers_footers_and_page_numbers_are_recorded_removals(tmp_path: Path, two_column_pdf) -> None:
    path, _ = two_column_pdf
    root = _corpus(tmp_path)
    (root / "report.pdf").write_bytes(path.read_bytes())
    article = next(a for a in load_corpus(root).articles if a.id == "report")
    reasons = [r.reason for r in article.removed]
    assert reasons.count("page number") == 4
    assert reasons.count("running header") == 4
    assert "Sahel Security Review" not in article.text and "Page 2" not in article.text
    for r in article.removed:
        assert 0 <= r.source_start < r.source_end and 0 <= r.before <= len(article.text)
    numbers = [r.text for r in article.removed if r.reason == "page number"]
    assert numbers == ["Page 1", "Page 2", "Page 3", "Page 4"]


def test_pdf_drawn_out_of_order_is_read_in_order(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    truth = docgen.write_pdf(root / "shuffled.pdf", docgen.make_text(22), columns=2, pages=2, scramble=5)
    article = next(a for a in load_corpus(root).articles if a.id == "shuffled")
    paragraphs = {article.text[p.start : p.end] for p in article.paragraphs}
    assert sum(1 for t in truth if t in paragraphs) >= 0.9 * len(truth)
    assert any("out of reading order" in w for w in article.warnings)


def test_pdf_renamed_to_txt_is_read_as_pdf(tmp_path: Path, two_column_pdf) -> None:
    path, truth = two_column_pdf
    root = _corpus(tmp_path)
    (root / "renamed.txt").write_bytes(path.read_bytes())
    article = next(a for a in load_corpus(root).articles if a.id == "renamed")
    assert article.title == truth[0]
    assert not article.title.startswith("%PDF")
    assert article.meta.extra["format"] == "pdf"


def test_uncompressed_pdf_renamed_to_txt_is_still_a_pdf(tmp_path: Path) -> None:
    # An uncompressed PDF has no NUL byte: the binary sniff alone used to read it as text.
    root = _corpus(tmp_path)
    docgen.write_pdf(root / "plain.txt", docgen.make_text(23), pages=1, compress=False)
    article = next(a for a in load_corpus(root).articles if a.id == "plain")
    assert "%PDF" not in article.text and "endobj" not in article.text


def test_encrypted_pdf_is_a_named_warning(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    docgen.write_pdf(root / "locked.pdf", docgen.make_text(24), pages=1, encrypt="secret")
    assert _skips(root) == ["locked.pdf: skipped (encrypted PDF: a password is needed to read it)"]


def test_scanned_pdf_without_text_layer_is_a_named_warning(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    docgen.write_image_pdf(root / "scan.pdf")
    (line,) = _skips(root)
    assert line.startswith("scan.pdf: skipped (PDF has no text layer") and "OCR" in line


def test_truncated_pdf_is_a_named_warning(tmp_path: Path, two_column_pdf) -> None:
    path, _ = two_column_pdf
    root = _corpus(tmp_path)
    data = path.read_bytes()
    (root / "cut.pdf").write_bytes(data[: len(data) // 3])
    (line,) = _skips(root)
    assert line.startswith("cut.pdf: skipped (not a readable PDF, truncated or corrupt")


def test_pdf_extension_without_pdf_content(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "fake.pdf").write_text("Just some words, typed into a file with the wrong name.\n")
    assert _skips(root) == ["fake.pdf: skipped (named .pdf but not a PDF file: no PDF signature)"]


def test_pdf_time_limit_stops_with_a_warning(two_column_pdf) -> None:
    from sahel_tui.corpus.pdftext import read_pdf

    path, _ = two_column_pdf
    out = read_pdf(path.read_bytes(), time_limit=0.0)
    assert any("reading stopped after" in w for w in out.warnings)


# ---------------------------------------------------------------- DOCX


def test_docx_headings_lists_tables_footnotes_and_core_properties(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    doc = docgen.make_text(31)
    docgen.write_docx(root / "partner.docx", doc, footnote="Figures from the district health office.")
    article = next(a for a in load_corpus(root).articles if a.id == "partner")
    kinds = {article.text[p.start : p.end]: p.kind for p in article.paragraphs}
    assert kinds[doc.title] == "title"
    for heading, paras in doc.sections:
        assert kinds[heading] == "heading"
        for para in paras:
            assert kinds[para] == "body"
    assert "Two border crossings remained closed to freight." in kinds  # a list item
    assert "Displaced families in district towns; Up by a third" in kinds  # a table row
    assert "[1] Figures from the district health office." in kinds  # the footnote, from the footnotes part
    m = article.meta
    assert (m.title.value, m.author.value, m.date.value) == (doc.title, "Amina Diallo", "2024-03-14")
    assert {m.title.how, m.author.how} == {"DOCX core properties"}
    # The created date is when the file was made: the publication date only by inference.
    assert m.date.how == "DOCX core properties: the file's creation date"
    assert m.inferred_fields() == ["date"]


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    good = tmp_path / "base.docx"
    docgen.write_docx(good, docgen.make_text(32))
    bomb = root / "bomb.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        with zout.open("word/media/padding.bin", "w") as fh:  # 120 MB of zeros, ~120 KB compressed
            chunk = b"\0" * (1 << 20)
            for _ in range(120):
                fh.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    (line,) = _skips(root)
    assert line.startswith("bomb.docx: skipped (.docx would inflate to 1") and "zip bomb" in line


def test_docx_truncated_and_corrupt(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    good = tmp_path / "base.docx"
    docgen.write_docx(good, docgen.make_text(33))
    data = good.read_bytes()
    (root / "cut.docx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(root / "broken.docx", "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            zout.writestr(item, body[: len(body) // 2] if item.filename == "word/document.xml" else body)
    skipped = _skips(root)
    assert len(skipped) == 2
    assert skipped[0].startswith("broken.docx: skipped (not a readable .docx")
    assert skipped[1].startswith("cut.docx: skipped (a damaged ZIP archive")


def test_docx_renamed_to_txt_is_read_as_docx(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    doc = docgen.make_text(34)
    docgen.write_docx(root / "memo.txt", doc)
    article = next(a for a in load_corpus(root).articles if a.id == "memo")
    assert article.title == doc.title and article.meta.extra["format"] == "docx"


def test_other_zip_and_images_are_named(tmp_path: Path) -> None:
    from PIL import Image

    root = _corpus(tmp_path)
    with zipfile.ZipFile(root / "bundle.docx", "w") as zf:
        zf.writestr("readme.txt", "not a word file")
    Image.new("RGB", (4, 4)).save(root / "photo.txt", format="PNG")
    assert _skips(root) == [
        "bundle.docx: skipped (a ZIP archive, not a Word document: extract it first)",
        "photo.txt: skipped (an image file (PNG), not text)",
    ]


# ---------------------------------------------------------------- e-mail


def test_eml_plain_text_with_header_metadata(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    doc = docgen.make_text(41)
    docgen.write_eml(root / "newsletter.eml", doc)
    article = next(a for a in load_corpus(root).articles if a.id == "newsletter")
    m = article.meta
    assert (m.title.value, m.author.value, m.date.value) == (doc.title, "Amina Diallo", "2024-03-15")
    assert m.title.how == "e-mail headers" and not m.inferred_fields()
    assert m.extra["email_from"] == "Amina Diallo <briefings@example.org>"
    assert m.extra["format"] == "email"
    assert doc.sections[0][1][0] in article.text
    assert "Subject:" not in article.text and "Message-ID" not in article.text


def test_eml_html_part_goes_through_the_html_reader(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    doc = docgen.make_text(42)
    docgen.write_eml(root / "html.eml", doc, html=True)
    article = next(a for a in load_corpus(root).articles if a.id == "html")
    assert "best read as HTML" not in article.text  # the plain stub lost to the HTML issue
    assert doc.sections[0][1][0] in article.text
    assert "<p>" not in article.text
    assert article.meta.title.value == doc.title and article.meta.title.how == "e-mail headers"


def test_email_saved_as_txt_is_read_as_email(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    doc = docgen.make_text(43)
    docgen.write_eml(root / "saved.txt", doc)
    article = next(a for a in load_corpus(root).articles if a.id == "saved")
    assert article.title == doc.title and "From:" not in article.text


def test_prose_starting_with_from_is_not_an_email(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "prose.txt").write_text("From: the field\n\nReports from the field describe calm streets in Gao this week.\n")
    article = next(a for a in load_corpus(root).articles if a.id == "prose")
    assert article.meta.extra["format"] == "text"


def test_truncated_eml_without_body_is_named(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "cut.eml").write_bytes(b"From: a@example.org\nSubject: Cut\nContent-Type: multipart/mixed; boundary=x\n\n--x\n")
    (line,) = _skips(root)
    assert line.startswith("cut.eml: skipped (")


# ---------------------------------------------------------------- cache and CLI


def test_documents_come_back_warm_from_the_cache(tmp_path: Path, two_column_pdf, monkeypatch) -> None:
    from sahel_tui.corpus import documents

    path, _ = two_column_pdf
    root = _corpus(tmp_path)
    (root / "report.pdf").write_bytes(path.read_bytes())
    docgen.write_docx(root / "memo.docx", docgen.make_text(51))
    cold = load_corpus(root)

    def boom(kind: str, data: bytes) -> None:
        raise AssertionError(f"{kind} read again on a warm start")

    monkeypatch.setattr(documents, "read_document", boom)
    warm = load_corpus(root)
    assert [a.text for a in warm.articles] == [a.text for a in cold.articles]
    assert [a.removed for a in warm.articles] == [a.removed for a in cold.articles]
    assert [a.meta.as_dict() for a in warm.articles] == [a.meta.as_dict() for a in cold.articles]


def _cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "sahel_tui", *args], capture_output=True, text=True, env=env, cwd=env_dir)


def test_cli_sources_and_read_json_show_document_metadata(tmp_path: Path, two_column_pdf) -> None:
    path, truth = two_column_pdf
    root = _corpus(tmp_path)
    (root / "report.pdf").write_bytes(path.read_bytes())
    docgen.write_eml(root / "mail.eml", docgen.make_text(61))
    (root / "latin.txt").write_bytes("Café talks\n\nThe café owners in Bamako met the mayor on Friday.\n".encode("cp1252"))
    docgen.write_pdf(root / "locked.pdf", docgen.make_text(62), pages=1, encrypt="pw")
    proc = _cli("--corpus", str(root), "sources", "--json", env_dir=tmp_path)
    assert proc.returncode == 2, proc.stderr  # a skipped file: the output stands, the status says so
    records = {r["id"]: r for r in json.loads(proc.stdout)}
    assert records["report"]["format"] == "pdf" and records["report"]["pages"] == 4
    assert records["report"]["provenance"]["author"] == "PDF document information"
    assert records["mail"]["format"] == "email" and records["mail"]["provenance"]["date"] == "e-mail headers"
    assert records["latin"]["warnings"] and records["latin"]["warnings"][0].startswith("not valid UTF-8")
    lines = proc.stderr.splitlines()
    assert "sahel-brief: warning: locked.pdf: skipped (encrypted PDF: a password is needed to read it)" in lines
    assert any(line.startswith("sahel-brief: warning: latin.txt: not valid UTF-8") for line in lines)
    read = _cli("--corpus", str(root), "read", "report", "--json", env_dir=tmp_path)
    record = json.loads(read.stdout)
    assert record["meta"]["extra"]["format"] == "pdf"
    assert {r["reason"] for r in record["removed"]} >= {"running header", "page number"}


def test_cli_names_every_skipped_file_when_none_is_usable(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.txt").write_bytes(b"")
    docgen.write_pdf(root / "locked.pdf", docgen.make_text(71), pages=1, encrypt="pw")
    proc = _cli("--corpus", str(root), "sources", env_dir=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines == [
        "sahel-brief: warning: a.txt: skipped (empty file)",
        "sahel-brief: warning: locked.pdf: skipped (encrypted PDF: a password is needed to read it)",
        f"sahel-brief: error: no usable articles in {root}: all 2 files skipped, each named in a warning line",
    ]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("kind", ["pdf", "docx", "eml"])
def test_truncated_anywhere_is_loaded_or_named(tmp_path: Path, kind: str) -> None:
    """A file cut at any point either still reads or is one named skip line; never a traceback."""
    whole = tmp_path / f"whole.{kind}"
    doc = docgen.make_text(81)
    if kind == "pdf":
        docgen.write_pdf(whole, doc, pages=2)
    elif kind == "docx":
        docgen.write_docx(whole, doc, footnote="A note.")
    else:
        docgen.write_eml(whole, doc, html=True)
    data = whole.read_bytes()
    root = _corpus(tmp_path)
    for n, fraction in enumerate((0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)):
        (root / f"cut{n}.{kind}").write_bytes(data[: int(len(data) * fraction)])
    corpus = load_corpus(root)
    loaded = {a.id for a in corpus.articles} - {"good"}
    named = {line.split(":", 1)[0] for line in corpus.skipped}
    assert all("\n" not in line for line in corpus.skipped)
    assert {f"cut{n}" for n in range(7)} == loaded | {name.rsplit(".", 1)[0] for name in named}


def test_sources_pane_names_the_format() -> None:
    from sahel_tui.corpus.loader import article_from_text
    from sahel_tui.ui.widgets.sources_list import details

    article = article_from_text("A title\n\nThe council met in Gao on Monday to discuss water.\n", "x")
    assert "PDF" not in details(article)
    article.meta.extra["format"] = "pdf"
    assert details(article).split(" · ")[1] == "PDF"


def _crashing_reader(kind: str, path: str, content_hash: str) -> None:
    os.abort()  # what a segfault in native code does to the worker


def _hanging_reader(kind: str, path: str, content_hash: str) -> None:
    time.sleep(120)


@pytest.mark.parametrize("how", ["crash", "hang"])
def test_a_reader_that_crashes_or_hangs_costs_only_its_file(tmp_path: Path, monkeypatch, how: str) -> None:
    from sahel_tui.corpus import documents

    root = _corpus(tmp_path)
    docgen.write_pdf(root / "bad.pdf", docgen.make_text(91), pages=1)
    if how == "crash":
        monkeypatch.setattr(documents, "_read_in_worker", _crashing_reader)
    else:
        monkeypatch.setattr(documents, "_read_in_worker", _hanging_reader)
        monkeypatch.setattr(documents, "FILE_TIME_LIMIT", 3.0)
    started = time.monotonic()
    skipped = _skips(root)
    assert time.monotonic() - started < 60
    expected = "the reader crashed on this file: damaged or hostile" if how == "crash" else "reading it took over 3 s: stopped"
    assert skipped == [f"bad.pdf: skipped ({expected})"]


def test_two_pdfs_are_read_by_workers_and_match_reading_here(tmp_path: Path) -> None:
    from sahel_tui.corpus.cached import to_json
    from sahel_tui.corpus.documents import read_document, read_documents
    from sahel_tui.corpus.pipeline import build_article

    paths = []
    for n in range(3):
        p = tmp_path / f"r{n}.pdf"
        docgen.write_pdf(p, docgen.make_text(95 + n), pages=2)
        paths.append(p)
    import hashlib

    items = [(p.name, "pdf", str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths]
    out = read_documents(items)
    for p, item in zip(paths, items):
        here = build_article("", "doc", p, "pdf", item[3], [], document=read_document("pdf", p.read_bytes()))
        assert out[p.name] == to_json(here)


def _load_ids(root: str) -> list[str]:
    return [a.id for a in load_corpus(Path(root)).articles]


def test_loading_inside_a_daemonic_pool_worker_reads_in_process(tmp_path: Path) -> None:
    import multiprocessing

    root = _corpus(tmp_path)
    docgen.write_pdf(root / "report.pdf", docgen.make_text(93), pages=1)
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # its workers are daemonic: no children allowed
        assert pool.apply(_load_ids, (str(root),)) == ["good", "report"]
