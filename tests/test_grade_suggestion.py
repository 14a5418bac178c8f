"""The grade dialog's corroboration suggestion reads the typed comparison and its JSON alike.

The comparison view shows its results from the typed Comparison before the JSON
form exists (that takes seconds at 2,000 articles): a grade opened meanwhile must
get the same suggestion.
"""

from __future__ import annotations

from sahel_tui.analysis.compare import compare_corpus
from sahel_tui.corpus.model import Corpus
from sahel_tui.ui.screens.grade import suggestion_for


def test_typed_and_json_comparisons_suggest_the_same(seed_corpus: Corpus) -> None:
    result = compare_corpus(seed_corpus, sections=["corroborated"])
    as_json = result.to_json()
    assert result.corroborated
    member = result.corroborated[0].members[0].ref.sentence_id
    typed, printed = suggestion_for(result, member), suggestion_for(as_json, member)
    assert typed is not None and typed == printed
    assert suggestion_for(result, "no-such-sentence") is None
    assert suggestion_for(None, member) is None
