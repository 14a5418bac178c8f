"""``detect_actors``: discovery, merging, mention matching, then the glossary.

1. Discovery reads each article's body (discover.py, cached per article).
2. Merging joins the names found across the corpus into clusters (merge.py);
   the curated glossary may add aliases, descriptions and types (curated.py).
3. Matching scans every sentence (title, headings, body) for every name,
   alias and gazetteer entry, longest match first, so "al-Qaeda in the Islamic
   Maghreb" is one mention and not "al-Qaeda" plus "Islamic Maghreb". Each
   mention's context adds type evidence, roles and a description.
4. Each cluster with mentions becomes an Actor; analysts' decisions
   (decisions.py) are replayed last.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TypeGuard

from sahel_tui.analysis.actors import gazetteer
from sahel_tui.analysis.actors.curated import Entry, load_curated
from sahel_tui.analysis.actors.discover import DISCOVERY_VERSION, discover
from sahel_tui.analysis.actors.lexicon import NAME_PARTICLES
from sahel_tui.analysis.actors.merge import Cluster, build_clusters
from sahel_tui.analysis.actors.model import Actor, Mention, slug, sort_actors
from sahel_tui.analysis.actors.news import all_caps, table_row
from sahel_tui.analysis.actors.patterns import _LOCATIVES, mention_context
from sahel_tui.analysis.actors.tokens import Token, alias_key, hyphen_parts, norm, tokenize
from sahel_tui.corpus.model import ArticleText
from sahel_tui.analysis.actors.types import CONTEXT_CAP, decide, name_evidence

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.infrastructure.progress import Progress
    from sahel_tui.store.actor_edits import Edit

_CAPITAL_AS_PLACE = _LOCATIVES | {"of"}


def _key(word: str) -> str:
    """Matching key of one word: particles and Arabic articles in any case."""
    key = _KEYS.get(word)
    if key is None:
        key = _KEYS[word] = _compute_key(word)
    return key


# Words recur all through a corpus: their keys are computed once per process.
_KEYS: dict[str, str] = {}


def _compute_key(word: str) -> str:
    w = word.replace("’", "'") if "’" in word else word
    if len(w) <= 4 or w[2:3] == "-":
        low = w.lower()
        if low in NAME_PARTICLES:
            return low
        if low[:3] in ("al-", "el-"):
            return low[:3] + w[3:]
    return w


@lru_cache(maxsize=None)
def _form_keys(form: str) -> tuple[str, ...]:
    """Matching keys of a name's words; cached, as the 5,000 gazetteer names recur every run."""
    return tuple(_key(t.text) for t in tokenize(form))


@dataclass(slots=True)
class _Tally:
    """What matching learns about one cluster."""

    mentions: list[Mention] = field(default_factory=list)
    surfaces: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    description: tuple[int, int, int, str, str] | None = None  # (rank, article#, offset, text, sentence id)
    body: int = 0  # mentions in body sentences
    cued: dict[str, int] = field(default_factory=dict)  # of those, how many carry evidence for each type
    modifier: int = 0  # of those, mentions right before a lower-case noun ("Kurdish town")


# Words around a town's name that make it the town's club.
_TEAM_NOUNS = frozenset(
    """captain skipper coach manager side team squad players player striker midfielder goalkeeper defender
    forward winger fans supporters bowler bowlers batsman batsmen opener keeper""".split()
)
_TEAM_VERBS = frozenset("beat beats thrashed drew draw edged".split())
_TEAM_BEFORE = frozenset("beat beating beaten champions joined hosts visitors v vs".split())


class _Matcher:
    """Longest-match lookup of token sequences against every known form."""

    def __init__(self, clusters: list[Cluster], common: frozenset[str] = frozenset()) -> None:
        self.clusters = clusters
        # Words the corpus writes in lower case and never capitalised mid-sentence:
        # at a sentence start such a word is the common word ("Most of them"), not
        # the gazetteer's town of that name (Most, Czechia).
        self.common = common
        self.table: dict[tuple[str, ...], int | gazetteer.Place] = {}
        self.scoped: dict[tuple[str, ...], dict[str, int]] = {}
        self.lengths: dict[str, set[int]] = {}
        self.order: dict[str, tuple[int, ...]] = {}  # lengths to try, longest first
        self.place_cluster: dict[tuple[str, str], int] = {}
        self.teams: dict[str, int] = {}  # place name -> the cluster of the team named after it
        for idx, c in enumerate(clusters):
            if c.place is not None:
                self.place_cluster[(c.place.name, c.place.type)] = idx
        for idx, c in enumerate(clusters):  # discovered names win over derived aliases
            for form in c.names:
                self._add(form, idx)
        for idx, c in enumerate(clusters):
            for form in sorted(c.aliases):
                self._add(form, idx)
            for form, articles in c.scoped.items():
                key = self._keys(form)
                if key:
                    for art in articles:
                        self.scoped.setdefault(key, {}).setdefault(art, idx)
                    self.lengths.setdefault(key[0], set()).add(len(key))
        for surface, place in gazetteer.all_surfaces().items():
            self._add(surface, place)
        self.order = {k: tuple(sorted(v, reverse=True)) for k, v in self.lengths.items()}
        # Headlines and datelines in capitals ("SHEARER NAMED AS ENGLAND CAPTAIN",
        # "LONDON 1996-08-30") are matched case-blind against the same forms.
        # Built on first use: most corpora have no such lines.
        self._folded: dict[tuple[str, ...], int | gazetteer.Place] | None = None
        self._folded_order: dict[str, tuple[int, ...]] = {}

    def _fold_tables(self) -> dict[tuple[str, ...], int | gazetteer.Place]:
        if self._folded is None:
            folded: dict[tuple[str, ...], int | gazetteer.Place] = {}
            lengths: dict[str, set[int]] = {}
            for key, target in self.table.items():
                fkey = tuple(k.casefold() for k in key)
                if fkey not in folded and not (len(key) == 1 and len(key[0]) < 3):
                    folded[fkey] = target
                    lengths.setdefault(fkey[0], set()).add(len(fkey))
            self._folded = folded
            self._folded_order = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        return self._folded

    def match_caps(self, tokens: list[Token]) -> list[tuple[int, int, int, int, int]]:
        """Mentions in a line set in capitals, by case-blind lookup of every known form."""
        table = self._fold_tables()
        keys = [t.text.casefold() for t in tokens]
        out = []
        i, n = 0, len(tokens)
        while i < n:
            for length in self._folded_order.get(keys[i], ()):
                if i + length > n or not _joinable(tokens, i, length):
                    continue
                target = table.get(tuple(keys[i : i + length]))
                if target is not None:
                    idx = self._resolve(target, tokens, i)
                    out.append((idx, i, i + length, tokens[i].start, tokens[i + length - 1].end))
                    i += length
                    break
            else:
                i += 1
        return out

    def _keys(self, form: str) -> tuple[str, ...]:
        return _form_keys(form)

    def _add(self, form: str, target: int | gazetteer.Place) -> None:
        key = self._keys(form)
        if not key or key in self.table:
            return
        self.table[key] = target
        self.lengths.setdefault(key[0], set()).add(len(key))

    def team_for(self, idx: int, tokens: list[Token], j: int) -> int:
        """In a results table, a county or city followed by its score is a team
        ("Surrey 372", "CHICAGO 6"): the club, not the place. States stay states."""
        place = self.clusters[idx].place
        if place is None or place.type == "state" or j >= len(tokens) or not tokens[j].text[:1].isdigit():
            return idx
        return self.team_cluster(place.name)

    def team_in_prose(self, idx: int, tokens: list[Token], i: int, j: int) -> int:
        """A county or town named where a club is meant: "Surrey captain Chris Lewis",
        "Newcastle's striker", "Karlsruhe beat Standard". The mention is the team.

        States stay states (national sides are their countries in news), and so
        do capitals, which stand for governments; a mention with no such cue
        stays the place.
        """
        place = self.clusters[idx].place
        if place is None or place.type == "state" or place.how == "capital":
            return idx
        n = len(tokens)
        after = tokens[j] if j < n and tokens[j].gap.strip() == "" else None
        before = tokens[i - 1] if i and tokens[i].gap.strip() == "" else None
        cue = (
            after is not None and after.text.islower() and (after.lower in _TEAM_NOUNS or after.lower in _TEAM_VERBS)
            or before is not None and before.text.islower() and before.lower in _TEAM_BEFORE
        )
        return self.team_cluster(place.name) if cue else idx

    def team_cluster(self, name: str) -> int:
        """The cluster of the team named after the place ``name``, created on first use."""
        team = self.teams.get(name)
        if team is None:
            self.clusters.append(Cluster(names=[name], kinds={"team"}, evidence={"organisation": 3.0},
                                         reasons={}))
            team = self.teams[name] = len(self.clusters) - 1
        return team

    def cluster_for(self, place: gazetteer.Place) -> int:
        k = (place.name, place.type)
        if k not in self.place_cluster:
            self.clusters.append(Cluster(names=[place.name], place=place))
            self.place_cluster[k] = len(self.clusters) - 1
        return self.place_cluster[k]

    def match(self, tokens: list[Token], article_id: str) -> list[tuple[int, int, int, int, int]]:
        """(cluster, first token, end token, start offset, end offset) for each mention."""
        get = _KEYS.get
        keys = [get(t.text) or _key(t.text) for t in tokens]
        out = []
        i, n = 0, len(tokens)
        while i < n:
            hit = None
            for length in self.order.get(keys[i], ()):
                if i + length > n or not _joinable(tokens, i, length):
                    continue
                key = tuple(keys[i : i + length])
                target: int | gazetteer.Place | None = self.scoped.get(key, {}).get(article_id)
                if target is None:
                    target = self.table.get(key)
                if target is not None:
                    hit = (target, length)
                    break
            if hit is not None and self._common_opener(hit, tokens, i):
                hit = None
                i += 1
                continue
            if hit is not None:
                target, length = hit
                idx = self._resolve(target, tokens, i)
                out.append((idx, i, i + length, tokens[i].start, tokens[i + length - 1].end))
                i += length
                continue
            text = tokens[i].text
            if tokens[i].is_cap and len(text) >= 3 and text.isupper() and text.isalpha():
                # A name in capitals inside a mixed line: "KERVALE, Norland 2021-05-04".
                caps = self.match_caps(tokens[i : i + 4])
                if caps and caps[0][1] == 0:
                    idx, _a, length, start, end = caps[0]
                    out.append((idx, i, i + length, start, end))
                    i += length
                    continue
            if "-" in text:
                for part in hyphen_parts(tokens[i]):
                    target = self.table.get((_key(part.text),))
                    if target is not None:
                        out.append((self._resolve(target, tokens, i), i, i + 1, part.start, part.end))
            i += 1
        return out

    def _common_opener(self, hit: tuple[int | gazetteer.Place, int], tokens: list[Token], i: int) -> bool:
        """A one-word gazetteer place opening the sentence that the corpus uses as a common word.

        States are never common words here ("Chad", "Niger"): only places
        (cities, regions) are refused, and only with no capitalised use elsewhere.
        """
        target, length = hit
        if length != 1 or not isinstance(target, gazetteer.Place) or target.type == "state":
            return False
        if any(t.text[:1].isalnum() for t in tokens[:i]):
            return False  # not the sentence's first word: capitals there are a name's
        return tokens[i].text.lower() in self.common

    def _resolve(self, target: int | gazetteer.Place, tokens: list[Token], i: int) -> int:
        if isinstance(target, int):
            return target
        if target.how == "capital" and i > 0 and tokens[i - 1].lower in _CAPITAL_AS_PLACE:
            # "in Bamako" is the city; "Bamako insists" is the government.
            city = tokens[i].text
            return self.cluster_for(gazetteer.Place(city, "place", None, "capital"))
        if target.type == "state":
            return self.cluster_for(gazetteer.Place(target.name, "state", target.code, "name"))
        return self.cluster_for(gazetteer.Place(target.name, target.type, target.code, target.how))


def _joinable(tokens: list[Token], i: int, length: int) -> bool:
    for k in range(i + 1, i + length):
        gap = tokens[k].gap
        if tokens[k - 1].possessive or not (gap == "" or gap.isspace()):
            return False
    return True


def _lite(article: Any) -> ArticleText:
    return ArticleText.of(article)


def discover_chunk(articles: list[ArticleText]) -> list[dict[str, Any]]:
    """Pool worker: each article's discovery (a top-level function, so spawned workers can import it)."""
    return [discover(a) for a in articles]


def _discoveries(corpus: Any, cache: Any, progress: "Progress | None" = None, workers: Any = None,
                 keys: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Each article's discovery, through the cache; ``keys``: each article's :func:`_article_key`, if known."""
    from sahel_tui.infrastructure.pool import map_chunks

    out: dict[str, dict[str, Any]] = {}
    missing: list[tuple[Any, str | None]] = []
    params = {"v": DISCOVERY_VERSION}
    for article in corpus.articles:
        if cache is None:
            missing.append((article, None))
            continue
        # Keyed by the cleaned text and its segmentation, not only the raw
        # bytes: a new loader may clean the same file differently.
        key = keys[article.id] if keys is not None else _article_key(article)
        found = cache.get("actors-discovery", key, params)
        # Valid JSON of the wrong shape (a foreign or hand-edited file) is
        # as corrupt as torn JSON: rebuild it rather than crash on it later.
        if _valid_discovery(found, article):
            out[article.id] = found
        else:
            missing.append((article, key))
    # Discovery reads one article at a time: the misses run on every core.
    if progress is not None:
        progress.start("actors: finding names", len(missing))
    found_all = map_chunks(discover_chunk, [_lite(a) for a, _ in missing], workers=workers,
                           on_chunk=progress.advance if progress is not None else None)
    for (article, cache_key), found in zip(missing, found_all):
        if cache_key is not None:
            cache.put("actors-discovery", cache_key, found, params)
        out[article.id] = found
    # Callers read discoveries in corpus order.
    return {a.id: out[a.id] for a in corpus.articles}


def _valid_discovery(found: object, article: Article) -> TypeGuard[dict[str, Any]]:
    """A cached discovery has the shape ``discover`` returns and names this article's sentences."""
    if not isinstance(found, dict) or not isinstance(found.get("conflict", False), bool):
        return False
    for name in ("capitalised", "lowercase"):
        words = found.get(name)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            return False
    candidates = found.get("candidates")
    if not isinstance(candidates, list):
        return False
    sentence_ids = {s.id for s in article.sentences}
    for cand in candidates:
        if not (isinstance(cand, list) and len(cand) == 7):
            return False
        name, sentence_id, kind, initial, role, partner, evidence = cand
        if not (isinstance(name, str) and name and sentence_id in sentence_ids and isinstance(kind, str)):
            return False
        if not isinstance(initial, bool) or not all(v is None or isinstance(v, str) for v in (role, partner)):
            return False
        if not isinstance(evidence, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) for k, v in evidence.items()
        ):
            return False
    return True


def _attach_curated(clusters: list[Cluster], entries: list[Entry]) -> None:
    """Curated entries join the clusters they name, or start their own."""
    # Which clusters carry each form, built once: a large corpus has thousands of clusters.
    by_key: dict[str, list[Cluster]] = {}
    for c in clusters:
        for k in {alias_key(x) for x in [*c.names, *c.aliases]}:
            by_key.setdefault(k, []).append(c)
    for entry in entries:
        keys = {alias_key(f) for f in entry.forms}
        found = {id(c): c for k in keys for c in by_key.get(k, ())}
        hits = [c for c in clusters if id(c) in found] if found else []
        place = next((p for f in entry.forms if (p := gazetteer.lookup(f)) is not None), None)
        if not hits:
            c = Cluster(names=[entry.name])
            if place is not None:
                c.place = gazetteer.Place(place.name, place.type, place.code, "name")
                c.names = [place.name]
            clusters.append(c)
            hits = [c]
            for k in keys:
                by_key.setdefault(k, []).append(c)
        keep = hits[0]
        for other in hits[1:]:
            keep.names += other.names
            keep.aliases |= other.aliases
            keep.kinds |= other.kinds
            keep.roles += [r for r in other.roles if r not in keep.roles]
            keep.expansions += other.expansions
            keep.acronyms += other.acronyms
            keep.reasons.update({f: r for f, r in other.reasons.items() if f not in keep.reasons})
            clusters.remove(other)
            for k in list(by_key):
                by_key[k] = [keep if x is other else x for x in by_key[k]]
        keep.aliases |= {f for f in entry.forms if gazetteer.lookup(f) is None}
        keep.curated = entry
        for k in keys:
            by_key.setdefault(k, []).append(keep)


def detect_actors(
    corpus: Corpus, curated: bool = True, edits: Sequence[Edit] | None = None, cache: Cache | None = None,
    progress: Progress | None = None,
) -> list[Actor]:
    """Every actor of the corpus, most mentioned first.

    Pure: everything it reads comes in as an argument. ``curated`` adds
    seeds/actors.toml; ``edits`` are the analyst's saved decisions to replay
    (the caller loads them, store.actor_edits.load_edits; None replays none);
    ``cache`` is a infrastructure.cache.Cache for per-article discovery and for the
    whole corpus's result before edits (None: nothing is cached);
    ``progress`` (sahel_tui.infrastructure.progress) is told of each chunk of articles done,
    and cancels the detection when cancelled.
    """
    entries = load_curated() if curated else None
    usable = cache if cache is not None and cache.enabled else None
    key = _corpus_key(corpus, entries) if usable is not None else ""
    actors = _from_cache(usable.get(CORPUS_CACHE_KIND, key, {"v": DISCOVERY_VERSION})) if usable is not None else None
    if actors is None:
        actors = _detect(corpus, entries, usable, progress)
        if usable is not None:
            usable.put(CORPUS_CACHE_KIND, key, _to_cache(actors), {"v": DISCOVERY_VERSION})
    if edits:
        from sahel_tui.analysis.actors.decisions import apply_edits

        actors, _stale = apply_edits(actors, list(edits))
    return sort_actors(actors)


# The whole corpus's actors, before the analyst's edits (those are replayed on
# every call). Matching every sentence against every name takes ~10 s at
# 2,000 articles even when each article's discovery is cached; with this, a
# warm glossary, comparison or export starts from a ~1 s read instead.
CORPUS_CACHE_KIND = "actors-corpus"


def _corpus_key(corpus: Corpus, entries: list[Entry] | None) -> str:
    """Everything the pre-edit actors depend on: each article's id, text and segmentation,
    the curated glossary, and the source of this package (rules, lexicon, gazetteer)."""
    h = hashlib.sha256(_code_version().encode())
    h.update(repr(entries).encode("utf-8", "surrogatepass"))
    for article in corpus.articles:
        h.update(f"\0{article.id}\0".encode("utf-8", "surrogatepass"))
        h.update(hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).digest())
        h.update(repr([(p.kind, [(s.start, s.end) for s in p.sentences]) for p in article.paragraphs]).encode())
    return h.hexdigest()


_CODE_VERSION: str | None = None


def _code_version() -> str:
    global _CODE_VERSION
    if _CODE_VERSION is None:
        from importlib.metadata import PackageNotFoundError, version
        from pathlib import Path

        h = hashlib.sha256()
        for source in sorted(Path(__file__).parent.glob("*.py")):
            h.update(source.name.encode() + b"\0" + source.read_bytes())
        try:
            h.update(version("pycountry").encode())  # the gazetteer's states and regions
        except PackageNotFoundError:
            pass
        _CODE_VERSION = h.hexdigest()
    return _CODE_VERSION


def _to_cache(actors: list[Actor]) -> list[list[Any]]:
    return [
        [a.id, a.name, a.type, a.aliases, a.roles, a.description, a.description_source,
         [[m.article, m.sentence_id, m.start, m.end, m.surface] for m in a.mentions], a.merged]
        for a in actors
    ]


def _from_cache(data: object) -> list[Actor] | None:
    """Fresh Actor objects from a cached entry (edits may change them), or None if it is not sound."""
    if not isinstance(data, list):
        return None
    try:
        actors = []
        for id_, name, type_, aliases, roles, description, source, mentions, merged in data:
            if not (isinstance(id_, str) and isinstance(name, str) and isinstance(type_, str)):
                return None
            if not (isinstance(merged, dict) and all(isinstance(v, str) for v in merged.values())):
                return None
            if not (isinstance(aliases, list) and isinstance(roles, list) and isinstance(mentions, list)):
                return None
            actors.append(Actor(id_, name, type_, list(aliases), list(roles), description, source,
                                [Mention(*m) for m in mentions], dict(merged)))
        return actors
    except (TypeError, ValueError):
        return None


# A hit as a pool worker reports it: the cluster it names, as an index into
# the clusters the worker was given, or, for a cluster matching creates on the
# way (a gazetteer place, a team named after one), what identifies it; the
# parent resolves those in corpus order, as the serial loop creates them.
_LAST_MATCHER: tuple[list[Cluster], _Matcher, Any] | None = None


def match_chunk(clusters: list[Cluster], common: frozenset[str], articles: list[tuple[str, str, list[tuple[str, str, int, str]], bool, str | None]],
                store: tuple[str, dict[str, Any]] | None = None) -> list[list[tuple[str, bool, list[tuple[Any, ...]]]]]:
    """Pool worker: the mentions in some articles, per sentence, with each mention's context.

    ``articles`` holds (id, text, [(sentence id, text, start, kind)], conflict, cache key).
    With a ``store`` (the cache's folder and parameters), each article's
    matches are also kept there for later runs (matchcache.py), here, so the
    writing runs on every core too.
    """
    global _LAST_MATCHER
    base = len(clusters)
    # One matcher per cluster list: the serial path calls this once per chunk with the same list.
    if _LAST_MATCHER is None or _LAST_MATCHER[0] is not clusters:
        _LAST_MATCHER = (clusters, _Matcher(list(clusters), common), None)
    matcher = _LAST_MATCHER[1]
    keeper: tuple[Any, Any, dict[str, Any]] | None = None  # (a Cache, the matcher's Projection, the entries' parameters)
    if store is not None:
        from sahel_tui.analysis.actors import matchcache
        from sahel_tui.infrastructure.cache import Cache

        if _LAST_MATCHER[2] is None:
            _LAST_MATCHER = (clusters, matcher, matchcache.Projection.of(matcher, base))
        keeper = (Cache(Path(store[0])), _LAST_MATCHER[2], store[1])
        keeper[0].enabled = True  # the caller's cache is enabled, whatever this process's environment says
    local = matcher.clusters

    def target(idx: int) -> Any:
        if idx < base:
            return idx
        c = local[idx]
        if c.place is not None:
            return ("place", c.place.name, c.place.type, c.place.code, c.place.how)
        return ("team", c.names[0], "", None, "")

    out = []
    for article_id, text, sentences, conflict, key in articles:
        per_sentence = []
        exact: set[str] = set()
        folded: set[str] = set()
        openers: set[str] = set()
        for sid, stext, sstart, kind in sentences:
            tokens = tokenize(stext, sstart)
            _article_words(tokens, exact, folded, openers)
            hits = matcher.match_caps(tokens) if all_caps(tokens) else matcher.match(tokens, article_id)
            if not hits:
                continue
            before = [h[0] for h in hits]
            if table_row(tokens, stext):
                hits = [(matcher.team_for(h[0], tokens, h[2]), *h[1:]) for h in hits]
            elif kind == "body":
                hits = [(matcher.team_in_prose(h[0], tokens, h[1], h[2]), *h[1:]) for h in hits]
            records = []
            for pre, (idx, i, j, start, end) in zip(before, hits):
                ctx = None
                if kind == "body" and local[idx].place is None:
                    c = mention_context(tokens, i, j, conflict)
                    # A lower-case word straight after the name: "Kurdish rebels" (modifier use).
                    modifier = j < len(tokens) and tokens[j].gap == " " and tokens[j].text.isalpha() and tokens[j].text.islower()
                    ctx = (c.evidence, c.roles, c.description, c.description_rank, modifier)
                records.append((target(pre), target(idx), start, end, ctx))
            per_sentence.append((sid, kind == "body", records))
        out.append(per_sentence)
        if keeper is not None and key is not None:
            words = [sorted(exact), sorted(folded), sorted(openers)]
            cache, projection, params = keeper
            cache.put(matchcache.KIND, key, {
                "words": words,
                "projection": projection.digest(key, article_id, conflict, words),
                "matches": matchcache.encode_records(projection, per_sentence),
            }, params)
    return out


def _article_words(tokens: list[Token], exact: set[str], folded: set[str], openers: set[str]) -> None:
    """Add what of one sentence matching can look up (a superset: more words only cost reuse, never correctness)."""
    caps_line = all_caps(tokens)
    opening = True
    for i, t in enumerate(tokens):
        text = t.text
        exact.add(_key(text))
        if opening:
            openers.add(text.lower())  # _common_opener: a sentence's first word
            opening = not text[:1].isalnum()
        if "-" in text:
            exact.update(_key(part.text) for part in hyphen_parts(t))
        if caps_line:
            folded.add(text.casefold())
        elif t.is_cap and len(text) >= 3 and text.isupper() and text.isalpha():
            folded.update(x.text.casefold() for x in tokens[i : i + 4])  # a name in capitals in a mixed line


class _MatchReuse:
    """Each article's matches from the cache while its projection of the matcher is unchanged (see matchcache.py)."""

    def __init__(self, corpus: Any, matcher: "_Matcher", cache: Any, conflict: dict[str, bool], keys: dict[str, str] | None) -> None:
        from sahel_tui.analysis.actors import matchcache

        self.found: dict[str, list[tuple[str, bool, list[tuple[Any, ...]]]]] = {}
        self.keys = keys or {}
        self.store: tuple[str, dict[str, Any]] | None = None
        if cache is None or keys is None:
            return
        params = {"v": DISCOVERY_VERSION, "code": _code_version()}
        self.store = (str(cache.root), params)
        projection = matchcache.Projection.of(matcher, len(matcher.clusters))
        for article in corpus.articles:
            key = keys[article.id]
            entry = cache.get(matchcache.KIND, key, params)
            if not matchcache.valid_entry(entry):
                continue
            if projection.digest(key, article.id, conflict[article.id], entry["words"]) != entry["projection"]:
                continue
            records = matchcache.decode_records(projection, entry["matches"], {s.id for s in article.sentences})
            if records is not None:
                self.found[article.id] = records


def _article_key(article: Any) -> str:
    """An article's cleaned text and segmentation, hashed: what per-article caches are keyed by."""
    h = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    h.update(repr([(s.start, s.end, s.kind) for s in article.sentences]).encode())
    return h.hexdigest()


def _match_payload(article: Any, conflict: bool, key: str | None
                   ) -> tuple[str, str, list[tuple[str, str, int, str]], bool, str | None]:
    return (article.id, article.text, [(s.id, s.text, s.start, s.kind) for s in article.sentences], conflict, key)


def _detect(corpus: Any, entries: list[Entry] | None, cache: Any, progress: "Progress | None" = None) -> list[Actor]:
    """The actors of the corpus before any analyst edit, with unique ids.

    Discovery and matching read one article at a time, so both run on every
    core (analysis/pool.py); merging the names into clusters, and turning the
    mentions into actors, see the whole corpus and run here. The result is
    the serial loop's, whatever the number of workers.
    """
    from functools import partial

    from sahel_tui.infrastructure.pool import Workers, map_chunks

    with Workers(len(corpus.articles)) as workers:  # one pool for both passes
        # Each article's text and segmentation hashed once, for both per-article caches.
        keys = {a.id: _article_key(a) for a in corpus.articles} if cache is not None else None
        discoveries = _discoveries(corpus, cache, progress, workers, keys)
        clusters = build_clusters(discoveries)
        if entries is not None:
            _attach_curated(clusters, entries)
        common = _common_words(discoveries)
        matcher = _Matcher(clusters, common)
        conflict = {a.id: bool(discoveries[a.id].get("conflict")) for a in corpus.articles}
        reuse = _MatchReuse(corpus, matcher, cache, conflict, keys)
        misses = [a for a in corpus.articles if a.id not in reuse.found]
        payloads = [_match_payload(a, conflict[a.id], reuse.keys.get(a.id)) for a in misses]
        if progress is not None:
            progress.start("actors: matching mentions", len(payloads))
        fresh = map_chunks(partial(match_chunk, list(clusters), common, store=reuse.store), payloads, workers=workers,
                           on_chunk=progress.advance if progress is not None else None)
        reuse.found.update((a.id, records) for a, records in zip(misses, fresh))
        matched = [reuse.found[a.id] for a in corpus.articles]

    def resolve(t: Any) -> int:
        if isinstance(t, int):
            return t
        kind, name, type_, code, how = t
        if kind == "place":
            return matcher.cluster_for(gazetteer.Place(name, type_, code, how))
        return matcher.team_cluster(name)

    tallies: dict[int, _Tally] = {}
    for art_no, (article, per_sentence) in enumerate(zip(corpus.articles, matched)):
        for sentence_id, _body, records in per_sentence:
            # Created in the serial loop's order: the places a sentence names, then its teams.
            for pre, _post, *_ in records:
                resolve(pre)
            for _pre, post, start, end, ctx in records:
                idx = resolve(post)
                tally = tallies.setdefault(idx, _Tally())
                surface = article.text[start:end]
                tally.mentions.append(Mention(article.id, sentence_id, start, end, surface))
                tally.surfaces[norm(surface)] = tally.surfaces.get(norm(surface), 0) + 1
                if ctx is None:
                    continue  # headline capitals and gazetteer entries need no context
                evidence, roles, description, rank, modifier = ctx
                tally.body += 1
                if modifier:
                    tally.modifier += 1
                for t, w in evidence.items():
                    tally.evidence[t] = tally.evidence.get(t, 0.0) + w
                    tally.cued[t] = tally.cued.get(t, 0) + 1
                tally.roles += [r for r in roles if r not in tally.roles]
                if description:
                    cand = (rank, art_no, start, description, sentence_id)
                    if tally.description is None or cand[:3] < tally.description[:3]:
                        tally.description = cand
    actors = [a for idx, tally in tallies.items() if (a := _actor(clusters[idx], tally)).mentions]
    from sahel_tui.analysis.actors.decisions import unique_ids

    for a in actors:
        a.id = slug(a.name)
    unique_ids(actors)  # decisions may name an actor by id: ids must be unique before replay
    return actors


def _common_words(discoveries: dict[str, dict[str, Any]]) -> frozenset[str]:
    """Lower-case words of the corpus that it never capitalises mid-sentence."""
    lower: set[str] = set()
    caps: set[str] = set()
    for d in discoveries.values():
        lower.update(d.get("lowercase", ()))
        caps.update(w.lower() for w in d.get("capitalised", ()))
    return frozenset(lower - caps)


# Endings of adjectives of peoples, places and faiths (Kurdish, Bosnian, Zairean,
# Congolese); "-i" (Iraqi) is left out, as many surnames end so.
_ADJECTIVE_ENDINGS = ("ish", "ian", "ean", "ese")


def _community_adjective(name: str, t: _Tally) -> bool:
    """A one-word name shaped like an adjective that the corpus writes mostly before a noun."""
    if " " in name or not t.body or not name.endswith(_ADJECTIVE_ENDINGS):
        return False
    return t.modifier * 2 >= t.body


def _actor(c: Cluster, t: _Tally) -> Actor:
    t.mentions.sort(key=lambda m: (m.article, m.start))
    name = _canonical_name(c, t)
    if c.place is not None:
        type_ = c.place.type
    elif c.curated is not None and c.curated.type:
        type_ = c.curated.type
    else:
        name_ev: dict[str, float] = {}
        for form in [*c.names, *c.expansions]:
            for k, w in name_evidence(form).items():
                name_ev[k] = max(name_ev.get(k, 0.0), w)
        type_ = decide(name_ev, c.evidence, _incidental_scaled(t))
        if type_ != "person" and _community_adjective(name, t):
            # "Kurdish rebels", "the Kurdish town", "Moslem militants": a word of
            # a people or a faith written mostly before a noun describes the noun.
            # The group it names is a community, as Tuareg and Arab are, never
            # an organisation or an armed group of its own.
            type_ = "other"
        if c.kinds <= _WEAK_KINDS and not _typed(name_ev, c.evidence, t.evidence):
            # A lone capitalised word that nothing around it types is no actor
            # ("Kalashnikov", "Internet"): drop it rather than list an "other".
            return Actor("", c.names[0], "other", [], [], None, None, [])
    if type_ != "person" and c.surnames:
        # A surname alias only holds for people: "Rights" is not short for "Fortify Rights".
        full = set(c.names) | c.aliases - c.surnames
        t.mentions = [m for m in t.mentions if norm(m.surface) in full or _particle_free(m.surface) not in c.surnames]
        t.surfaces = {k: v for k, v in t.surfaces.items() if k not in c.surnames or k in full}
    description, source = None, None
    if c.curated is not None and c.curated.description:
        description, source = c.curated.description, "curated"
    elif t.description is not None and c.place is None:
        description, source = t.description[3], t.description[4]
    roles = _distinct_roles(list(c.roles) + list(t.roles))
    if type_ != "person":
        roles = [r for r in roles if r in c.roles]
    forms = set(t.surfaces) | set(c.acronyms) | set(c.expansions)
    aliases = sorted({f for f in forms if f != name}, key=lambda f: (f.casefold(), f))
    reasons = dict(c.reasons)
    if c.place is not None:
        for f in aliases:
            entry = gazetteer.lookup(f)
            how = {"demonym": "demonym", "capital": "capital (standing for the state)"}.get(entry.how if entry else "", "name")
            reasons.setdefault(f, f"gazetteer: {how} of {name}")
    by_key = {alias_key(f): r for f, r in reasons.items()}
    for f in aliases:
        if f not in reasons and alias_key(f) in by_key:
            reasons[f] = by_key[alias_key(f)]  # "Ag Ghali" opening a sentence is "ag Ghali"
    if c.curated is not None:
        for f in aliases:
            if alias_key(f) in {alias_key(x) for x in c.curated.forms}:
                reasons.setdefault(f, "listed in the curated glossary")
    merged = {f: reasons[f] for f in aliases if f in reasons}
    return Actor("", name, type_, aliases, roles, description, source, t.mentions, merged)


_WEAK_KINDS = frozenset({"single"})


# A context cue seen at fewer than this share of an actor's body mentions counts
# in proportion. 784 mentions of the Labour Party include some "in Labour", and
# "at Google" occurs too: summed, those weak locative cues reached the context cap and
# outvoted the names' own heads ("Party") and the organisation cues.
_CUE_SHARE = 0.15


def _incidental_scaled(t: _Tally) -> dict[str, float]:
    """The context evidence, each type's scaled down when few of the mentions carry it."""
    if t.body == 0:
        return t.evidence
    return {
        k: min(w, CONTEXT_CAP) * min(1.0, t.cued.get(k, 0) / (t.body * _CUE_SHARE)) for k, w in t.evidence.items()
    }


def _typed(*sources: dict[str, float]) -> bool:
    return any(w > 0 and k != "any" for source in sources for k, w in source.items())


def _distinct_roles(roles: list[str]) -> list[str]:
    """Roles once each, dropping one contained in a longer one: "minister" and
    "Foreign Minister" add nothing next to "Foreign Minister of Algeria"."""
    unique: dict[str, str] = {}
    for r in roles:
        unique.setdefault(r.casefold(), r)
    keys = list(unique)
    return [unique[k] for k in keys if not any(o != k and f" {k} " in f" {o} " for o in keys)]


def _particle_free(surface: str) -> str:
    """"Ag Ghali" -> "ag Ghali": the form surnames are stored in."""
    first, _, rest = norm(surface).partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in NAME_PARTICLES else norm(surface)


def _canonical_name(c: Cluster, t: _Tally) -> str:
    if c.curated is not None:
        return c.curated.name
    if c.place is not None:
        return c.place.name

    def count(form: str) -> int:
        return t.surfaces.get(form, 0)

    if c.expansions:
        return max(c.expansions, key=lambda f: (count(f), len(f)))
    forms = [f for f in c.names if f not in c.modified] or list(c.names)
    if "titled" in c.kinds or any(len(f.split()) > 1 for f in forms):
        multi = [f for f in forms if " " in f] or forms
        return max(multi, key=lambda f: (count(f) > 0, count(f), len(f)))
    return max(forms, key=lambda f: (count(f), len(f)))
