"""Scaling machinery (issue 20): the pool, the index and the caches give the serial, all-pairs results."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def _gen() -> Any:
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 articles rewritten from the seeds (bench/gen_corpus.py), enough for the pool to start."""
    gen = _gen()
    root = tmp_path_factory.mktemp("gen200")
    for rel, text in gen.generate(gen.read_sources([REPO / "seeds"]), 200, seed=11):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def _actor_rows(actors: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (a.id, a.name, a.type, a.aliases, a.roles, a.description, a.description_source,
         [(m.article, m.sentence_id, m.start, m.end, m.surface) for m in a.mentions], a.merged)
        for a in actors
    ]


def test_pool_chunks_keep_order_and_fall_back() -> None:
    from sahel_tui.infrastructure import pool

    assert pool.chunked(list(range(10)), 3) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert pool.chunked([], 3) == []
    seen: list[int] = []
    assert pool.map_chunks(_double, list(range(7)), workers=1, on_chunk=seen.append) == [0, 2, 4, 6, 8, 10, 12]
    assert sum(seen) == 7


def _double(items: list[int]) -> list[int]:
    return [2 * x for x in items]


def test_actors_in_the_pool_equal_the_serial_glossary(gen_corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.infrastructure import pool
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.corpus.loader import load_corpus

    corpus = load_corpus(gen_corpus_dir)
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "1")
    serial = _actor_rows(detect_actors(corpus, curated=True))
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "2")
    pool.last_fallback = None
    parallel = _actor_rows(detect_actors(corpus, curated=True))
    assert pool.last_fallback is None  # the pool really ran
    assert parallel == serial
    assert len(serial) > 20


def test_actors_fall_back_to_serial_when_processes_cannot_start(
    gen_corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from sahel_tui.infrastructure import pool
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.corpus.loader import load_corpus

    corpus = load_corpus(gen_corpus_dir)
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "1")
    serial = _actor_rows(detect_actors(corpus, curated=True))

    class NoProcesses:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise OSError("no semaphores here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoProcesses)
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "2")
    pool.last_fallback = None
    assert _actor_rows(detect_actors(corpus, curated=True)) == serial
    assert pool.last_fallback is not None and "no semaphores" in pool.last_fallback


def test_pool_starts_when_stderr_has_no_file_descriptor() -> None:
    """Inside the app Textual replaces sys.stderr with a capture whose fileno() is -1; the pool must still start.

    Run in a fresh interpreter: multiprocessing's resource tracker starts once per process,
    and one started earlier by another test would hide the failure.
    """
    import subprocess
    import sys

    script = (
        "import io, sys\n"
        "class Capture(io.TextIOBase):\n"
        "    def fileno(self): return -1\n"
        "    def write(self, s): return len(s)\n"
        "sys.stderr = Capture()\n"
        "from sahel_tui.infrastructure import pool\n"
        "from tests.test_scale import _double\n"
        "out = pool.map_chunks(_double, list(range(400)), workers=2)\n"
        "assert out == [2 * i for i in range(400)], out[:5]\n"
        "print(pool.last_fallback)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "None", proc.stdout  # the pool ran; no serial fallback
