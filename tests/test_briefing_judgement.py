"""Grades, key judgements, and the briefing an analyst hands on (Markdown, HTML, pandoc)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_fixtures import write_markup_corpus
from test_export_validity import HOSTILE, _annotate, assert_valid_briefing

from sahel_tui.cli import main
from sahel_tui.errors import UserError

EPOCH = "1700000000"

ONE = (
    "Talks stall in Algiers\n\n"
    "Mali and Algeria met in Algiers on 3 March 2024 to discuss the peace accord and the border. "
    "The delegations disagreed about the status of the northern armed groups in the talks. "
    "Observers expect further talks before the end of the year, officials said.\n"
)
TWO = (
    "Bamako rejects mediation\n\n"
    "Mali rejected Algerian mediation on 5 March 2024, officials said in Bamako. "
    "The delegations disagreed about the status of the northern armed groups at the talks. "
    "Algeria warned that a military approach would fail in the north.\n"
)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "one.txt").write_text(ONE, encoding="utf-8")
    (root / "two.md").write_text("---\nreliability: c\n---\n" + TWO, encoding="utf-8")
    (root / "manifest.toml").write_text(
        '[articles."one.txt"]\nreliability = "B"\nurl = "https://news.example/one?a=1&b=2"\nretrieved = "2026-11-30"\n',
        encoding="utf-8",
    )
    return root


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- the store ------------------------------------------------------------------------


def test_grades_and_judgements_persist_across_reopen(corpus_dir: Path) -> None:
    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.db import SCHEMA_VERSION
    from sahel_tui.store.grades import GradeStore, grades_for
    from sahel_tui.store.judgements import JudgementStore, citation

    corpus = load_corpus(corpus_dir)
    one, two = corpus.articles
    sid = one.body_sentences[1].id
    with AnnotationStore.open() as store:
        assert store.database.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        grades = GradeStore.of(store)
        grades.set("source", two.id, "a")
        grades.set("claim", sid, "2", text=one.body_sentences[1].text)
        with pytest.raises(UserError, match="not a source reliability grade"):
            grades.set("source", one.id, "G")
        with pytest.raises(UserError, match="claim credibility"):
            grades.set("claim", sid, "7")
        js = JudgementStore.of(store)
        first = js.add("Talks resume  before June.", "likely", "moderate", [citation("claim", sid, "x")])
        second = js.add("Fighting spreads north.", "2", "l")
        with pytest.raises(UserError, match="estimative term"):
            js.add("x", "probable", "high")
        js.move(second.id, -1)
        js.delete(first.id)
    with AnnotationStore.open() as store:
        found = grades_for(corpus, GradeStore.of(store).list())
        # The manifest's B and the analyst's A over the front matter's c.
        assert found.source(one.id) == "B" and found.sources[one.id].origin == "manifest"
        assert found.source(two.id) == "A" and found.sources[two.id].origin == "analyst"
        assert found.claim(sid) == "2"
        js = JudgementStore.of(store)
        live = js.list()
        assert [(j.text, j.term, j.confidence) for j in live] == [("Fighting spreads north.", "very unlikely", "low")]
        gone = js.list(deleted=True)
        assert gone[0].text == "Talks resume before June." and gone[0].citations[0].target == sid
        js.restore(gone[0].id)
        assert [j.text for j in js.list()] == ["Fighting spreads north.", "Talks resume before June."]
        assert GradeStore.of(store).clear("source", two.id)
        assert grades_for(corpus, GradeStore.of(store).list()).source(two.id) == "C"  # the front matter's again


def test_corroboration_suggests_credibility() -> None:
    from sahel_tui.store.grades import claim_suggestions, suggest_credibility

    assert suggest_credibility(1) is None
    assert suggest_credibility(2).value == "2"  # type: ignore[union-attr]
    assert suggest_credibility(5).value == "1"  # type: ignore[union-attr]
    groups = [{"id": "claim-1", "sources": 3, "members": [{"article": "a", "sentence_id": "a-p2-s1", "text": "t"},
                                                          {"article": "b", "sentence_id": "b-p3-s1", "text": "u"}]},
              {"id": "claim-2", "sources": 1, "members": [{"article": "a", "sentence_id": "a-p4-s1", "text": "v"}]}]  # fmt: skip
    assert [(s.sentence_id, s.value) for s in claim_suggestions(groups)] == [("a-p2-s1", "1"), ("b-p3-s1", "1")]


# -- the CLI --------------------------------------------------------------------------


def test_cli_grades_and_judgements(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = ["--corpus", str(corpus_dir)]
    code, out, _ = cli([*c, "grade", "source", "2", "D", "--json"], capsys)
    assert code == 0 and json.loads(out)["value"] == "D" and json.loads(out)["meaning"] == "not usually reliable"
    code, _, err = cli([*c, "grade", "source", "2", "Q"], capsys)
    assert code != 0 and err.startswith("sahel-brief: error: ") and err.count("\n") == 1
    code, _, err = cli([*c, "grade", "claim", "nope-p1-s1", "2"], capsys)
    assert code != 0 and "no sentence" in err
    code, out, _ = cli([*c, "grade", "suggest", "--json"], capsys)
    suggested = json.loads(out)
    assert suggested and {s["suggested"] for s in suggested} == {"2"}
    code, out, _ = cli([*c, "grade", "suggest", "--confirm", "--json"], capsys)
    assert all(s["confirmed"] for s in json.loads(out))
    code, out, _ = cli([*c, "grade", "list", "--json"], capsys)
    listed = json.loads(out)
    assert {g["id"] for g in listed["claims"]} == {s["sentence_id"] for s in suggested}
    claim = suggested[0]["sentence_id"]
    code, out, _ = cli([*c, "judgements", "add", "Talks resume.", "--term", "roughly even chance", "--confidence", "high",
                        "--cite", f"claim:{claim}", "--json"], capsys)  # fmt: skip
    j = json.loads(out)
    assert code == 0 and j["range"] == "45–55%" and j["citations"][0]["kind"] == "claim"
    code, _, err = cli([*c, "judgements", "add", "x", "--term", "likely", "--confidence", "sure"], capsys)
    assert code != 0 and "confidence" in err
    code, out, _ = cli([*c, "judgements", "edit", "1", "--term", "likely", "--uncite", claim, "--json"], capsys)
    assert json.loads(out)["term"] == "likely" and json.loads(out)["citations"] == []
    code, out, _ = cli([*c, "judgements", "list", "--json"], capsys)
    assert [x["text"] for x in json.loads(out)] == ["Talks resume."]
    code, out, _ = cli([*c, "judgements", "scale", "--json"], capsys)
    assert [t["term"] for t in json.loads(out)["terms"]][0] == "almost no chance"


# -- the briefing ---------------------------------------------------------------------


def _prepare(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Grade, judge and note; returns a claim's sentence id."""
    from sahel_tui.corpus.loader import load_corpus

    c = ["--corpus", str(corpus_dir)]
    one = load_corpus(corpus_dir).articles[0]
    claim = one.body_sentences[1].id
    assert cli([*c, "grade", "claim", claim, "2"], capsys)[0] == 0
    assert cli([*c, "notes", "add", "1", "--sentence", "p2-s3", "--note", "Check *this*!"], capsys)[0] == 0
    note_id = json.loads(cli([*c, "notes", "list", "--json"], capsys)[1])[0]["id"]
    assert cli([*c, "grade", "note", note_id, "3"], capsys)[0] == 0
    for text, term in (("The talks will resume.", "likely"), ("Bamako accepts mediation.", "very unlikely")):
        assert cli([*c, "judgements", "add", text, "--term", term, "--confidence", "moderate",
                    "--cite", claim, "--cite", note_id], capsys)[0] == 0  # fmt: skip
    return claim


def test_briefing_leads_with_judgements_and_shows_grades(corpus_dir, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _prepare(corpus_dir, capsys)
    out = tmp_path / "b.md"
    code, _, err = cli(["--corpus", str(corpus_dir), "export", "-o", str(out), "--title", "Mali talks",
                        "--summary", "Talks resume; Bamako holds its line."], capsys)  # fmt: skip
    assert code == 0, err
    text = out.read_text("utf-8")
    meta = assert_valid_briefing(text)
    assert meta["title"] == "Mali talks" and meta["summary"] == "Talks resume; Bamako holds its line."
    assert meta["sources"]["count"] == 2 and meta["sources"]["reliability"] == "B: 1, C: 1"
    assert meta["key_judgements"] == 2
    # No "# Mali talks" under front matter (pandoc prints the YAML title); the judgements come first.
    assert "\n# " not in text
    body = text.split("\n---\n", 1)[1]
    assert body.index("**Summary.** Talks resume") < body.index("## Key judgements") < body.index("## Overview")
    assert "1. **Likely (55–80%), moderate confidence.** The talks will resume." in text
    assert "S1 (B2): “The delegations disagreed" in text
    assert "analyst note “Check \\*this\\*!” on S1 (B3)" in text
    assert "| S1 | Talks stall in Algiers |" in text and "B (usually reliable)" in text and "C (fairly reliable)" in text
    assert "<https://news.example/one?a=1&b=2>, retrieved 2026-11-30." in text
    # One footnote per sentence: the second judgement links to the first one's notes.
    assert re.search(r"\[[¹²³⁴⁵⁶⁷⁸⁹⁰]+\]\(#fn\d+\)", text)
    # Byte-identical again, and the HTML too.
    again = tmp_path / "c.md"
    cli(["--corpus", str(corpus_dir), "export", "-o", str(again), "--title", "Mali talks",
         "--summary", "Talks resume; Bamako holds its line."], capsys)  # fmt: skip
    assert again.read_bytes() == out.read_bytes()
    h1, h2 = tmp_path / "a.html", tmp_path / "b.html"
    for h in (h1, h2):
        assert cli(["--corpus", str(corpus_dir), "export", "-o", str(h), "--title", "Mali talks"], capsys)[0] == 0
    assert h1.read_bytes() == h2.read_bytes()
    assert_safe_html(h1.read_text("utf-8"), {"https://news.example/one?a=1&b=2"})


def test_chronology_quotes_each_sentence_once_and_says_where_the_year_came_from(seed_corpus) -> None:
    from sahel_tui.export.markdown import ExportOptions, export_briefing

    text = export_briefing(seed_corpus, ExportOptions(sections=("comparison",))).text
    chronology = text.split("### Chronology", 1)[1].split("\n### ", 1)[0]
    entries = [line for line in chronology.splitlines() if line.startswith("- **")]
    cites = [re.findall(r"\[\^([^\]]+)\]|\]\(#fn(\d+)\)", line) for line in entries]
    flat = [c for found in cites for c in found]
    assert len(flat) == len(set(flat)) == len(entries)  # one citation per entry, never the same twice
    assert "resolved from the article's own date" not in text
    for line in entries:
        if "(year from the article's date bounds)" in line:
            assert "January" in line or "June" in line or re.search(r"\b[A-Z][a-z]+ \d{1,2}\b", line)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_safe_html(page: str, allowed_links: set[str]) -> None:
    parser = _Tags()
    parser.feed(page)
    names = {t for t, _ in parser.tags}
    assert "script" not in names and "img" not in names and "iframe" not in names and "link" not in names
    assert "<script" not in page.lower()
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name, value)
            if name in ("src", "srcset", "poster", "data", "action", "formaction", "background"):
                raise AssertionError(f"{tag} loads {value}")
            if name == "href":
                assert value is not None and (value.startswith("#") or value in allowed_links), value
    # Nothing remote outside an <a href> to a source: no url() in the style sheet, no http in attributes.
    assert "url(" not in page and "@import" not in page
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page


def test_html_export_of_a_hostile_corpus_is_inert(tmp_path, capsys, monkeypatch) -> None:
    root = write_markup_corpus(tmp_path / "hostile")
    (root / "e-links.txt").write_text(
        "Links <a href=x onclick=alert(1)>here</a>\n\n"
        + " ".join(HOSTILE[:12]).replace("\n", " ")
        + ' And <img src="https://evil.example/p.png" onerror=alert(1)> too.\n',
        encoding="utf-8",
    )
    (root / "manifest.toml").write_text(
        '[articles."d-calm.txt"]\nurl = "https://calm.example/a"\n'
        '[articles."e-links.txt"]\nurl = "javascript:alert(1)"\n'
        '[articles."a-hostile.txt"]\nurl = "https://x.example/\\"onmouseover=alert(1)"\n',
        encoding="utf-8",
    )
    from sahel_tui.corpus.loader import load_corpus

    _annotate(load_corpus(root), [("claim", h) for h in HOSTILE[:6]])
    out = tmp_path / "h.html"
    code, _, err = cli(["--corpus", str(root), "export", "-o", str(out), "--title", "<script>alert(1)</script>",
                        "--summary", '<img src=x onerror="alert(1)">'], capsys)  # fmt: skip
    assert code == 0, err
    page = out.read_text("utf-8")
    assert_safe_html(page, {"https://calm.example/a"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert 'href="javascript' not in page and "evil.example/p.png\"" not in page


def _pandoc(args: list[str], text: str) -> str:
    return subprocess.run(["pandoc", *args], input=text, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (.ci/run installs it)")
def test_pandoc_gives_one_endnote_per_cited_sentence_and_one_title(seed_corpus) -> None:
    from sahel_tui.export.markdown import ExportOptions, export_briefing

    _annotate(seed_corpus, [("claim", "Check."), ("question", "Dated?")])
    result = export_briefing(seed_corpus, ExportOptions(title="Algeria and Mali: the rift"))
    text = result.text
    defined = re.findall(r"^\[\^([^\]\s]+)\]:", text, re.MULTILINE)
    assert len(defined) == len(set(defined)) == result.citations
    page = _pandoc(["-s", "-f", "markdown", "-t", "html5", "--metadata", "lang=en"], text)
    notes = re.findall(r'<li id="fn(\d+)"', page)
    assert len(notes) == len(set(notes)) == len(defined)  # one endnote per distinct cited sentence
    # Every cited sentence is referenced as a footnote exactly once; the other citations link to it.
    assert all(text.count(f"[^{label}]") == 2 for label in defined)  # the reference and the definition
    for n in re.findall(r"\]\(#fn(\d+)\)", text):
        assert n in notes
    assert len(re.findall(r"Algeria and Mali: the rift", page)) == 2  # <title> and the title block
    assert page.count("<h1") == 1
    plain = _pandoc(["-s", "-f", "markdown", "-t", "plain"], text)
    assert plain.count("Algeria and Mali: the rift") == 1


def test_grades_and_judgements_survive_a_damaged_database(corpus_dir: Path) -> None:
    import sqlite3

    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.store import db as dbmod
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.grades import GradeStore
    from sahel_tui.store.judgements import JudgementStore, citation

    one = load_corpus(corpus_dir).articles[0]
    sid = one.body_sentences[0].id
    with AnnotationStore.open() as store:
        for i in range(300):  # enough pages that the damage lands among the annotations
            store.add(one, sid, note=f"note {i} " + "x" * 200)
        GradeStore.of(store).set("source", one.id, "B")
        JudgementStore.of(store).add("Talks resume.", "likely", "high", [citation("claim", sid, "t")])
    path = dbmod.default_path()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // page_size // 2
    data[middle * page_size : middle * page_size + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with AnnotationStore.open() as store:
        assert store.notice and "was damaged" in store.notice
        assert GradeStore.of(store).get("source", one.id).value == "B"  # type: ignore[union-attr]
        [j] = JudgementStore.of(store).list()
        assert j.text == "Talks resume." and j.citations[0].target == sid
