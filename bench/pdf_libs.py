"""Which PDF text library: speed and text quality, measured on the same PDFs in one run.

    python bench/pdf_libs.py [--real FILE.pdf ...] [--json]

Synthetic PDFs (bench/docgen.py: reportlab, two columns and one, running
headers and footers, hyphenated line ends) have a known ground truth; their
quality is the word-sequence F1 of each library's raw text against it (words
matched in order, so interleaved columns score low; a hyphen at a line end is
joined first, the same for every library). Real PDFs found on the machine
have no ground truth: for them the figure is the time per page and the share
of extracted words that are dictionary-like (letters only, 2-20 characters),
a crude check that the text is text and not glyph soup. The "sahel-brief"
row is this project's reader (sahel_tui/corpus/pdftext.py) with the running
headers, footers and page numbers it removes left out, as the article has them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docgen  # noqa: E402


def words(text: str) -> list[str]:
    # Line-end hyphenation joined for every library alike (pdfium marks it U+FFFE, others keep "-\n").
    text = re.sub(r"(\w)(?:-\s*\n\s*|\ufffe\s*|\u00ad\s*)(\w)", r"\1\2", text)
    return re.findall(r"\w+", text.lower())


def f1(truth: list[str], got: list[str], n: int = 4) -> float:
    """F1 of word 4-grams (as multisets): interleaved columns or lines out of order break them.

    A 4-gram measure rather than a longest common subsequence: the fixtures
    repeat sentences, which sends difflib's greedy matching astray.
    """
    def grams(ws: list[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(ws[i : i + n]) for i in range(len(ws) - n + 1))

    t, g = grams(truth), grams(got)
    matched = sum((t & g).values())
    if not matched:
        return 0.0
    p, r = matched / sum(g.values()), matched / sum(t.values())
    return 2 * p * r / (p + r)


def pypdf_text(path: Path) -> tuple[str, int]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return "\n".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)


def pypdf_layout(path: Path) -> tuple[str, int]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return "\n".join(p.extract_text(extraction_mode="layout") or "" for p in reader.pages), len(reader.pages)


def pdfminer_text(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    out, n = [], 0
    for page in extract_pages(path, laparams=LAParams()):
        n += 1
        out.extend(el.get_text() for el in page if isinstance(el, LTTextContainer))
    return "\n".join(out), n


def pdfium_text(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pdf:
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(out), len(pdf)
    finally:
        pdf.close()


def sahel_reader(path: Path) -> tuple[str, int]:
    """This project's reader: PDFium, pdfminer.six for out-of-order pages, furniture set aside."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sahel_tui.corpus.pdftext import read_pdf

    out = read_pdf(path.read_bytes())
    return "\n".join(b.text for b in out.blocks if b.hint is None), out.pages


LIBS = {"pypdf": pypdf_text, "pypdf-layout": pypdf_layout, "pdfminer.six": pdfminer_text, "pypdfium2": pdfium_text, "sahel-brief": sahel_reader}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", nargs="*", type=Path, default=[])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    cases = []
    for cols, seed, scramble in ((2, 1, None), (1, 2, None), (2, 3, 3), (1, 4, 4)):
        path = tmp / f"synthetic-{cols}col{'-scrambled' if scramble is not None else ''}.pdf"
        truth = docgen.write_pdf(path, docgen.make_text(seed), columns=cols, pages=10, scramble=scramble)
        cases.append((path.name, path, words("\n".join(truth))))
    cases += [(p.name, p, None) for p in args.real]
    rows = []
    for name, path, truth in cases:
        for lib, fn in LIBS.items():
            fn(path)  # warm the imports and the OS cache
            t0 = time.perf_counter()
            text, pages = fn(path)
            dt = time.perf_counter() - t0
            got = words(text)
            row = {"file": name, "lib": lib, "pages": pages, "ms_per_page": round(1000 * dt / max(pages, 1), 1)}
            if truth is not None:
                row["f1"] = round(f1(truth, got), 3)
            else:
                row["wordlike"] = round(sum(1 for w in got if w.isalpha() and 2 <= len(w) <= 20) / max(len(got), 1), 3)
                row["words"] = len(got)
            rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        q = f"F1 {r['f1']:.3f}" if "f1" in r else f"word-like {r['wordlike']:.3f} of {r['words']} words"
        print(f"{r['file']:<34} {r['lib']:<13} {r['pages']:>3} pages {r['ms_per_page']:>7.1f} ms/page  {q}")


if __name__ == "__main__":
    main()
