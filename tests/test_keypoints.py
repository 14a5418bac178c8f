"""Key points: provenance, every method, length, determinism, errors and cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sahel_tui.analysis.keypoints import (
    DEFAULT_METHOD,
    METHODS,
    SUMY_METHODS,
    KeyPoint,
    default_count,
    key_points,
    resolve_count,
)
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Article, Metadata, Paragraph, Sentence
from sahel_tui.errors import UserError
from sahel_tui.infrastructure.cache import Cache

# Not from the seeds: a made-up report with a title, a heading, a repeated
# pull quote and paragraphs of uneven length.
REPORT = """Flooding Cuts Road Links Across the Lake Chad Basin

Heavy rains have cut the main road between Maiduguri and the border towns, leaving thousands of displaced families without supplies. Aid agencies said the flooding was the worst in a decade. Convoys carrying food and medicine have been stranded for nine days.

Aid agencies said the flooding was the worst in a decade.

Officials in Maiduguri warned that the damaged bridges could take months to repair. The state government has asked the federal authorities for emergency funds. Engineers reported that two of the three bridges on the route had collapsed.

Response and Funding

The United Nations appealed for additional funding to reach families cut off by the water. Donors pledged part of the amount at a meeting in Abuja on Tuesday. Local traders said food prices in the camps had doubled since the rains began.

Armed groups active in the area have exploited the chaos to raid villages. The army said it had moved troops to protect the convoys. Residents said they feared more attacks once the water recedes.

Forecasters expect more rain in the coming weeks. The road will remain closed until the bridges are rebuilt.
"""


@pytest.fixture(scope="module")
def report():
    return article_from_text(REPORT, "flood-report")


def _check_provenance(article, points: list[KeyPoint]) -> None:
    body = {s.id: s for s in article.body_sentences}
    for p in points:
        assert article.text[p.start : p.end] == p.text
        assert p.sentence_id in body, f"{p.sentence_id} is not a body sentence"
        s = body[p.sentence_id]
        assert (s.start, s.end, s.paragraph, s.text) == (p.start, p.end, p.paragraph, p.text)
    starts = [p.start for p in points]
    assert starts == sorted(starts), "points must be in document order"
    assert sorted(p.rank for p in points) == list(range(1, len(points) + 1))


def test_methods_list_covers_sumy_lead_and_default() -> None:
    assert set(SUMY_METHODS) == {"lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction"}
    assert set(METHODS) == set(SUMY_METHODS) | {"lead", DEFAULT_METHOD}
    assert METHODS[0] == DEFAULT_METHOD


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_real_body_sentences(report, method: str) -> None:
    points = key_points(report, method=method, count=4)
    assert len(points) == 4
    _check_provenance(report, points)
    texts = [p.text for p in points]
    assert len(set(texts)) == len(texts), "a repeated sentence was chosen twice"
    assert "Flooding Cuts Road Links Across the Lake Chad Basin" not in texts
    assert "Response and Funding" not in texts
    assert all(isinstance(p.score, float) for p in points)


def test_headings_and_titles_are_never_candidates() -> None:
    # Short body, long headings: a method that leaked headings would pick them.
    text = (
        "Mali Mali Mali Drone Border Drone\n\n"
        "Drone border Mali Algeria drone border Algeria\n\n"
        "The drone fell near the border with Algeria. Mali protested.\n\n"
        "Border Drone Mali Algeria Again\n\n"
        "Algeria closed its airspace after the drone incident."
    )
    article = article_from_text(text, "short")
    body_ids = {s.id for s in article.body_sentences}
    assert len(body_ids) == 3
    for method in METHODS:
        points = key_points(article, method=method, count=3)
        assert {p.sentence_id for p in points} <= body_ids
        _check_provenance(article, points)


@pytest.mark.parametrize(
    "body",
    [
        ["It is what it is."],
        ["Why?", "Because it was.", "And then it was not."],
        ["1,400 kilometres.", "2015."],
    ],
)
def test_degenerate_bodies_do_not_break_any_method(body: list[str]) -> None:
    article = _article_from_blocks([("body", body)], "odd")  # no title words to lean on
    for method in METHODS:
        points = key_points(article, method=method, count=len(body))
        assert len(points) == len(body)
        _check_provenance(article, points)


def test_lead_is_the_first_sentences(report) -> None:
    points = key_points(report, method="lead", count=3)
    assert [p.sentence_id for p in points] == [s.id for s in report.body_sentences[:3]]
    assert [p.rank for p in points] == [1, 2, 3]


def test_default_prefers_the_lead_and_skips_the_repeat(report) -> None:
    points = key_points(report)
    assert points[0].sentence_id == report.body_sentences[0].id
    repeated = "Aid agencies said the flooding was the worst in a decade."
    assert sum(p.text == repeated for p in points) <= 1


def _article_from_blocks(blocks: list[tuple[str, list[str]]], article_id: str) -> Article:
    """Build an Article by hand, so a repeat survives whatever the loader would drop."""
    parts: list[str] = []
    paragraphs = []
    pos = 0
    for number, (kind, sentences) in enumerate(blocks, 1):
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        made = []
        for m, text in enumerate(sentences, 1):
            if m > 1:
                parts.append(" ")
                pos += 1
            made.append(Sentence(f"{article_id}-p{number}-s{m}", article_id, number, m, pos, pos + len(text), text, kind))
            parts.append(text)
            pos += len(text)
        paragraphs.append(Paragraph(f"{article_id}-p{number}", number, kind, start, pos, tuple(made)))
    return Article(article_id, Path(f"{article_id}.txt"), "".join(parts), article_id, Metadata(), tuple(paragraphs))


def test_repeated_sentences_map_to_their_own_ids() -> None:
    # sumy's Sentence compares by text; ours must keep the two copies apart.
    article = _article_from_blocks(
        [
            ("title", ["Floods in the Camps"]),
            ("body", ["Rains flooded the camps near the lake.", "The camps hold thousands of families."]),
            ("body", ["Rains flooded the camps near the lake."]),
            ("heading", ["Aid Arrives"]),
            ("body", ["Aid convoys reached the camps on Friday.", "The families received food and water."]),
        ],
        "dup",
    )
    assert len(article.body_sentences) == 5
    for method in METHODS:
        points = key_points(article, method=method, count=5)
        _check_provenance(article, points)
        ids = [p.sentence_id for p in points]
        assert len(ids) == len(set(ids))
        # The copy is never a second point, so one fewer point than sentences.
        assert len(points) == 4
        assert ("dup-p2-s1" in ids) != ("dup-p3-s1" in ids)


def test_sumy_document_is_our_segmentation() -> None:
    from sahel_tui.analysis.summarizers import build_document

    article = article_from_text(REPORT, "seg")
    document = build_document(article)
    body = article.body_sentences
    assert [str(s) for s in document.sentences] == [s.text for s in body]
    assert [s.index for s in document.sentences] == list(range(len(body)))
    headings = {s.text for p in article.paragraphs if p.kind != "body" for s in p.sentences}
    assert {str(h) for h in document.headings} == headings


def test_deterministic_across_fresh_articles() -> None:
    for method in METHODS:
        first = key_points(article_from_text(REPORT, "a"), method=method, count=5)
        second = key_points(article_from_text(REPORT, "a"), method=method, count=5)
        assert first == second


def test_ties_go_to_the_earlier_sentence() -> None:
    # Identical-looking sentences with no shared words score alike in luhn (0).
    text = "Alpha beta gamma.\n\nDelta epsilon zeta.\n\nEta theta iota.\n\nKappa lambda mu."
    article = article_from_text(text, "ties")
    points = key_points(article, method="luhn", count=2)
    assert [p.sentence_id for p in points] == ["ties-p1-s1", "ties-p2-s1"]


def test_count_and_ratio(report) -> None:
    n = len(report.body_sentences)
    distinct = len({s.text for s in report.body_sentences})  # a repeat is never a second point
    assert len(key_points(report, count=2)) == 2
    assert len(key_points(report, count=n + 10)) == distinct
    assert len(key_points(report, ratio=1.0)) == distinct
    assert len(key_points(report, ratio=0.2)) == resolve_count(n, ratio=0.2)
    assert resolve_count(10, ratio=0.25) == 3  # half rounds up
    assert resolve_count(10, ratio=0.01) == 1  # never zero
    assert 3 <= len(key_points(report)) <= 5


def test_default_count_is_three_to_five_and_never_more_than_available() -> None:
    assert [default_count(n) for n in (0, 1, 2, 3, 10, 30, 45, 200)] == [0, 1, 2, 3, 3, 3, 5, 5]
    one = article_from_text("Title Here\n\nThe only sentence in the body.", "one")
    points = key_points(one)
    assert [p.text for p in points] == ["The only sentence in the body."]
    empty = article_from_text("Just A Title", "empty")
    assert key_points(empty) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "bogus"},
        {"method": "LexRank"},
        {"count": 0},
        {"count": -1},
        {"count": 2.5},
        {"count": True},
        {"ratio": 0},
        {"ratio": -0.2},
        {"ratio": 1.5},
        {"ratio": float("nan")},
        {"count": 2, "ratio": 0.5},
    ],
)
def test_bad_arguments_raise_user_error(report, kwargs) -> None:
    with pytest.raises(UserError):
        key_points(report, **kwargs)


def test_cache_hit_skips_the_work(report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.analysis import keypoints

    cache = Cache(tmp_path / "cache")
    first = key_points(report, method="textrank", count=3, cache=cache)
    assert list((tmp_path / "cache").rglob("*.json")), "nothing was written to the cache"

    def boom(*args, **kwargs):
        raise AssertionError("recomputed despite a cache entry")

    monkeypatch.setattr(keypoints, "score_sentences", boom)
    assert key_points(report, method="textrank", count=3, cache=cache) == first
    # Another method, another length: another entry.
    with pytest.raises(AssertionError):
        key_points(report, method="textrank", count=2, cache=cache)
    with pytest.raises(AssertionError):
        key_points(report, method="lexrank", count=3, cache=cache)


def test_cache_misses_when_segmentation_changes(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    a = article_from_text(REPORT, "x")
    key_points(a, count=3, cache=cache)
    # Same raw bytes (same content hash) but a different id scheme, as when a
    # new loader segments the file differently: never serve stale offsets.
    b = article_from_text(REPORT, "renamed")
    assert b.content_hash == a.content_hash
    points = key_points(b, count=3, cache=cache)
    assert all(p.sentence_id.startswith("renamed-") for p in points)


def test_a_tampered_cache_entry_is_rebuilt(report, tmp_path: Path) -> None:
    import json

    cache = Cache(tmp_path / "cache")
    good = key_points(report, count=2, cache=cache)
    (entry,) = list((tmp_path / "cache").rglob("*.json"))
    records = json.loads(entry.read_text())
    records[0]["start"] += 1  # no longer slices the text
    entry.write_text(json.dumps(records))
    assert key_points(report, count=2, cache=cache) == good
    assert json.loads(entry.read_text())[0]["start"] == good[0].start


def test_to_json_has_exactly_the_contract_keys(report) -> None:
    record = key_points(report, count=1)[0].to_json()
    assert list(record) == ["text", "sentence_id", "paragraph", "start", "end", "score", "rank"]


def test_seeds_points_slice_and_are_body_sentences(seed_corpus) -> None:
    for article in seed_corpus.articles:
        points = key_points(article)
        assert 3 <= len(points) <= 5
        _check_provenance(article, points)
        for p in points:
            assert article.sentence(p.sentence_id).kind == "body"
            assert p.text != article.meta.value("title")


def test_module_import_is_cheap() -> None:
    code = (
        "import sys\n"
        "import sahel_tui.analysis.keypoints, sahel_tui.analysis.tokenizer, sahel_tui.cli.commands.keypoints\n"
        "heavy = [n for n in ('sumy', 'numpy', 'nltk', 'textual') if n in sys.modules]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_tokenizer_needs_no_data_and_keeps_real_words() -> None:
    from sahel_tui.analysis.tokenizer import WordTokenizer, words

    assert words("Algeria’s 1,400-kilometer border—closed; don't panic (3.5%).") == (
        "Algeria",
        "1,400-kilometer",
        "border",
        "closed",
        "don't",
        "panic",
        "3.5",
    )
    tokenizer = WordTokenizer()
    assert tokenizer.language == "english"
    assert tokenizer.to_sentences("  One. Two.  ") == ("One. Two.",)  # never re-split
    assert tokenizer.to_sentences("   ") == ()
