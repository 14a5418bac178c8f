"""The benchmark corpus generator, and comparison at a size where all pairs would hurt."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from bounded import counted

REPO = Path(__file__).resolve().parent.parent


# ~7,200 calls per generated article measured (2026-12) before propositions, clause
# matching, attribution and contested claims joined the comparison; ~25,700 with them
# (1.03 M for 40 articles, after the clause pass stopped re-testing family pairs it had
# already linked better: 13.6 M before). A comparison of every sentence pair would make
# tens of millions for 40 articles.
COMPARE_CALLS_PER_ARTICLE = 35_000

def _gen():
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_generator_is_reproducible_and_varied(tmp_path: Path) -> None:
    gen = _gen()
    sources = gen.read_sources([REPO / "seeds"])
    assert len(sources) == 3
    first = gen.generate(sources, 12, seed=3)
    assert first == gen.generate(sources, 12, seed=3)
    assert first != gen.generate(sources, 12, seed=4)
    texts = [t for _, t in first]
    assert len(set(texts)) == len(texts)  # rewritten, not copied
    assert gen.main([str(tmp_path / "out"), "-n", "5", "--seed", "1", "--source", str(REPO / "seeds")]) == 0
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 5


def test_generated_corpus_compares_through_the_index(tmp_path: Path) -> None:
    from sahel_tui.analysis.compare import compare_corpus
    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.corpus.model import Corpus

    gen = _gen()
    sources = gen.read_sources([REPO / "seeds"])
    for rel, text in gen.generate(sources, 40, seed=11):
        path = tmp_path / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    corpus = load_corpus(tmp_path / "corpus")
    compare_corpus(Corpus(root=corpus.root, articles=corpus.articles[:2]), actors=[])  # imports and caches warm: count the comparison alone
    with counted() as work:
        out = compare_corpus(corpus, actors=[]).to_json()
    print(f"compare of 40 articles: {work.calls:,} Python calls")
    # Through the index the work grows with the shared terms, not with every pair of
    # sentences (bench/bench_compare.py times it).
    assert work.calls < 40 * COMPARE_CALLS_PER_ARTICLE, work.calls
    # Rewritten copies of the same sentences are corroborated across many articles.
    assert max(g["sources"] for g in out["corroborated"]) >= 5
    assert len(out["similarity"]["matrix"]) == 40
    # Nudged figures and years show up as discrepancies, but not as one per pair of copies.
    assert len(out["discrepancies"]) < 40 * 40


def test_clause_pass_work_does_not_grow_with_copies() -> None:
    """Clauses are split for one representative per near-duplicate family, never per copy.

    Splitting every copy made the clause pool grow with the number of copies: 2.2 GB
    and 39 s for the claims stage at 2,000 generated articles (2026-12-04). Twenty
    copies of an article must cost the clause pass about what two do, and no family
    is ever linked to itself.
    """
    from sahel_tui.analysis.compare.claims import _clause_links
    from sahel_tui.analysis.compare.families import near_duplicate_families
    from sahel_tui.analysis.compare.prepare import prepare
    from sahel_tui.analysis.compare.propositions import Props
    from test_compare import ARTICLE_A, ARTICLE_B, make_corpus

    def work_for(copies: int) -> tuple[int, set[tuple[int, int]]]:
        prep = prepare(make_corpus(*([ARTICLE_A] * copies), ARTICLE_B))
        family = near_duplicate_families(prep.units)
        props = Props.build(prep)
        with counted() as work:
            links = _clause_links(prep, props, family)
        assert all(i < j for i, j in links), "a family linked to itself"
        return work.calls, {(prep.units[i].sentence.text, prep.units[j].sentence.text) for i, j in links}

    calls_2, links_2 = work_for(2)
    calls_20, links_20 = work_for(20)
    assert links_20 == links_2
    assert calls_20 < 1.5 * calls_2, (calls_2, calls_20)
