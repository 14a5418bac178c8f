"""Real documents written by real tools, for the tests and the benchmarks.

PDFs are laid out by hand on a reportlab canvas, so the ground truth is known
exactly: two columns (or one), a running header and footer with the page
number on every page, and long words hyphenated at line ends the way a
typesetter does. DOCX files are written by python-docx, e-mails by the
standard library's ``email`` package. The prose is written for this project;
``paragraphs(seed)`` shuffles its sentences so 200 files are not 200 copies.

    python bench/docgen.py OUT_DIR -n 200 --pages 10    # 200 ten-page PDFs
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# Written for these fixtures; no sentence is taken from a real source.
_SENTENCES = [
    "The transitional authorities announced a new round of consultations with regional governors on Tuesday.",
    "Humanitarian convoys reported longer delays at checkpoints along the northern supply corridor.",
    "Analysts in the capital expect the electoral calendar to slip again before the rainy season.",
    "A coalition of farmers' associations warned that fertiliser prices had doubled since the spring.",
    "The ministry of defence confirmed that two battalions had been redeployed towards the tri-border area.",
    "Local radio stations described a growing number of displaced families arriving in the district towns.",
    "Customs officials attributed the fall in revenue to the closure of two border crossings.",
    "Representatives of the opposition platform refused to attend the consultations without guarantees.",
    "The regional economic community scheduled an extraordinary summit to review its sanctions framework.",
    "Independent monitors counted fewer attacks on schools than in the same quarter of the previous year.",
    "Telecommunications outages in the eastern provinces complicated the verification of casualty reports.",
    "Mining companies operating in the south asked for additional security escorts for their shipments.",
    "Several international partners indicated that development funding would resume under strict conditions.",
    "Community leaders organised intercommunal dialogues to settle disputes over grazing land and water points.",
    "The national statistics institute revised its inflation estimate upwards for the third consecutive month.",
    "Journalists covering the northern regions reported restrictions on access to several administrative centres.",
    "A parliamentary committee opened an inquiry into the management of the emergency procurement programme.",
    "Food security assessments classified four departments as being in crisis during the lean season.",
    "The central bank maintained its policy rate, citing uncertainty about cereal harvests and fuel imports.",
    "Religious authorities called for calm after clashes between rival youth groups in the market district.",
    "Counterinsurgency operations were extended to the forested areas along the southwestern frontier.",
    "Aid agencies emphasised that humanitarian access negotiations required predictable and transparent procedures.",
    "The electoral commission published a provisional list of registered voters for public consultation.",
    "Observers noted that decentralisation reforms had stalled because of disagreements over fiscal transfers.",
]
# Sentence parts for the long reports: every sentence of one document is different,
# so cleaning's duplicate detection sees prose, not a pull-quote.
_SUBJECTS = ["Regional governors", "The interim cabinet", "Aid coordinators", "Border officials", "Civil society groups",
             "The national army", "Market traders", "District health teams", "Opposition deputies", "Local mediators",
             "Donor representatives", "Election observers", "Herder associations", "Customs inspectors"]
_VERBS = ["reported", "questioned", "welcomed", "criticised", "documented", "anticipated", "disputed", "monitored",
          "publicised", "negotiated", "reassessed", "postponed"]
_OBJECTS = ["the revised fuel subsidy", "the curfew in the river towns", "the new convoy schedule",
            "the grain reserve releases", "the redeployment of police units", "the disarmament talks",
            "the cross-border trade quotas", "the vaccination campaign", "the census of displaced households",
            "the road reconstruction tenders", "the local election timetable", "the water point rehabilitation"]
_TAILS = ["during the second week of the month", "after repeated delays in the northern districts",
          "despite objections from several municipalities", "following a series of night-time incidents",
          "ahead of the planting season", "in coordination with neighbouring administrations",
          "while budget negotiations continued", "under pressure from transport unions"]
_HEADINGS = ["Security developments", "Political transition", "Humanitarian situation", "Economic outlook",
             "Regional diplomacy", "Outlook and indicators"]  # fmt: skip


@dataclass(slots=True)
class DocText:
    title: str
    author: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    seed: int = 0
    more: Callable[[], list[tuple[str, list[str]]]] | None = None  # further sections, never repeating a sentence

    def paragraphs(self) -> list[str]:
        out = [self.title]
        for heading, paras in self.sections:
            out.append(heading)
            out.extend(paras)
        return out


def make_text(seed: int, sections: int = 4, paras_per_section: int = 4) -> DocText:
    """A report whose sentences never repeat: the fixed sentences first, then composed ones."""
    rng = random.Random(seed)
    fixed = rng.sample(_SENTENCES, len(_SENTENCES))
    combos = [(s, v, o, t) for s in _SUBJECTS for v in _VERBS for o in _OBJECTS for t in _TAILS]
    rng.shuffle(combos)
    # Past the 16,128 combinations (about 500 pages), each round is marked so it still never repeats.
    composed = (f"{s} {v} {o} {t}{f' (update {k})' if k else ''}." for k in itertools.count() for s, v, o, t in combos)

    def sentence() -> str:
        return fixed.pop() if fixed else next(composed)

    def make_sections() -> list[tuple[str, list[str]]]:
        secs = []
        for h in rng.sample(_HEADINGS, min(sections, len(_HEADINGS))):
            paras = []
            for _ in range(paras_per_section):
                paras.append(" ".join(sentence() for _ in range(rng.randint(3, 6))))
            secs.append((h, paras))
        return secs

    return DocText(f"Quarterly Sahel Risk Review {seed}", "Amina Diallo", make_sections(), seed, make_sections)


def write_pdf(
    path: Path,
    doc: DocText,
    *,
    columns: int = 2,
    header: str = "Sahel Security Review | Quarterly Report",
    pages: int | None = None,
    encrypt: str | None = None,
    compress: bool = True,
    scramble: int | None = None,
) -> list[str]:
    """Lay ``doc`` out on A4 pages; returns the body paragraphs in reading order.

    ``pages`` repeats the sections until that many pages are filled (the
    benchmark's ten-page reports); the returned list is the ground truth.
    ``scramble`` (a seed) draws each page's lines in a shuffled order, as some
    producers do: the content stream's order is then not the reading order.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    width, height = A4
    margin, gutter, size, leading = 56.0, 20.0, 10.0, 13.0
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    top, bottom = height - 80.0, 70.0
    kwargs = {"pageCompression": 1 if compress else 0}
    if encrypt is not None:
        kwargs["encrypt"] = encrypt
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    c.setTitle(doc.title)
    c.setAuthor(doc.author)
    c.setSubject("Quarterly risk review")
    c.setCreator("sahel-brief test fixtures (reportlab)")
    page = 1
    col = 0
    y = top
    pending: list[tuple[str, float, float, float, str]] = []  # (font, size, x, y, text) of this page
    shuffle = random.Random(scramble) if scramble is not None else None

    def draw(font: str, fsize: float, x0: float, y0: float, text: str) -> None:
        pending.append((font, fsize, x0, y0, text))

    def end_page() -> None:
        if shuffle is not None:
            shuffle.shuffle(pending)
        for font, fsize, x0, y0, text in pending:
            c.setFont(font, fsize)
            c.drawString(x0, y0, text)
        pending.clear()
        c.showPage()

    def furniture() -> None:
        draw("Helvetica", 8, margin, height - 40, header)
        draw("Helvetica", 8, width - margin - stringWidth(doc.title, "Helvetica", 8), height - 40, doc.title)
        label = f"Page {page}"
        draw("Helvetica", 8, (width - stringWidth(label, "Helvetica", 8)) / 2, 40, label)

    def new_column() -> None:
        nonlocal col, y, page
        col += 1
        y = top
        if col >= columns:
            end_page()
            page += 1
            col = 0
            furniture()

    def x() -> float:
        return margin + col * (col_w + gutter)

    def lines(text: str, font: str, fsize: float) -> list[str]:
        out: list[str] = []
        cur = ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if stringWidth(trial, font, fsize) <= col_w:
                cur = trial
                continue
            # Hyphenate a long word at the line end, as a typesetter would.
            if len(word) >= 8:
                for cut in range(len(word) - 3, 2, -1):
                    head = f"{cur} {word[:cut]}-" if cur else word[:cut] + "-"
                    if word[cut - 1].isalpha() and word[cut].isalpha() and stringWidth(head, font, fsize) <= col_w:
                        out.append(head)
                        cur = word[cut:]
                        break
                else:
                    out.append(cur)
                    cur = word
            else:
                out.append(cur)
                cur = word
        if cur:
            out.append(cur)
        return [line for line in out if line]

    def put(text: str, font: str, fsize: float, lead: float, gap: float) -> None:
        nonlocal y
        for line in lines(text, font, fsize):
            if y < bottom:
                new_column()
            draw(font, fsize, x(), y, line)
            y -= lead
        y -= gap

    furniture()
    draw("Helvetica-Bold", 16, margin, top + 10, doc.title)
    y = top - 24
    truth = [doc.title]
    sections = list(doc.sections)
    rounds = 0
    full = False
    while not full:
        if rounds and doc.more is not None:  # more pages asked for: more of the report, never the same text again
            sections = doc.more()
        for heading, paras in sections:
            put(heading, "Helvetica-Bold", 11, 14, 4)
            truth.append(heading)
            for para in paras:
                put(para, "Helvetica", size, leading, 7)
                truth.append(para)
                # Stop half-way down the last column of the last page asked for.
                if pages is not None and page >= pages and col == columns - 1 and y < (top + bottom) / 2:
                    full = True
                    break
            if full:
                break
        rounds += 1
        full = full or pages is None or rounds > 4 * pages + 50
    end_page()
    c.save()
    return truth


def write_image_pdf(path: Path) -> None:
    """A 'scanned' page: one picture and no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(img)
    for row in range(40, 520, 14):
        draw.rectangle((30, row, 370, row + 6), fill=60)  # lines of "print", as a scanner sees them
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(img), 40, 80, width=515, height=700)
        c.showPage()
    c.save()


def write_docx(path: Path, doc: DocText, *, footnote: str | None = None, table: bool = True) -> None:
    """A Word file with core properties, headings, list items, a table and (optionally) a footnote."""
    import datetime

    import docx

    d = docx.Document()
    d.core_properties.title = doc.title
    d.core_properties.author = doc.author
    d.core_properties.created = datetime.datetime(2024, 3, 14, 9, 30, tzinfo=datetime.timezone.utc)
    d.add_heading(doc.title, level=0)
    for n, (heading, paras) in enumerate(doc.sections):
        d.add_heading(heading, level=1)
        for para in paras:
            d.add_paragraph(para)
        if n == 0:
            d.add_paragraph("Checkpoint delays increased on the northern corridor.", style="List Bullet")
            d.add_paragraph("Two border crossings remained closed to freight.", style="List Bullet")
        if n == 1 and table:
            t = d.add_table(rows=2, cols=2)
            t.cell(0, 0).text = "Indicator"
            t.cell(0, 1).text = "Change"
            t.cell(1, 0).text = "Displaced families in district towns"
            t.cell(1, 1).text = "Up by a third"
    d.save(str(path))
    if footnote is not None:
        add_footnote(path, footnote)


def add_footnote(path: Path, text: str) -> None:
    """python-docx cannot write footnotes; add a footnotes part the way Word lays it out."""
    import shutil
    import tempfile
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    rel = ('<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
           'Target="footnotes.xml"/>')  # fmt: skip
    ctype = ('<Override PartName="/word/footnotes.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')  # fmt: skip
    tmp = Path(tempfile.mkdtemp()) / "out.docx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                s = data.decode("utf-8")
                at = s.index("</w:p>", s.index("<w:body>"))  # after the first paragraph's last run
                s = s[:at] + ref + s[at:]
                data = s.encode("utf-8")
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", ctype.encode() + b"</Types>")
            zout.writestr(item, data)
        zout.writestr("word/footnotes.xml", notes)
    shutil.move(str(tmp), path)


def write_eml(path: Path, doc: DocText, *, html: bool = False) -> None:
    """A newsletter e-mail: headers, and a text/plain body or an HTML alternative."""
    from email.message import EmailMessage
    from email.utils import format_datetime
    import datetime

    msg = EmailMessage()
    msg["Subject"] = doc.title
    msg["From"] = f"{doc.author} <briefings@example.org>"
    msg["To"] = "analysts@example.org"
    msg["Date"] = format_datetime(datetime.datetime(2024, 3, 15, 7, 45, tzinfo=datetime.timezone.utc))
    msg["Message-ID"] = "<fixture-1@example.org>"
    body = "\n\n".join(p for _, paras in doc.sections for p in paras)
    if html:
        parts = "".join(f"<h2>{h}</h2>" + "".join(f"<p>{p}</p>" for p in paras) for h, paras in doc.sections)
        msg.set_content("This newsletter is best read as HTML.")
        msg.add_alternative(f"<html><head><title>{doc.title}</title></head><body><article>{parts}</article></body></html>", subtype="html")
    else:
        msg.set_content(body)
    path.write_bytes(bytes(msg))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        doc = make_text(args.seed * 10_000 + i)
        write_pdf(args.out / f"report-{i:03d}.pdf", doc, columns=2 if i % 2 == 0 else 1, pages=args.pages)
    print(f"{args.n} PDFs of {args.pages} pages in {args.out}")


if __name__ == "__main__":
    main()
