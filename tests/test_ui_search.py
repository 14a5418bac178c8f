"""The shared search core and `sahel-brief search`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.analysis.search import find_spans, query_terms, search_corpus
from sahel_tui.cli import main
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus

DOC_A = "Port strike\nDockworkers in Lomé’s port stopped work. The union’s leader spoke at noon.\n"
DOC_B = "Rain report\nHeavy rain closed the port road. Farmers welcomed the rain — after a dry year.\n"


def _corpus() -> Corpus:
    return Corpus(Path("."), [article_from_text(DOC_A, "a"), article_from_text(DOC_B, "b")])


def test_straight_quotes_and_hyphens_match_typographic_ones() -> None:
    text = "The union’s leader — and “the port” — spoke."
    assert find_spans(text, "union's") == [(4, 11)]
    assert len(find_spans(text, '"the port"')) == 1
    assert len(find_spans(text, "leader - and")) == 1


def test_find_is_case_insensitive_and_literal() -> None:
    assert find_spans("Port, port, PORT", "port") == [(0, 4), (6, 10), (12, 16)]
    assert find_spans("a.b axb", "a.b") == [(0, 3)]
    assert find_spans("anything", "   ") == []


def test_terms_must_all_be_in_one_sentence() -> None:
    hits = search_corpus(_corpus(), "port rain")
    assert [h.sentence_id for h in hits] == ["b-p2-s1"]
    hit = hits[0]
    assert [hit.text[s:e] for s, e in hit.matches] == ["rain", "port"]
    assert hit.text == _corpus().sentence("b-p2-s1").text


def test_quoted_phrase_stays_whole() -> None:
    assert query_terms('"dry year" rain') == ["dry year", "rain"]
    assert [h.sentence_id for h in search_corpus(_corpus(), '"year after"')] == []
    assert [h.sentence_id for h in search_corpus(_corpus(), '"dry year"')] == ["b-p2-s2"]


def test_limit_stops_early() -> None:
    assert len(search_corpus(_corpus(), "the", limit=1)) == 1


def test_cli_json(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(seeds), "search", "drone", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"query", "terms", "count", "articles", "truncated", "more", "hits"}
    assert data["count"] == len(data["hits"]) > 0
    first = data["hits"][0]
    assert set(first) == {"article", "title", "sentence_id", "paragraph", "sentence", "start", "end", "text", "matches"}
    for hit in data["hits"]:
        assert all(hit["text"][s:e].lower() == "drone" for s, e in hit["matches"])


def test_cli_text_limit_and_no_match(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(seeds), "search", "Mali", "--limit", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 2 and data["truncated"] is True
    assert main(["--corpus", str(seeds), "search", "zzqx-nothing"]) == 1
    assert "0 sentences" in capsys.readouterr().out


def test_cli_rejects_empty_query(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(seeds), "search", "  "]) == 2
    assert "error" in capsys.readouterr().err


def test_cli_limit_says_how_many_more_exist(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(seeds), "search", "Mali", "--json"]) == 0
    total = json.loads(capsys.readouterr().out)["count"]
    assert total > 3
    assert main(["--corpus", str(seeds), "search", "Mali", "--limit", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 3 and data["more"] == total - 3
    assert main(["--corpus", str(seeds), "search", "Mali", "--limit", "3"]) == 0
    assert f"{total - 3} more not shown" in capsys.readouterr().out
    assert main(["--corpus", str(seeds), "search", "Mali", "--limit", str(total), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["more"] == 0 and data["truncated"] is False
