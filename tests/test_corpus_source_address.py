"""Where a source came from: its address and retrieval date, from the page, front matter or manifest,
shown in `sources --json`, the `y` citation and the briefing's footnotes and sources list."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

from sahel_tui.corpus.loader import article_from_text, load_corpus
from sahel_tui.export.citations import Citations

PAGE = """<!DOCTYPE html>
<!-- saved from url=(0042)https://mirror.example.net/stories/barge -->
<html><head><title>Barge sinks off Tilbury | Estuary Wire</title>
<link rel="canonical" href="https://estuary.example.org/2021/03/barge-sinks">
<meta property="og:site_name" content="Estuary Wire">
<meta name="author" content="Jane Holloway">
<meta property="article:published_time" content="2021-03-04T09:12:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/ports">Ports</a> <a href="/weather">Weather</a></nav>
<article><h1>Grain barge sinks off Tilbury in thick fog</h1>
<p>A river barge carrying grain sank off Tilbury on Thursday morning after it struck a mooring buoy in thick fog.</p>
<p>The coastguard said all four crew members were taken to hospital as a precaution and were later released.</p>
<p>The owner said it would cooperate fully with the investigation, which is expected to take several months.</p>
</article>
<footer><p>Estuary Wire, 1 Harbour Road. Contact the newsroom.</p></footer>
</body></html>
"""


def test_page_gives_canonical_address_and_metadata(tmp_path: Path) -> None:
    a = article_from_text(PAGE, "barge", tmp_path / "barge.html")
    m = a.meta
    # The canonical link is the page's own word for its address; the "saved from" comment only a copy's.
    assert m.url is not None and (m.url.value, m.url.inferred) == ("https://estuary.example.org/2021/03/barge-sinks", False)
    assert "trafilatura" in m.url.how
    assert m.title is not None and m.title.value == "Grain barge sinks off Tilbury in thick fog"
    assert m.author is not None and m.author.value == "Jane Holloway"
    assert m.publisher is not None and m.publisher.value == "Estuary Wire"
    assert m.date is not None and m.date.value == "2021-03-04"
    assert "Home Ports Weather" not in a.text and "Harbour Road" not in a.text
    outside = [r for r in a.removed if r.reason == "outside the main text"]
    assert {r.text for r in outside} >= {"Home Ports Weather", "Estuary Wire, 1 Harbour Road. Contact the newsroom."}
    for r in outside:  # each points at the lines it came from
        assert r.text.split()[0] in PAGE[r.source_start : r.source_end]


def test_saved_page_comment_gives_the_address_when_the_page_has_none(tmp_path: Path) -> None:
    page = PAGE.replace('<link rel="canonical" href="https://estuary.example.org/2021/03/barge-sinks">', "")
    a = article_from_text(page, "barge", tmp_path / "barge.html")
    assert a.meta.url is not None and a.meta.url.value == "https://mirror.example.net/stories/barge"
    assert "saved page" in a.meta.url.how


def test_front_matter_and_manifest_give_address_and_retrieval(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "fm.md").write_text(
        "---\ntitle: Barge Report\nsource_url: https://port.example.org/report\naccessed: 2024-05-01\n---\n\n"
        "The barge sank in fog on Thursday. All four crew were rescued by the coastguard.\n",
        encoding="utf-8",
    )
    (root / "plain.txt").write_text("Barge Inquiry\n\nAn inquiry into the sinking opened on Monday in the port.\n", encoding="utf-8")
    (root / "manifest.toml").write_text(
        '[articles."plain.txt"]\nurl = "https://inquiry.example.org/opening"\nretrieved = 2024-06-02\n', encoding="utf-8"
    )
    corpus = load_corpus(root)
    fm, plain = corpus.get("fm"), corpus.get("plain")
    assert fm.meta.url is not None and (fm.meta.url.value, fm.meta.url.how) == ("https://port.example.org/report", "front matter")
    assert fm.meta.retrieved is not None and fm.meta.retrieved.value == "2024-05-01"
    assert plain.meta.url is not None and (plain.meta.url.value, plain.meta.url.how) == ("https://inquiry.example.org/opening", "manifest")
    assert plain.meta.retrieved is not None and plain.meta.retrieved.value == "2024-06-02"
    assert "url" not in plain.meta.extra  # a field now, not an extra


def test_sources_json_lists_the_new_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sahel_tui.cli import main

    root = tmp_path / "c"
    root.mkdir()
    (root / "barge.html").write_text(PAGE, encoding="utf-8")
    (root / "wire.txt").write_text(
        "Barge Inquiry Opens\n\nLONDON (Estuary Wire) - An inquiry into the sinking of a grain barge opened on Monday.\n",
        encoding="utf-8",
    )
    assert main(["sources", "--json", "--corpus", str(root)]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["barge"]["url"] == "https://estuary.example.org/2021/03/barge-sinks"
    assert records["barge"]["retrieved"] is None
    assert records["wire"]["place"] == "London" and "place" in records["wire"]["inferred"]
    assert records["wire"]["provenance"]["place"].startswith("dateline")


def test_citation_and_footnote_carry_publisher_date_and_address(tmp_path: Path) -> None:
    from sahel_tui.ui.screens.main import article_citation

    a = article_from_text(PAGE, "barge", tmp_path / "barge.html")
    s = a.body_sentences[0]
    cited = article_citation(s.text, a, s.paragraph, s.number, s.id)
    assert cited == (
        f"\u201c{s.text}\u201d \u2014 Grain barge sinks off Tilbury in thick fog, Estuary Wire, 2021-03-04, "
        f"https://estuary.example.org/2021/03/barge-sinks, p{s.paragraph} s{s.number} [{s.id}]"
    )
    cites = Citations({a.id: "S1"})
    cites.cite(a, s.id)
    assert cites.definitions() == (
        f"[^{s.id}]: S1, *Grain barge sinks off Tilbury in thick fog*, Estuary Wire, 2021-03-04, "
        f"<https://estuary.example.org/2021/03/barge-sinks>, paragraph {s.paragraph}, sentence {s.number}."
    )


def test_main_text_extraction_makes_no_network_call(tmp_path: Path) -> None:
    # Offline is a rule: any attempt to resolve or connect while a page is read fails this test.
    attempts: list[str] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
            attempts.append(event)

    sys.addaudithook(hook)  # audit hooks cannot be removed; this one only records
    before = len(attempts)
    article_from_text(PAGE, "barge", tmp_path / "barge.html")
    assert attempts[before:] == []
    # The hook itself works: a resolve attempt is seen.
    with pytest.raises(OSError):
        socket.getaddrinfo("host.invalid", 80)
    assert attempts[before:] == ["socket.getaddrinfo"]


def test_a_huge_page_is_read_by_the_built_in_walk_and_says_so(tmp_path: Path) -> None:
    from sahel_tui.corpus import webtext

    para = "<p>Barge {i} carrying grain sank off the port on Thursday after striking a buoy in fog.</p>\n"
    body = "".join(para.format(i=i) for i in range(webtext.TRAFILATURA_LIMIT // len(para) + 10))
    a = article_from_text(f"<html><body><article>{body}</article></body></html>", "big", tmp_path / "big.html")
    assert webtext.SIZE_WARNING in a.warnings
    assert "Barge 7 carrying grain" in a.text


def test_a_publisher_guessed_from_the_host_name_is_marked_inferred(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="og:site_name" content="Estuary Wire">', "")
    a = article_from_text(page, "barge", tmp_path / "barge.html")
    assert a.meta.publisher is not None
    assert (a.meta.publisher.value, a.meta.publisher.inferred) == ("estuary.example.org", True)
    assert "host name" in a.meta.publisher.how
