"""Framing: the tone each source takes towards each major actor, with its evidence.

Every sentence that mentions the actor is scored with VADER (vaderSentiment,
whose lexicon ships inside its wheel; NLTK's copy needs a download). Security
reporting is full of words that describe the events rather than judge anyone
("attack", "terrorist", "crisis", "hostage"): left in, they would make every
article about violence look hostile to everyone in it, so they are scored as
neutral. Words analysts read as judgement of an actor's conduct ("obstructionist",
"spoiler", "inflexible", "tepid") are added, because VADER's social-media lexicon
lacks them. A score is never shown alone: each source/actor cell carries the
sentences that produced it. A sentence naming several major actors counts
for each of them with weight 1/k: "X accuses Y of ..." is only half about X.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sahel_tui.corpus.model import Corpus

# Topic words of conflict reporting: they describe what happened, not how the
# writer regards the actor.
NEUTRAL_TOPIC_WORDS = (
    "attack attacks attacked violence violent terrorist terrorists terrorism crisis crises conflict conflicts "
    "war wars killed kill killing killings hostage hostages extremist extremists extremism militant militants "
    "militancy threat threats threaten threatened threatening insurgency insurgent insurgents casualties death "
    "deaths dead bomb bombs bombing fighting fight fighters rebel rebels rebellion jihad jihadist jihadists "
    "weapons arms kidnapped kidnapping ransom ransoms unrest instability war-torn combat combatants siege "
    "terror danger dangerous risk risks victims injured wounded destroyed problem problems grave urgent"
).split()
# Judgement of an actor's conduct, on VADER's -4..+4 scale.
STANCE_WORDS = {
    "obstructionist": -2.2, "obstructionism": -2.2, "spoiler": -1.8, "inflexible": -1.6, "rigid": -1.4,
    "outdated": -1.4, "unilateralism": -1.5, "unilateral": -0.8, "mistrust": -1.6, "distrust": -1.6,
    "alienated": -1.6, "alienating": -1.6, "clings": -1.0, "exacerbated": -1.5, "exacerbates": -1.5,
    "exacerbate": -1.3, "flawed": -1.8, "tepid": -1.2, "secretive": -1.2, "insular": -1.1,
    "interference": -1.5, "intrusion": -1.5, "meddling": -1.8, "hardline": -0.9, "hard-line": -0.9,
    "heavy-handed": -1.8, "brutal": -2.5, "repressive": -2.3, "harboring": -1.5,
    "harbouring": -1.5, "enabling": -0.6, "destabilise": -1.5, "destabilize": -1.5, "destabilising": -1.5,
    "destabilizing": -1.5, "gatekeeper": -0.8, "hostile": -1.9, "isolation": -1.2, "failed": -1.8,
    "failure": -1.8, "incompetent": -2.2, "corrupt": -2.3, "illegitimate": -2.0, "sledgehammer": -1.0,
    "pragmatic": 1.3, "practical": 0.8, "constructive": 1.6, "credible": 1.3, "mediator": 0.9,
    "mediation": 0.6, "dialogue": 0.8, "cooperation": 1.0, "stabilizing": 1.0, "stabilising": 1.0,
    "responsive": 1.0, "reconciliation": 1.2, "peace": 0.6, "inclusion": 0.8, "inclusivity": 0.8,
}
# VADER's conventional cut-offs for a sentence.
POSITIVE, NEGATIVE = 0.05, -0.05
MAJOR_TYPES = frozenset({"state", "armed_group", "organisation", "person", "party"})

_analyzer: Any = None


def analyzer() -> Any:
    """VADER with the conflict-reporting adjustments, built once."""
    global _analyzer
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        a = SentimentIntensityAnalyzer()
        a.lexicon = dict(a.lexicon)
        for word in NEUTRAL_TOPIC_WORDS:
            a.lexicon.pop(word, None)
        a.lexicon.update(STANCE_WORDS)
        _analyzer = a
    return _analyzer


def tone(text: str) -> float:
    """VADER's compound score of one sentence, -1 (hostile) .. +1 (favourable)."""
    return float(analyzer().polarity_scores(text)["compound"])


def label(mean: float, n: int) -> str:
    if n == 0:
        return "not mentioned"
    if mean <= -0.25:
        return "critical"
    if mean <= NEGATIVE:
        return "somewhat negative"
    if mean >= 0.25:
        return "favourable"
    if mean >= POSITIVE:
        return "somewhat positive"
    return "neutral or mixed"


@dataclass(slots=True)
class _Scored:
    article: str
    sentence_id: str
    text: str
    citation: str
    score: float
    also_about: list[str]  # names of the other major actors the sentence mentions

    @property
    def weight(self) -> float:
        # A sentence about three actors is only partly about each of them.
        return 1.0 / (1 + len(self.also_about))

    def to_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "sentence_id": self.sentence_id,
            "text": self.text,
            "citation": self.citation,
            "score": round(self.score, 3),
            "weight": round(self.weight, 3),
            "also_about": self.also_about,
        }


def major_actors(actors: Sequence[Any], limit: int = 12) -> list[Any]:
    """Actors worth a framing row: people, groups, states, organisations seen in 2+ sources first."""
    candidates = [a for a in actors if getattr(a, "type", None) in MAJOR_TYPES and a.mentions]
    if not candidates:
        candidates = [a for a in actors if a.mentions]

    def key(a: Any) -> tuple[int, int, str]:
        return (-len({m.article for m in a.mentions}), -len(a.mentions), a.name.lower())

    return sorted(candidates, key=key)[:limit]


def framing(corpus: Corpus, actors: Sequence[Any], evidence: int = 3, limit: int = 12) -> dict[str, object]:
    """Tone of each source towards each major actor, each cell with its evidence sentences."""
    from sahel_tui.analysis.compare.prepare import citation

    articles = {a.id: a for a in corpus.articles}
    major = major_actors(actors, limit)
    actors_in: dict[str, dict[str, None]] = {}
    for actor in major:
        for m in actor.mentions:
            actors_in.setdefault(m.sentence_id, {}).setdefault(actor.name, None)
    rows = []
    for actor in major:
        sentence_ids: dict[str, dict[str, None]] = {}
        for m in actor.mentions:
            if m.article in articles:
                sentence_ids.setdefault(m.article, {}).setdefault(m.sentence_id, None)
        cells: list[dict[str, Any]] = []
        for article_id, ids in sentence_ids.items():
            article = articles[article_id]
            scored: list[_Scored] = []
            seen_text: set[str] = set()
            for sid in ids:
                s = article.sentence(sid)
                if s is None or s.kind != "body" or s.text in seen_text:
                    continue
                seen_text.add(s.text)  # a repeated pull quote is one opinion, not two
                others = [n for n in actors_in.get(sid, {}) if n != actor.name]
                scored.append(_Scored(article_id, sid, s.text, citation(article, s), tone(s.text), others))
            if not scored:
                continue
            mean = sum(x.score * x.weight for x in scored) / sum(x.weight for x in scored)
            # Evidence first from the sentences most about this actor (weighted score).
            negative = sorted((x for x in scored if x.score <= NEGATIVE), key=lambda x: x.score * x.weight)
            positive = sorted((x for x in scored if x.score >= POSITIVE), key=lambda x: -x.score * x.weight)
            cells.append(
                {
                    "article": article_id,
                    "tone": round(mean, 3),
                    "label": label(mean, len(scored)),
                    "sentences": len(scored),
                    "negative": len(negative),
                    "positive": len(positive),
                    "neutral": len(scored) - len(negative) - len(positive),
                    "evidence": {
                        "most_negative": [x.to_json() for x in negative[:evidence]],
                        "most_positive": [x.to_json() for x in positive[:evidence]],
                    },
                }
            )
        if not cells:
            continue
        cells.sort(key=lambda c: c["tone"])
        # The source whose tone departs most from the others' stands out for the analyst.
        stands_out = None
        if len(cells) >= 2:
            def gap(c: dict[str, Any]) -> float:
                others = [o["tone"] for o in cells if o is not c]
                return abs(c["tone"] - sum(others) / len(others))  # type: ignore[operator]

            outlier = max(cells, key=gap)
            if gap(outlier) >= 0.2:
                stands_out = {"article": outlier["article"], "label": outlier["label"], "gap": round(gap(outlier), 3)}
        rows.append({"actor": actor.id, "name": actor.name, "type": actor.type, "by_source": cells, "stands_out": stands_out})
    return {
        "method": (
            "vaderSentiment compound score of each sentence mentioning the actor (conflict-reporting lexicon "
            "adjustments); a source's tone is their mean, each sentence weighted 1/(number of major actors it mentions)"
        ),
        "actors": rows,
    }
