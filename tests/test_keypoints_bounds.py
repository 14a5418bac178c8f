"""Key points stay bounded on long texts (issue 18): linear memory, a cap with a notice, no numpy traceback."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from sahel_tui.analysis import keypoints
from sahel_tui.analysis.keypoints import DEFAULT_METHOD, SUMY_MAX_SENTENCES, key_points, sumy_cap_notice
from sahel_tui.cli import main
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.errors import UserError


def _long_text(sentences: int, seed: int = 7) -> str:
    # Made-up words, so the sentence graph is dense enough to matter but no text is copied.
    rng = random.Random(seed)
    words = [f"w{rng.randint(0, 3000)}x" for _ in range(4000)] + ["army", "town", "convoy", "road"]
    paras = []
    for p in range(sentences // 5):
        paras.append(" ".join(" ".join(rng.choices(words, k=12)).capitalize() + "." for _ in range(5)))
    return "A long report\n\n" + "\n\n".join(paras) + "\n"


def test_default_method_memory_is_far_below_the_square_of_the_sentence_count() -> None:
    article = article_from_text(_long_text(6000), "long")
    n = len(article.body_sentences)
    assert n >= 5000
    tracemalloc.start()
    try:
        points = key_points(article)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(points) == 5
    # One dense n x n float matrix alone is n*n*8 bytes (about 200 MB here); the old code made several.
    assert peak < (n * n * 8) / 8, f"peak {peak / 1e6:.0f} MB for {n} sentences"


def test_a_memory_failure_is_a_one_line_user_error_not_numpy_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import sahel_tui.analysis.centrality as centrality

    def boom(texts: object) -> object:
        raise MemoryError("Unable to allocate 423. GiB for an array with shape (240000, 240000)")

    monkeypatch.setattr(centrality, "default_scores", boom)
    article = article_from_text(_long_text(50), "a")
    with pytest.raises(UserError) as err:
        key_points(article)
    assert "GiB" not in str(err.value) and "\n" not in str(err.value)
    assert "not enough memory" in str(err.value)


def test_sumy_methods_rate_only_the_capped_prefix_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keypoints, "SUMY_MAX_SENTENCES", 40)
    article = article_from_text(_long_text(200), "cap")
    points = key_points(article, method="luhn", count=3)
    index = {s.id: i for i, s in enumerate(article.body_sentences)}
    assert all(index[p.sentence_id] < 40 for p in points)
    notice = sumy_cap_notice(article, "luhn")
    assert notice is not None and "first 40" in notice
    assert sumy_cap_notice(article, DEFAULT_METHOD) is None
    assert SUMY_MAX_SENTENCES >= 500  # the real cap leaves ordinary articles untouched


def test_cli_keypoints_warns_about_the_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keypoints, "SUMY_MAX_SENTENCES", 40)
    root = tmp_path / "c"
    root.mkdir()
    (root / "long.txt").write_text(_long_text(200), "utf-8")
    status = main(["keypoints", "--corpus", str(root), "--method", "luhn"])
    _, err = capsys.readouterr()
    assert status == 0
    assert "warning:" in err and "rated only the first 40" in err


def test_a_large_ratio_checks_redundancy_against_a_bounded_number_of_points(monkeypatch: pytest.MonkeyPatch) -> None:
    import sahel_tui.analysis.centrality as centrality

    calls = 0
    real = centrality.Similarity.__getitem__

    def counting(self, pair):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(self, pair)

    monkeypatch.setattr(centrality.Similarity, "__getitem__", counting)
    article = article_from_text(_long_text(2000), "ratio")
    n = len(article.body_sentences)
    points = key_points(article, ratio=0.5)
    assert len(points) == round(n / 2)
    assert calls <= n * keypoints.REDUNDANCY_CHECKS  # not n * n / 2
