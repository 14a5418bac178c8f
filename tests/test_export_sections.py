"""Each section from given analysis results: content, caps, citations, and clean omission.

The analysis is replaced by a :class:`Workspace` subclass holding
hand-made results (in the shapes those modules document), so these tests pin
the briefing's own behaviour, whatever the detectors find.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from bounded import counted

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export_validity import assert_valid_briefing

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus, Field, Removal
from sahel_tui.export.escape import md_cell
from sahel_tui.workspace import Workspace
from sahel_tui.export.markdown import ExportOptions, export_briefing
from sahel_tui.export.options import DEFAULT_SECTIONS, parse_sections

WHEN = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)
TEXT_A = (
    "Talks stall in Algiers\n\n"
    "Mali and Algeria met in Algiers on 3 March 2024 to discuss the accord. "
    "The delegations disagreed about the status of the northern groups. "
    "Observers expect further talks before the end of the year.\n\n"
    "Algeria warned that a purely military approach would fail in the north.\n"
)
TEXT_B = (
    "Bamako rejects mediation\n\n"
    "Mali rejected Algerian mediation on 5 March 2024, officials said. "
    "The government insists the northern groups are terrorist organisations. "
    "Algeria warned that a military approach would fail.\n"
)


# ~190 calls per article measured (2026-12): the limit is linear, with room to grow.
EXPORT_CALLS_PER_ARTICLE = 600


def corpus_of(*texts: str) -> Corpus:
    from pathlib import Path

    articles = [article_from_text(t, f"a{i}", Path(f"/corpus/a{i}.txt")) for i, t in enumerate(texts, 1)]
    return Corpus(root=Path("/corpus"), articles=articles)


@dataclass
class KP:
    text: str
    sentence_id: str
    paragraph: int
    start: int = 0
    end: int = 0
    score: float = 1.0
    rank: int = 1


@dataclass
class Mention:
    article: str
    sentence_id: str
    start: int = 0
    end: int = 0
    surface: str = ""


@dataclass
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    description_source: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def mentions_by_article(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.mentions:
            out[m.article] = out.get(m.article, 0) + 1
        return out


class Given(Workspace):
    """Analysis results handed in; None means 'this analysis is not available'."""

    def __init__(self, corpus: Corpus, *, points: bool = True, actors=None, comparison=None, annotations=None) -> None:
        super().__init__(corpus)
        self._points, self._given_actors, self._given_comparison, self._given_notes = points, actors, comparison, annotations

    def key_point_method(self) -> str | None:
        return "lead"

    def key_points(self, article):
        if not self._points:
            self.unavailable["keypoints"] = "sahel_tui.analysis.keypoints is not available"
            return None
        return [KP(s.text, s.id, s.paragraph, s.start, s.end) for s in article.body_sentences[:2]]

    def load_actors(self):
        if self._given_actors is None:
            self.unavailable["glossary"] = "sahel_tui.analysis.actors is not available"
        return self._given_actors

    def load_comparison_result(self):
        if self._given_comparison is None:
            self.unavailable["comparison"] = "sahel_tui.analysis.compare is not available"
        return self._given_comparison

    def annotations(self):
        if self._given_notes is None:
            self.unavailable["annotations"] = "sahel_tui.store.annotations is not available"
        return self._given_notes


def render(corpus: Corpus, analysis: Workspace, **options: Any):
    return export_briefing(corpus, ExportOptions(generated_at=WHEN, **options), analysis=analysis)


def test_missing_analyses_leave_their_sections_out_and_say_why() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    result = render(corpus, Given(corpus, points=False))
    meta = assert_valid_briefing(result.text)
    assert result.sections == ("frontmatter", "overview", "sources")
    for section in ("keypoints", "glossary", "comparison", "annotations"):
        assert "not available" in meta["omitted"][section]
    for heading in ("## Key points", "## Actors", "## Cross-source comparison", "## Analyst annotations"):
        assert heading not in result.text
    assert "[^" not in result.text  # nothing cited, so no footnotes at all


def test_key_points_cite_each_sentence_once() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    result = render(corpus, Given(corpus))
    assert_valid_briefing(result.text)
    first = corpus.articles[0].body_sentences[0]
    assert f"- {first.text}[^{first.id}]" in result.text
    assert f"[^{first.id}]: S1, *Talks stall in Algiers*, paragraph {first.paragraph}, sentence {first.number}." in result.text
    assert result.citations == 4


def test_glossary_table_escapes_and_cites() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    a1, a2 = corpus.articles
    s1 = a1.body_sentences[0]
    actors = [
        Actor("mali", "Mali", "state", ["Bamako", "Republic of Mali", "mali"], description="A state | with <b>pipes</b>",
              description_source=s1.id, mentions=[Mention("a1", s1.id), Mention("a1", s1.id), Mention("a2", a2.body_sentences[0].id)]),
        Actor("x", "[Evil](javascript:x) | *name*", "armed_group", ["`alias`"], mentions=[Mention("a2", a2.body_sentences[1].id)]),
        Actor("ghost", "Ghost", "person", mentions=[]),  # never mentioned: not listed
    ]  # fmt: skip
    result = render(corpus, Given(corpus, actors=actors), sections=("glossary",))
    assert_valid_briefing(result.text)
    text = result.text
    assert "| Mali | state | Bamako, Republic of Mali | A state \\| with \\<b>pipes\\</b>[^" in text
    assert "| S1 (2), S2 (1) |" in text
    # Named once with no description: the compact line, not a row of dashes.
    assert "Named once, with no description: \\[Evil\\](javascript:x) \\| \\*name\\* (armed group, S2)." in text
    assert "Ghost" not in text


def test_glossary_is_capped_and_says_so() -> None:
    corpus = corpus_of(TEXT_A)
    sid = corpus.articles[0].body_sentences[0].id
    actors = [Actor(f"p{i}", f"Person {i:03d}", "person", mentions=[Mention("a1", sid)] * (i + 1)) for i in range(80)]
    result = render(corpus, Given(corpus, actors=actors), sections=("glossary",))
    assert_valid_briefing(result.text)
    # Person 000, named once with no description, is on the compact line, not in the ranking.
    assert "The 60 most-mentioned of 79 actors are shown" in result.text
    assert "Person 079" in result.text and "| Person 000 |" not in result.text and "| Person 019 |" not in result.text
    assert "Named once, with no description: Person 000 (person, S1)." in result.text


def _ref(article, sentence) -> dict[str, Any]:
    return {"article": article.id, "sentence_id": sentence.id, "text": sentence.text, "citation": "x"}


def typed(data: dict[str, Any]) -> Any:
    """The typed comparison (sahel_tui.analysis.compare.model) for a short description of one."""
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.analysis.compare.identity import evidence
    from sahel_tui.analysis.compare.model import (
        ChronologyEntry, CorroboratedGroup, DateConflict, Discrepancy, DiscrepancySide, GroupMember, Review,
        SentenceRef, SingleSourceClaim,
    )  # fmt: skip

    def ref(r: dict[str, Any]) -> SentenceRef:
        return SentenceRef(r["article"], r["sentence_id"], r["text"], r.get("start", 0), r.get("end", 0), r.get("citation", ""))

    groups = [
        CorroboratedGroup(
            g.get("id", f"claim-{n}"), n, g["articles"], g.get("independent_sources", g["sources"]), g.get("score", 0.5),
            [], "", evidence("corroborated", {g.get("id", f"claim-{n}")}),
            [GroupMember(ref(m), m.get("similarity", 0.5), repeated=m.get("repeated", False)) for m in g["members"]],
            Review(g.get("status", "unreviewed")),
        )
        for n, g in enumerate(data.get("corroborated") or [], 1)
    ]
    flags = [
        Discrepancy(
            f"disc-{n}", d["kind"], 0.5, [], d.get("measure", ""), d.get("difference", ""), "",
            DiscrepancySide(ref(d["a"]), d["a"]["value"], {}, d["a"].get("sources", [])),
            DiscrepancySide(ref(d["b"]), d["b"]["value"], {}, d["b"].get("sources", [])),
            evidence("discrepancy", {str(n)}), Review(d.get("status", "unreviewed")),
        )
        for n, d in enumerate(data.get("discrepancies") or [], 1)
    ]
    events = [
        ChronologyEntry(
            e["date"], e.get("precision", "day"), e.get("qualifier"), e.get("uncertain", False), e.get("year_source", "text"),
            e["label"], ref(e), e["sources"], [],
            [DateConflict(c["date"], c.get("sources", []), ref(c)) for c in e.get("conflicts_with", [])],
            e.get("background", False),
        )
        for e in data.get("chronology") or []
    ]
    singles = [SingleSourceClaim(ref(c), 1, 0.5) for c in data.get("single_source") or []]
    return Comparison(
        ["a1", "a2"], ("corroborated", "single_source", "discrepancies", "chronology", "framing"),
        corroborated=groups, single_source=singles, discrepancies=flags, chronology=events,
        framing=data.get("framing"),
    )  # fmt: skip


def comparison_for(corpus: Corpus, n_claims: int = 2) -> Any:
    return typed(comparison_data(corpus, n_claims))


def comparison_data(corpus: Corpus, n_claims: int = 2) -> dict[str, Any]:
    a1, a2 = corpus.articles
    s1, s2 = a1.body_sentences, a2.body_sentences
    return {
        "corroborated": [
            {"id": f"claim-{i}", "articles": ["a1", "a2"], "sources": 2, "score": 0.5 - i / 1000,
             "members": [_ref(a1, s1[-1]), _ref(a2, s2[-1])]}
            for i in range(n_claims)
        ],
        "single_source": [_ref(a1, s1[1])],
        "discrepancies": [
            {"kind": "date", "a": {**_ref(a1, s1[0]), "value": "3 March 2024", "sources": ["a1"]},
             "b": {**_ref(a2, s2[0]), "value": "5 March 2024"}}
        ],
        "chronology": [
            {"date": "2024-03-03", "precision": "day", "label": "3 March 2024", "sources": ["a1"], "conflict": True,
             "conflicts_with": [{"date": "2024-03-05", "article": "a2", "sentence_id": s2[0].id, "text": s2[0].text}],
             **_ref(a1, s1[0])},
            {"date": "--03-05", "precision": "day", "label": "5 March", "uncertain": True, "sources": ["a2"], **_ref(a2, s2[0])},
        ],
        "framing": {
            "actors": [
                {"actor": "mali", "name": "Mali", "type": "state", "stands_out": {"article": "a2"},
                 "by_source": [
                     {"article": "a1", "tone": -0.4, "verdict": "negative", "label": "negative", "sentences": 2,
                      "words": [{"word": s1[1].text.split()[0], "weight": -0.4, **_ref(a1, s1[1])}],
                      "evidence": {"most_negative": [_ref(a1, s1[1])], "most_positive": []}},
                     {"article": "a2", "tone": 0.3, "verdict": "neutral", "label": "neutral", "sentences": 1,
                      "words": [], "evidence": {"most_negative": [], "most_positive": [_ref(a2, s2[1])]}},
                 ]},
            ]
        },
    }  # fmt: skip


def test_comparison_quotes_both_sides_and_cites_them() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    result = render(corpus, Given(corpus, comparison=comparison_for(corpus)), sections=("comparison",))
    assert_valid_briefing(result.text)
    text = result.text
    s1, s2 = corpus.articles[0].body_sentences, corpus.articles[1].body_sentences
    assert "### Corroborated claims" in text and "1. Reported by S1, S2 *(unreviewed)*:" in text
    assert f"   - S1 says **3 March 2024**: {s1[0].text}[^{s1[0].id}]" in text
    assert f"   - S2 says **5 March 2024**: {s2[0].text}[^{s2[0].id}]" in text
    assert "**2024-03-03** (S1)" in text and "*(S2 dates this 2024-03-05)*" in text
    assert "**5 March (year not stated)** (S2)" in text
    word = s1[1].text.split()[0]
    assert f"- S1: negative (carried by *{word}*), e.g. {s1[1].text}[^{s1[1].id}]" in text
    framing = text[text.index("### Framing") :]
    assert "- S2:" not in framing  # a neutral verdict without words is not exported
    assert "1 other source neutral" in text
    assert "only one source makes" in text


def test_comparison_leaves_out_rejected_and_marks_confirmed() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    data = comparison_data(corpus, n_claims=3)
    data["corroborated"][0]["status"] = "rejected"
    data["corroborated"][1]["status"] = "confirmed"
    data["discrepancies"][0]["status"] = "rejected"
    result = render(corpus, Given(corpus, comparison=typed(data)), sections=("comparison",))
    assert_valid_briefing(result.text)
    text = result.text
    assert "1. Reported by S1, S2 *(confirmed by the analyst)*:" in text
    assert "2. Reported by S1, S2 *(unreviewed)*:" in text
    assert "3. Reported by" not in text  # the rejected claim is left out
    assert "### Discrepancies" not in text  # its only flag was rejected


def test_comparison_caps_long_lists() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    result = render(corpus, Given(corpus, comparison=comparison_for(corpus, n_claims=40)), sections=("comparison",))
    assert_valid_briefing(result.text)
    assert "*Showing 25 of 40 corroborated claims; `sahel-brief compare` lists them all.*" in result.text
    assert "25. Reported by" in result.text and "26. Reported by" not in result.text


def test_comparison_needs_two_sources() -> None:
    corpus = corpus_of(TEXT_A)
    result = render(corpus, Given(corpus, comparison=typed({"corroborated": []})), sections=("comparison", "frontmatter"))
    meta = assert_valid_briefing(result.text)
    assert "two or more sources" in meta["omitted"]["comparison"]


@dataclass(frozen=True)
class Note:
    id: str
    article_id: str | None
    sentence_id: str | None
    start: int | None
    end: int | None
    exact: str | None
    scope: str = "sentence"
    category: str | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = "2026-11-22T02:00:00Z"
    actor_id: str | None = None
    anchor_method: str | None = "created"

    @property
    def is_orphan(self) -> bool:
        return self.anchor_method == "orphan"

    @property
    def short_sentence(self) -> str | None:
        return self.sentence_id.split("-", 1)[1] if self.sentence_id else None


def test_annotations_in_document_order_with_orphans_apart() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    a1, a2 = corpus.articles
    late, early = a1.body_sentences[2], a1.body_sentences[0]
    notes = [
        Note("n1", "a1", late.id, late.start, late.end, late.text, category="question", note="Who *says* so?", tags=("talks",)),
        Note("n2", "a1", early.id, early.start + 4, early.start + 20, early.text[4:20], scope="span", category="claim",
             note="# not a heading\n\n<script>x</script> [^x]"),
        Note("n3", "a2", "a2-p2-s9", None, None, "A sentence that was deleted.", anchor_method="orphan", note="Lost."),
        Note("n4", None, None, None, None, None, actor_id="mali", note="Watch the junta."),
    ]  # fmt: skip
    actors = [Actor("mali", "Mali", "state", mentions=[Mention("a1", early.id)])]
    result = render(corpus, Given(corpus, annotations=notes, actors=actors), sections=("annotations",))
    assert_valid_briefing(result.text)
    text = result.text
    assert text.index(early.text) < text.index(late.text)  # document order, not creation order
    assert f"> {early.text}[^{early.id}]" in text
    assert f"> Marked: “{early.text[4:20].strip()}”" in text
    assert "**Question** · tags: talks" in text and "Who *says* so?" in text  # the analyst's emphasis kept
    assert "\\# not a heading" in text or "not a heading" in text.split("## Analyst")[1]
    assert "\\<script>x\\</script> \\[\\^x\\]" in text
    orphans = text.index("### Orphaned annotations")
    assert text.index("A sentence that was deleted.") > orphans and "formerly at p2-s9" in text
    assert "- **Mali**: Watch the junta." in text
    assert "4 analyst annotations" in text


def test_removed_boilerplate_never_reaches_the_briefing(seed_corpus) -> None:
    """Whatever cleaning removed (menus, captions, bios) stays out, in every section."""
    corpus = corpus_of(TEXT_A, TEXT_B)
    a1 = corpus.articles[0]
    junk = "SUBSCRIBE NOW to our newsletter for exclusive Sahel coverage"
    corpus.articles[0] = replace(a1, removed=(Removal("boilerplate", junk, 0, len(junk), 0),))
    result = render(corpus, Given(corpus))
    assert junk not in result.text and "1 passage of boilerplate" in result.text
    # And on the real seeds, with the real analysis: no removed span shows up.
    from sahel_tui.export.markdown import render_briefing

    text = render_briefing(seed_corpus, ExportOptions(generated_at=WHEN, count=100))
    for article in seed_corpus.articles:
        for r in article.removed:
            snippet = " ".join(r.text.split())
            if len(snippet) >= 25 and snippet not in " ".join(article.text.split()):
                assert snippet not in text, (article.id, r.reason, snippet)


def test_inferred_metadata_is_marked() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    a1 = corpus.articles[0]
    a1.meta.author = Field("Jane Doe", inferred=True, how="byline")
    a1.meta.publisher = Field("The Desk", inferred=False)
    a1.meta.date = Field("2024-03-04", inferred=True, how="text")
    result = render(corpus, Given(corpus), sections=("sources", "keypoints"))
    assert_valid_briefing(result.text)
    assert "| S1 | Talks stall in Algiers | The Desk | Jane Doe† | 2024-03-04† |" in result.text
    assert "† Inferred from the article's text" in result.text
    assert "*The Desk · Jane Doe† · 2024-03-04†*" in result.text


def test_sections_parse_aliases_and_keep_document_order() -> None:
    assert parse_sections(["annotations,actors", "overview"]) == ("overview", "glossary", "annotations")
    assert parse_sections(None) == DEFAULT_SECTIONS and "changes" not in DEFAULT_SECTIONS
    from sahel_tui.errors import UserError

    with pytest.raises(UserError):
        parse_sections(["everything"])


def test_large_corpus_renders_quickly() -> None:
    """2,000 articles: the rendering itself (analysis given) stays well within a few seconds."""
    texts = [
        f"Report {i} on the north\n\nOfficials in Gao said {i} people were displaced on 3 March 2024. "
        f"Aid groups warned of shortages near Kidal. The army denied the figure of {i}.\n"
        for i in range(2000)
    ]
    corpus = corpus_of(*texts)
    render(corpus_of(*texts[:2]), Given(corpus_of(*texts[:2])), sections=("frontmatter", "overview", "sources", "keypoints"))
    with counted() as work:
        result = render(corpus, Given(corpus), sections=("frontmatter", "overview", "sources", "keypoints"))
    print(f"briefing of 2,000 articles: {work.calls:,} Python calls")
    assert result.citations == 4000
    assert work.calls < 2000 * EXPORT_CALLS_PER_ARTICLE, work.calls  # linear in the articles (bench/export_bench.py times it)
    assert_valid_briefing(result.text)


def test_parts_join_to_the_text() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    result = render(corpus, Given(corpus))
    names = [name for name, _ in result.parts]
    assert names == ["frontmatter", "title", "overview", "sources", "keypoints", "citations"]
    assert "\n\n".join(text for _, text in result.parts) + "\n" == result.text


def test_glossary_mentions_cell_stays_short_on_a_large_corpus() -> None:
    corpus = corpus_of(*[TEXT_A.replace("Algiers", f"Algiers {i}") for i in range(12)])
    mentions = [Mention(a.id, a.body_sentences[0].id) for a in corpus.articles for _ in range(1 + (a.id == "a5"))]
    result = render(corpus, Given(corpus, actors=[Actor("mali", "Mali", "state", mentions=mentions)]), sections=("glossary",))
    assert_valid_briefing(result.text)
    assert "| S1 (1), S2 (1), S3 (1), S4 (1), S5 (2), S6 (1), S7 (1), S8 (1), and 4 more sources (4 mentions) |" in result.text


_NASTY = st.sampled_from(
    ["<script>", "</b>", "|", "#", ">", "-", "*", "+", "1.", "[", "]", "(", ")", "`", "_", "~", "$", "^", "=", "%",
     "&amp;", "\\", "{", "}", "!", ":", "\x1b[2J", "\u202e", "\t", "\n", "  ", "---", "Mali", "Algeria", ".", "said"]
)  # fmt: skip
_WORDS = st.lists(st.one_of(_NASTY, st.text(alphabet="abcdefgh ", min_size=1, max_size=6)), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_WORDS, body=st.lists(_WORDS, min_size=1, max_size=4), name=_WORDS, note=_WORDS)
def test_any_article_and_analysis_give_a_valid_briefing(title: str, body: list[str], name: str, note: str) -> None:
    """Whatever the text, the whole document stays valid: front matter, footnotes, tables, no markup."""
    text = title.replace("\n", " ") + "\n\n" + "\n\n".join(p + " It ended." for p in body)
    corpus = corpus_of(text, TEXT_B)
    a1 = corpus.articles[0]
    sentences = a1.body_sentences or list(a1.sentences)
    s = sentences[0]
    actors = [Actor("x", name, "person", [name, note], description=note, description_source=s.id, mentions=[Mention("a1", s.id)])]
    notes = [Note("n", "a1", s.id, s.start, s.end, s.text, category=name[:40].replace("\n", " "), note=note, tags=(name,))]
    comparison = {
        "corroborated": [{"articles": ["a1", "a2"], "sources": 2, "members": [_ref(a1, s), _ref(corpus.articles[1], corpus.articles[1].body_sentences[0])]}],
        "discrepancies": [{"kind": "quantity", "a": {**_ref(a1, s), "value": name}, "b": {**_ref(a1, s), "value": note}}],
        "chronology": [{"date": name, "label": note, "sources": ["a1"], **_ref(a1, s)}],
    }  # fmt: skip
    analysis = Given(corpus, actors=actors, comparison=typed(comparison), annotations=notes)
    result = export_briefing(corpus, ExportOptions(title=title or "t", generated_at=WHEN), analysis=analysis)
    meta = assert_valid_briefing(result.text)
    assert meta["sources"]["count"] == len(corpus.articles)
    assert md_cell(a1.title, 140) in result.text


def test_a_tag_only_annotation_is_labelled_by_its_tags() -> None:
    corpus = corpus_of(TEXT_A, TEXT_B)
    a1 = corpus.articles[0]
    s0, s1 = a1.body_sentences[0], a1.body_sentences[1]
    notes = [
        Note("t1", "a1", s0.id, s0.start, s0.end, s0.text, tags=("logistics", "fuel")),
        Note("t2", "a1", s1.id, s1.start, s1.end, s1.text),
    ]
    text = render(corpus, Given(corpus, annotations=notes), sections=("annotations",)).text
    assert_valid_briefing(text)
    assert "**Tagged: logistics, fuel**" in text
    assert text.count("**Highlight**") == 1  # only the annotation with neither tags nor note
