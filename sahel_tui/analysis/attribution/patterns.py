"""The constructions news English uses to attribute speech, as rules.

Why rules and not a model: speech attribution in news is a closed, well
described set of constructions (Pareti's PARC corpus; Krestel et al. 2008;
O'Keefe et al. 2012 found that a handful of rules plus "the last speaker
carries on" attribute most quotes), and no quote-attribution model ships its
weights inside a wheel, which the offline rule requires. The constructions:

* a quote followed by its speaker: ``“...,” Mr. X said`` / ``“...,” said Mr. X``;
* a speaker before a quote: ``X said: “...”`` / ``X said, “...”`` / ``X said the plan was “a disaster”``;
* ``according to X`` before or after the claim;
* reported speech: ``X said (that) ...``, ``X told Y (that) ...``, ``X accused Y of ...``,
  ``X denied ...``, ``X's spokesman said ...``, and the inverted ``..., X said.``;
* a participle tied to the main subject: ``Mali responded, accusing Algeria of ...``;
* a quote standing alone, or the next paragraph of a quote left open: the speaker carries over;
* pronoun speakers (``he said``): the nearest preceding subject of the matching kind.

None of them depends on a particular name, outlet or region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from sahel_tui.analysis.attribution.model import Attribution
from sahel_tui.corpus.model import ArticleText

if TYPE_CHECKING:
    from sahel_tui.infrastructure.cache import Cache

# Reporting verbs (finite forms), from the speech-act verbs of PARC and Krestel et al.
# Ambiguous noun forms ("states", "charges", "notes", "calls", "claims") are left
# out: "the United States" or "his claims were" would otherwise start a claim.
_VERBS = frozenset(
    (
        "said says say told tells stated added adds argued argues claimed accused accuses denied denies "
        "warned warns insisted insists noted explained explains wrote writes announced announces asserted "
        "asserts declared declares stressed stresses maintained maintains contended contends "
        "acknowledged acknowledges admitted admits suggested suggests responded responds replied replies alleged "
        "alleges confirmed confirms vowed vows promised promises predicted predicts recalled recalls concluded "
        "tweeted tweets urged urges blamed blames criticised criticized criticises criticizes complained "
        "complains rejected rejects dismissed dismisses countered counters affirmed affirms emphasised emphasized "
        "reiterated reiterates condemned condemns cautioned cautions testified testifies conceded concedes "
        "disputed disputes insisted observed observes quipped joked reported reports continued continues "
        "asked asks pleaded lamented boasted conceded mused shouted yelled"
    ).split()
)
# Verbs that introduce a name for something rather than a claim: only with a quote after them.
# Verbs that report speech only with "that" or a quote after them: "Mali responded with fury" is no claim.
_NEEDS_THAT = frozenset(
    (
        "responded responds replied replies added adds wrote writes reported reports recalled recalls noted explained "
        "explains announced announces confirmed confirms declared declares promised promises vowed vows predicted "
        "predicts concluded tweeted tweets observed observes complained complains countered counters stated "
        "suggested suggests testified testifies conceded concedes quipped joked cautioned cautions affirmed affirms "
        "emphasised emphasized reiterated reiterates maintained maintains urged urges stressed stresses "
        "continued continues asked asks pleaded lamented boasted mused shouted yelled"
    ).split()
)
_OBJECT_VERBS = frozenset(
    "accused accuses denied denies criticised criticized criticises criticizes condemned condemns rejected rejects "
    "dismissed dismisses blamed blames disputed disputes".split()
)
_NAMING_VERBS = frozenset("called calls described describes dubbed labelled labeled branded termed".split())
# Participles that attach a claim to the main clause's subject: "Mali responded, accusing Algeria of ...".
_PARTICIPLES = frozenset(
    (
        "saying accusing warning adding arguing claiming denying insisting noting stressing calling describing "
        "declaring asserting charging blaming urging rejecting dismissing writing telling"
    ).split()
)
# A word: full stops only inside it ("U.S"), so "said." is the verb "said".
# Every verb form the rules read as reporting speech (framing leaves them out of its lexicon).
REPORTING_VERBS = _VERBS | _NEEDS_THAT | _NAMING_VERBS | _OBJECT_VERBS | _PARTICIPLES
_ANY_SPEECH = re.compile(r"\b(?:" + "|".join(sorted(REPORTING_VERBS)) + r"|[Aa]ccording)\b")
_WORD_RE = re.compile(r"[A-Za-z](?:[\w’'-]|\.(?=[A-Za-z]))*")
_ABBREV_WORDS = frozenset("Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt Capt Adm Prof Rev St Jr Sr Mt".split())
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_PERSON_PRONOUNS = {"he": "person", "she": "person"}
_GROUP_PRONOUNS = {"it": "group", "they": "group", "we": "group"}
_PRONOUNS = {**_PERSON_PRONOUNS, **_GROUP_PRONOUNS, "i": "person"}
# Words between a subject and its verb that are not part of the subject.
_BETWEEN = frozenset(
    (
        "also later then previously repeatedly publicly separately recently once again has had have was is were "
        "are would will further first simply flatly quickly reportedly allegedly privately openly strongly "
        "has had already often never always still just even angrily bluntly sharply told"
    ).split()
)
# Words that open a clause and are never part of its subject.
_LEADERS = frozenset(
    "and but while as when that which because after before since so or if though although yet whereas".split()
)
# Words a subject noun phrase may contain in lower case.
_NP_LOWER = frozenset(
    (
        "a an the his her its their our of for to in at on from and de du al ag bin ibn le la van von der "
        "top senior former chief deputy foreign interior defence defense prime state head several two three "
        "some many other one another local regional national military security government party campaign "
        "spokesman spokeswoman spokesperson press secretary communications director"
    ).split()
)
# Nouns that name an unnamed person speaker's kind ("a Malian official", "officials in Mali").
_PEOPLE_KINDS = re.compile(
    r"\b(officials?|spokes(?:man|men|woman|women|person|people)|sources?|analysts?|diplomats?|aides?|advisers?|"
    r"advisors?|lawmakers?|legislators?|senators?|residents?|witnesses|critics|supporters|experts|observers|"
    r"representatives?|commanders?|activists|opponents|protesters|protestors|plaintiffs|lawyers?|attorneys?|"
    r"members?|leaders?|staffers?|strategists?|operatives?|people|insiders|researchers|investigators|"
    r"prosecutors?|democrats|republicans|conservatives|liberals|voters|parents|officers?)\b",
    re.IGNORECASE,
)
# Nouns naming an institution that speaks for its actor ("Algeria's foreign ministry" is Algeria).
_VOICE_NOUNS = re.compile(
    r"\b(ministry|government|presidency|army|military|junta|authorities|administration|office|statement|"
    r"committee|campaign|department|embassy|council|command|police)\b",
    re.IGNORECASE,
)
_MAX_SUBJECT_WORDS = 9
_RECENT = 40  # records a new claim is checked against for duplicates
_TIME_OPENERS = frozenset("on in at during after before since by last this early late".split())
_TIME_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August "
    "September October November December Today Yesterday".split()
)
_SENTENCE_END = re.compile(r"[.!?][”\"’]?\s+(?=[A-Z“\"])")
# Abbreviations whose full stop does not end a sentence ("Mr. Steele said").
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|Jr|Sr|Mt|[A-Z])\.")
_SPEAKER_STOP = frozenset(
    (
        "in on at during after before when while from last this told adding as who which whose and but that "
        "with by earlier later yesterday today tonight recently monday tuesday wednesday thursday friday "
        "saturday sunday"
    ).split()
)


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int  # the opening mark (article offset)
    end: int  # just past the closing mark (or the paragraph's end when left open)
    inner_start: int
    inner_end: int
    paragraph: int
    continues: bool  # this paragraph continues a quote the previous paragraph left open
    left_open: bool  # the quote runs on into the next paragraph


def find_quotes(article: Any) -> list[_Quote]:
    """Every quoted span of the body, curly or straight, across paragraphs when a quote is left open.

    News style opens each paragraph of a long quote with a quotation mark and
    closes only the last one; a paragraph that ends inside a quote therefore
    runs on into the next one when that one opens with a quotation mark.
    """
    out: list[_Quote] = []
    carry = False
    for p in article.paragraphs:
        if p.kind != "body":
            carry = False
            continue
        text = article.text[p.start : p.end]
        first_open = len(text) - len(text.lstrip())
        continues = carry and text[first_open : first_open + 1] in ("“", '"')
        carry = False
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch not in "“\"":
                i += 1
                continue
            # Close on the nearest closing mark of either style: copy-edited text mixes them ('"...”').
            closers = [c for c in (text.find("”", i + 1), text.find('"', i + 1)) if c >= 0]
            close = min(closers) if closers else -1
            if close < 0:
                out.append(_Quote(p.start + i, p.end, p.start + i + 1, p.end, p.number, continues and i == first_open, True))
                carry = True
                break
            if not _is_title(text[i + 1 : close]):
                out.append(_Quote(p.start + i, p.start + close + 1, p.start + i + 1, p.start + close, p.number, continues and i == first_open, False))
            i = close + 1
    return [q for q in out if q.inner_end - q.inner_start >= 1]


def _is_title(inner: str) -> bool:
    """A short run of capitalised words in quotation marks names a show or a paper ("Fox News Sunday"), not speech."""
    ws = inner.split()
    return 0 < len(ws) <= 4 and all(w[:1].isupper() or w.lower() in {"of", "the", "and", "on", "in", "a"} for w in ws) and not re.search(r"[.,!?]", inner)


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(text))


def _plain(word: str) -> str:
    return word.lower().strip("’'.,")


def _verbs_in(text: str, forms: frozenset[str]) -> list[re.Match[str]]:
    return [m for m in _WORD_RE.finditer(text) if m.group() in forms]


def _valid_subject(subject: str) -> bool:
    """A speaker is a noun phrase: a pronoun, a name (a capitalised word), or a speaker-kind noun."""
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS:
        return False
    if len(words) == 1 and _plain(words[0]) in _PRONOUNS:
        return True
    caps = [w for w in words if w[:1].isupper() and _plain(w) not in {"the", "a", "an", "this", "that", "it"}]
    if caps:
        # every lower-case word must be one a noun phrase can hold
        return all(w[:1].isupper() or _plain(w) in _NP_LOWER or _PEOPLE_KINDS.fullmatch(_plain(w)) or _VOICE_NOUNS.fullmatch(_plain(w)) or w[:1].isdigit() for w in words)
    return bool(_PEOPLE_KINDS.search(subject) or _VOICE_NOUNS.search(subject)) and all(
        _plain(w) in _NP_LOWER or _PEOPLE_KINDS.fullmatch(_plain(w)) or _VOICE_NOUNS.fullmatch(_plain(w)) or w.endswith(("an", "ian", "ese", "ish", "i"))
        for w in words
    )


def subject_before(text: str) -> tuple[str, int]:
    """The subject noun phrase that ends ``text`` (the words just before a verb) and its offset.

    ``"Michael Steele, chairman of the RNC,"`` -> ``"Michael Steele"`` (an
    appositive keeps its head); ``"In Algiers, Attaf"`` -> ``"Attaf"``;
    ``"a drone it"`` -> ``"it"``. ``("", -1)`` when no noun phrase fits.
    """
    words = _words(text)
    # drop the words between subject and verb ("also", "has", "later")
    while words and _plain(words[-1].group()) in _BETWEEN:
        words.pop()
    if not words:
        return "", -1
    end = words[-1].end()
    tail = text[:end]
    cut = max(tail.rfind(c) for c in "“”\";:—()[]")
    seg_start = cut + 1 if cut >= 0 else 0
    last_stop = 0
    for m in re.finditer(r"[.!?]\s+(?=[A-Z“\"])", tail[seg_start:]):
        word = re.search(r"(\w+)$", tail[seg_start : seg_start + m.start()])
        if m.group().startswith(".") and word and (word.group(1) in _ABBREV_WORDS or len(word.group(1)) == 1):
            continue  # "Mr. Steele": not a sentence end
        last_stop = m.end()
    seg_start += last_stop
    seg = tail[seg_start:]
    after_words = text[end:]
    if after_words.strip().startswith(",") and "," in seg:
        # "Michael Steele, chairman of the RNC, said": the piece before the appositive is the head
        pieces = seg.split(",")
        head_index = len(pieces) - 2
        head_start = sum(len(x) + 1 for x in pieces[:head_index])
        subject, off = _np_tail(pieces[head_index])
        if subject:
            return subject, seg_start + head_start + off
    if "," in seg:
        seg_start += seg.rfind(",") + 1
        seg = tail[seg_start:]
    subject, off = _np_tail(seg)
    if not subject:
        return "", -1
    return subject, seg_start + off


def _np_tail(seg: str) -> tuple[str, int]:
    """The noun phrase at the end of a clause segment: the longest valid tail of at most nine words."""
    words = _words(seg)
    # "and ...", "On Monday ...": clause openers and time phrases are not part of the subject
    while words and (
        _plain(words[0].group()) in _LEADERS | _TIME_OPENERS or words[0].group() in _TIME_WORDS
    ):
        words.pop(0)
    if not words:
        return "", -1
    if _plain(words[-1].group()) in _PRONOUNS:
        last = words[-1]
        return last.group(), last.start()
    for i in range(max(0, len(words) - _MAX_SUBJECT_WORDS), len(words)):
        s, e = words[i].start(), words[-1].end()
        candidate = seg[s:e]
        if _plain(words[i].group()) in _NP_LOWER - {"a", "an", "the", "his", "her", "its", "their", "our", "several", "two", "three", "some", "many", "one", "another"} and not words[i].group()[:1].isupper():
            continue  # a noun phrase does not start with "of" or "in"
        if _valid_subject(candidate):
            return candidate.rstrip(".,"), s
    return "", -1


def speaker_after(text: str) -> tuple[str, int]:
    """The speaker phrase opening ``text`` (after an inverted verb): ``" Mr. Steele, who ..."`` -> ``"Mr. Steele"``."""
    lead = len(text) - len(text.lstrip())
    out: list[re.Match[str]] = []
    for m in _WORD_RE.finditer(text, lead):
        gap = text[out[-1].end() : m.start()] if out else text[lead : m.start()]
        if gap.strip() and not (out and gap.strip() == "." and (out[-1].group() in _ABBREV_WORDS or len(out[-1].group()) == 1)):
            break  # punctuation ends the phrase, but not the full stop of "Mr." or "W."
        if _plain(m.group()) in _SPEAKER_STOP and out:
            break
        out.append(m)
        if len(out) > _MAX_SUBJECT_WORDS:
            return "", -1
    while out and (_plain(out[-1].group()) in _NP_LOWER - {"spokesman", "spokeswoman", "spokesperson", "secretary", "director"}):
        out.pop()
    if not out:
        return "", -1
    phrase = text[out[0].start() : out[-1].end()]
    if out[-1].group() in {"Jr", "Sr"} and text[out[-1].end() : out[-1].end() + 1] == ".":
        phrase += "."
    if not _valid_subject(phrase):
        return "", -1
    return phrase, out[0].start()


def _first_np(text: str) -> tuple[str, int]:
    """The opening subject of a clause: its first noun phrase, for a participle's speaker."""
    m = re.match(r"\s*", text)
    pos = m.end() if m else 0
    comma = text.find(",", pos)
    # "Speaking in Algiers, Attaf stressed": skip an opening participial or prepositional phrase
    first = _WORD_RE.match(text, pos)
    if first and (first.group().endswith(("ing", "ed")) or _plain(first.group()) in {"in", "on", "at", "after", "before", "during", "when", "while", "if", "as"}) and comma > 0:
        pos = comma + 1
    words: list[re.Match[str]] = []
    for w in _WORD_RE.finditer(text, pos):
        gap = text[words[-1].end() : w.start()].strip() if words else ""
        if gap and not (gap == "." and (words[-1].group() in _ABBREV_WORDS or len(words[-1].group()) == 1)):
            break
        lw = _plain(w.group())
        if not words and lw in _LEADERS:
            continue
        if not (w.group()[:1].isupper() or lw in _NP_LOWER or _PEOPLE_KINDS.fullmatch(lw) or _VOICE_NOUNS.fullmatch(lw)):
            break
        words.append(w)
        if len(words) >= _MAX_SUBJECT_WORDS:
            break
    while words and _plain(words[-1].group()) in _NP_LOWER - {"spokesman", "spokeswoman", "spokesperson", "secretary", "director", "government", "campaign"}:
        words.pop()
    if not words:
        first = _WORD_RE.match(text, pos) or _WORD_RE.search(text, pos)
        if first and _plain(first.group()) in _PRONOUNS:
            return first.group(), first.start()
        return "", -1
    phrase = text[words[0].start() : words[-1].end()]
    phrase = re.sub(r"[’']s$", "", phrase)
    if not _valid_subject(phrase):
        return "", -1
    return phrase, words[0].start()


class _Positions:
    """Sentence and paragraph lookups by offset and number in O(log n): an article may hold 100,000 sentences."""

    def __init__(self, article: Any) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self.sentences = list(article.sentences)
        self.ends = [s.end for s in self.sentences]
        self.paragraphs = {p.number: p for p in article.paragraphs}

    def sentence_at(self, offset: int) -> Any:
        """The sentence containing ``offset``, or the nearest one after it (as Article.sentence_at)."""
        i = self._bisect(self.ends, offset)
        return self.sentences[i] if i < len(self.sentences) else None


class _Linker:
    """Speaker words -> glossary actor (by mention offsets) or an unnamed kind; pronouns -> antecedents."""

    def __init__(self, article: Any, spans: Sequence[tuple[int, int, Any]], quotes: Sequence[_Quote], where: _Positions) -> None:
        self.text: str = article.text
        self.spans: list[tuple[int, int, Any]] = sorted(spans, key=lambda t: t[0])
        self.by_surname: dict[str, Any] = {}
        self._quotes = quotes
        self._where = where
        self._subjects: list[tuple[int, Any, str]] | None = None
        present = {id(a): a for _, _, a in self.spans}
        for actor in present.values():
            if getattr(actor, "type", "") == "person":
                for form in [actor.name, *getattr(actor, "aliases", [])]:
                    parts = form.split()
                    if parts:
                        self.by_surname.setdefault(parts[-1], actor)

    @property
    def subjects(self) -> list[tuple[int, Any, str]]:
        """Subject-position mentions: the first actor mention of each sentence, by kind, outside quotes.

        Computed on the first pronoun: most articles never need it.
        """
        if self._subjects is None:
            import bisect

            starts = [q.inner_start for q in self._quotes]
            out: list[tuple[int, Any, str]] = []
            seen: set[tuple[str, str]] = set()
            for s, e, actor in self.spans:
                i = bisect.bisect_right(starts, s) - 1
                if (i >= 0 and s < self._quotes[i].inner_end) or not self._clause_initial(s, e):
                    continue
                sentence = self._where.sentence_at(s)
                sid = sentence.id if sentence is not None else ""
                kind = "person" if getattr(actor, "type", "") == "person" else "group"
                if getattr(actor, "type", "") == "place" or (sid, kind) in seen:
                    continue
                seen.add((sid, kind))
                out.append((s, actor, kind))
            self._subjects = out
        return self._subjects

    def _clause_initial(self, start: int, end: int) -> bool:
        """Is the mention a clause's subject? Only names and titles stand between it and the clause start,
        and it is not a possessive modifier ("Obama's war", "the Obama administration")."""
        if re.match(r"[’']s\b", self.text[end : end + 2]):
            return False
        window = self.text[max(0, start - 120) : start]
        cut = max(window.rfind(c) for c in ",;:—(“”\"")
        head = window[cut + 1 :]
        for m in re.finditer(r"[.!?]\s+", head):
            word = re.search(r"(\w+)$", head[: m.start()])
            if not (word and (word.group(1) in _ABBREV_WORDS or len(word.group(1)) == 1)):
                head = head[m.end() :]
        for w in _WORD_RE.finditer(head):
            token = w.group()
            if not (token[:1].isupper() or _plain(token) in _NP_LOWER - {"of", "for", "to", "in", "at", "on", "from", "and"}):
                return False
        return True

    def actor_in(self, start: int, end: int) -> Any:
        """The actor the speaker words name: a person if one is named, else the last actor named."""
        found = None
        for s, e, actor in self.spans:
            if s >= end:
                break
            if e > start:
                if found is None or getattr(actor, "type", "") == "person" or getattr(found, "type", "") != "person":
                    if getattr(actor, "type", "") != "place" or found is None:
                        found = actor
        if found is None:
            # "Mr. Kristol" when only "Bill Kristol" was matched: the surname names the same person
            for word in reversed(re.findall(r"[A-Z][\w’'-]+", self.text[start:end])):
                if word in self.by_surname:
                    return self.by_surname[word]
        return found

    def antecedent(self, pronoun: str, offset: int, previous: Attribution | None, paragraph_gap: int) -> tuple[Any, Attribution | None]:
        """The nearest preceding subject of the pronoun's kind: a glossary actor, or the previous speaker."""
        want = _PRONOUNS.get(pronoun.lower(), "person")
        best_pos, best = -1, None
        for pos, actor, kind in self.subjects:
            if pos >= offset:
                break
            if kind == want and offset - pos <= 1500:
                best_pos, best = pos, actor
        if previous is not None and paragraph_gap <= 2:
            prev_kind = "person" if (previous.actor_type == "person" or (previous.actor is None and previous.kind is None and previous.speaker[:1].isupper())) else "group"
            if previous.kind is not None and _PEOPLE_KINDS.search(previous.kind or "") and not (previous.kind or "").endswith("s"):
                prev_kind = "person"
            prev_pos = previous.speaker_start if previous.speaker_start >= 0 else previous.start
            if prev_kind == want and prev_pos >= best_pos:
                return None, previous
        return best, None


def index_mentions(actors: Sequence[Any] | None) -> dict[str, list[tuple[int, int, Any]]]:
    """Every actor mention as (start, end, actor), by article: built once for a whole corpus."""
    out: dict[str, list[tuple[int, int, Any]]] = {}
    for actor in actors or ():
        for m in actor.mentions:
            out.setdefault(m.article, []).append((m.start, m.end, actor))
    return out


def attribute_article(
    article: Any, actors: Sequence[Any] | None = None, mentions: Mapping[str, Sequence[tuple[int, int, Any]]] | None = None
) -> list[Attribution]:
    """Every direct quote and reported claim of ``article``, in reading order.

    ``mentions`` is :func:`index_mentions` of ``actors``; pass it when
    attributing many articles, so the actors' mentions are not scanned for each.
    """
    index = mentions if mentions is not None else index_mentions(actors)
    quotes = find_quotes(article)
    where = _Positions(article)
    linker = _Linker(article, index.get(article.id, ()), quotes, where)
    return _Attributor(article, linker, quotes, where).run()


class _Attributor:
    def __init__(self, article: Any, linker: _Linker, quotes: list[_Quote], where: _Positions) -> None:
        self.where = where
        self.quote_starts = [q.start for q in quotes]
        self.article = article
        self.text: str = article.text
        self.linker = linker
        self.quotes = quotes
        self.out: list[Attribution] = []
        self.used_verbs: set[int] = set()
        self.last: Attribution | None = None
        self.last_paragraph = -10
        self.body = [s for p in article.paragraphs if p.kind == "body" for s in p.sentences]

    # -- building records -------------------------------------------------------------------------
    def _sentence(self, offset: int) -> Any:
        return self.where.sentence_at(offset)

    def make(self, speaker: str, s0: int, verb: str, c0: int, c1: int, direct: bool, pattern: str, paragraph: int) -> Attribution | None:
        text = self.text
        while c0 < c1 and text[c0] in " ,:;—–-\n":
            c0 += 1
        while c1 > c0 and text[c1 - 1] in " ,;:—–-\n" or (c1 > c0 and not direct and text[c1 - 1] == "."):
            c1 -= 1
        if c1 <= c0:
            return None
        sentence = self._sentence(c0)
        sid = sentence.id if sentence is not None else ""
        actor = None
        kind = None
        antecedent = None
        s1 = s0 + len(speaker) if s0 >= 0 else -1
        previous = self.last
        if s0 < 0:  # carried over
            assert previous is not None
            speaker, s0, s1 = previous.speaker, previous.speaker_start, previous.speaker_end
            attr = Attribution(
                self.article.id, sid, speaker, s0, s1, verb or previous.verb, text[c0:c1], c0, c1, direct, pattern,
                previous.actor, previous.actor_name, previous.actor_type, previous.kind, previous.antecedent,
            )
            return self._keep(attr, paragraph)
        if speaker.lower() in _PRONOUNS:
            found, prev = self.linker.antecedent(speaker, s0, previous, paragraph - self.last_paragraph)
            if prev is not None:
                attr = Attribution(
                    self.article.id, sid, speaker, s0, s1, verb, text[c0:c1], c0, c1, direct, pattern + "+pronoun",
                    prev.actor, prev.actor_name, prev.actor_type, prev.kind, prev.antecedent or prev.speaker,
                )
                return self._keep(attr, paragraph)
            actor = found
            antecedent = getattr(found, "name", None)
            pattern += "+pronoun"
        else:
            actor = self.linker.actor_in(s0, s1)
            head_people = _PEOPLE_KINDS.search(speaker)
            if head_people is not None and (actor is None or getattr(actor, "type", "") != "person"):
                kind = re.sub(r"\s+", " ", re.sub(r"^[Tt]he\s+", "", speaker))
                first = kind.split()[0].lower() if kind.split() else ""
                if first in _NP_LOWER or _PEOPLE_KINDS.fullmatch(first):
                    kind = kind[:1].lower() + kind[1:]  # "A senior official" -> "a senior official", not "Zembla's"
        attr = Attribution(
            self.article.id, sid, speaker, s0, s1, verb, text[c0:c1], c0, c1, direct, pattern,
            getattr(actor, "id", None), getattr(actor, "name", None), getattr(actor, "type", None), kind, antecedent,
        )
        return self._keep(attr, paragraph)

    def _keep(self, attr: Attribution, paragraph: int) -> Attribution:
        self.out.append(attr)
        self.last = attr
        self.last_paragraph = paragraph
        return attr

    # -- direct quotes -------------------------------------------------------------------------------
    def _context_before(self, q: _Quote, prev_end: int) -> tuple[int, str]:
        sentence = self._sentence(q.start)
        start = max(prev_end, sentence.start if sentence is not None else q.start)
        p = self.where.paragraphs.get(q.paragraph)
        if p is not None:
            start = max(start, p.start)
        # never reach back over a sentence end the segmenter kept inside (‘according to TIME. "How come’)
        for m in _SENTENCE_END.finditer(self.text, start, q.start):
            word = re.search(r"(\w+)$", self.text[start : m.start()])
            if not (word and (word.group(1) in _ABBREV_WORDS or len(word.group(1)) == 1)):
                start = m.end()
        return start, self.text[start : q.start]

    def quote(self, i: int, q: _Quote) -> None:
        c0, c1 = q.inner_start, q.inner_end
        # 1. The quote's continuation paragraph: the opener's speaker.
        if q.continues and self.last is not None and self.last.direct:
            self.make("", -1, self.last.verb, c0, c1, True, "continuation", q.paragraph)
            return
        found = self._speaker_after(i) or self._speaker_before(i)
        if found is None and q.left_open:
            # A quote over several paragraphs often names its speaker only after its last paragraph.
            k = i
            while k + 1 < len(self.quotes) and self.quotes[k].left_open and self.quotes[k + 1].continues:
                k += 1
            if k > i:
                found = self._speaker_after(k)
        if found is not None:
            speaker, offset, verb, pattern, verb_at = found
            if verb_at >= 0:
                self.used_verbs.add(verb_at)
            self.make(speaker, offset, verb, c0, c1, True, pattern, q.paragraph)
            return
        # 4. A quote standing alone at the start of its sentence: the last speaker carries on.
        sentence = self._sentence(q.start)
        at_start = sentence is None or not self.text[sentence.start : q.start].strip()
        if at_start and self.last is not None and q.paragraph - self.last_paragraph <= 1 and self.last.direct:
            self.make("", -1, self.last.verb, c0, c1, True, "carried-over", q.paragraph)

    def _speaker_after(self, i: int) -> tuple[str, int, str, str, int] | None:
        """'“...,” Mr. X said' / '“...,” said Mr. X' / '“...,” according to X': (speaker, offset, verb, pattern, verb offset)."""
        q = self.quotes[i]
        text = self.text
        para = self.where.paragraphs[q.paragraph]
        nxt = self.quotes[i + 1].start if i + 1 < len(self.quotes) and self.quotes[i + 1].paragraph == q.paragraph else para.end
        after_start = q.end
        after = text[after_start:nxt]
        m = re.match(r"[\s,—–-]*", after)
        lead = m.end() if m else 0
        acc = _ACCORDING_RE.match(after, lead)
        if acc:
            sp, off = speaker_after(after[acc.end() :])
            if sp:
                return sp, after_start + acc.end() + off, "according to", "according-to", -1
        window = after[lead : lead + 90]
        verbs = [v for v in _WORD_RE.finditer(window) if v.group() in _VERBS]
        if not verbs:
            return None
        v = verbs[0]
        gap = window[: v.start()]
        vabs = after_start + lead + v.start()
        rest = after[lead + v.end() :]
        if not gap.strip():
            sp, off = speaker_after(rest)
            if sp:
                return sp, after_start + lead + v.end() + off, v.group(), "quote-then-speaker", vabs
        elif not re.search(r"[.!?;“\"]", _ABBREV.sub("", gap)) and not re.match(r"\s*(?:that\b|,?\s*[“\"])", rest):
            sp, off = subject_before(gap)
            if sp and not gap[:off].strip(" ,—–-"):
                return sp, after_start + lead + off, v.group(), "quote-then-speaker", vabs
        return None

    def _speaker_before(self, i: int) -> tuple[str, int, str, str, int] | None:
        """'X said: “...”' / 'X said, “...”' / 'X said the plan was “a disaster.”' / 'According to X, “...”'."""
        q = self.quotes[i]
        prev_end = self.quotes[i - 1].end if i > 0 and self.quotes[i - 1].paragraph == q.paragraph else 0
        cstart, before = self._context_before(q, prev_end)
        acc_before = list(_ACCORDING_RE.finditer(before))
        verbs_before = [v for v in _WORD_RE.finditer(before) if v.group() in _VERBS or v.group() in _NAMING_VERBS]
        parts_before = [v for v in _WORD_RE.finditer(before) if v.group() in _PARTICIPLES]
        cands: list[tuple[int, str, Any]] = [(v.start(), "verb", v) for v in verbs_before]
        cands += [(v.start(), "participle", v) for v in parts_before]
        cands += [(a.start(), "according", a) for a in acc_before]
        for _, what, mv in sorted(cands, key=lambda t: -t[0]):
            if what == "according":
                sp, off = speaker_after(before[mv.end() :])
                if sp:
                    return sp, cstart + mv.end() + off, "according to", "according-to", -1
                continue
            if what == "participle":
                sp, off = self._main_subject(cstart, before[: mv.start()])
                if sp:
                    return sp, off, mv.group(), "participle", cstart + mv.start()
                continue
            sp, off = subject_before(before[: mv.start()])
            if not sp and mv.group() in {"said", "says"}:
                sp, off2 = speaker_after(before[mv.end() :])
                off = mv.end() + off2 if sp else -1
            if sp:
                pattern = "speaker-then-quote" if re.fullmatch(r"[\s,:]*(?:that\s*)?", before[mv.end() :]) else "reported-quote"
                return sp, cstart + off, mv.group(), pattern, cstart + mv.start()
        return None

    def _main_subject(self, cstart: int, before: str) -> tuple[str, int]:
        """The subject of the clause a participle hangs from: its sentence's opening noun phrase."""
        sentence = self._sentence(cstart)
        base = sentence.start if sentence is not None else cstart
        sp, off = _first_np(self.text[base : cstart + len(before)])
        return (sp, base + off) if sp else ("", -1)

    # -- reported speech ------------------------------------------------------------------------------
    def reported(self, sentence: Any) -> None:
        s_text = sentence.text
        if not _ANY_SPEECH.search(s_text):
            return  # most sentences report nobody: one scan decides
        base = sentence.start
        import bisect

        # the quotes overlapping this sentence: they start before its end, and none is longer than its paragraph
        hi = bisect.bisect_left(self.quote_starts, sentence.end)
        lo = bisect.bisect_left(self.quote_starts, self.where.paragraphs[sentence.paragraph].start)
        inside = [(q.start - base, q.end - base) for q in self.quotes[lo:hi] if q.end > sentence.start]

        def outside(pos: int) -> bool:
            return all(not (a <= pos < b) for a, b in inside)

        def clause_end(pos: int) -> int:
            # a claim runs to the sentence's end, or to a quote that opens after it (the quote has its own record)
            for a, _ in inside:
                if a > pos:
                    return int(a)
            return len(s_text)

        # "according to X, ..." / "..., according to X."
        for acc in _ACCORDING_RE.finditer(s_text):
            if not outside(acc.start()):
                continue
            sp, off = speaker_after(s_text[acc.end() :])
            if not sp:
                continue
            s_off = acc.end() + off
            if any(a <= s_off < b for a, b in inside):
                continue
            if not s_text[: acc.start()].strip(" ,"):
                comma = s_text.find(",", s_off + len(sp))
                c0 = comma + 1 if comma >= 0 else s_off + len(sp)
                c1 = clause_end(c0)
            else:
                c0, c1 = 0, acc.start()
            if any(self._covered(base + c0, base + c1)):
                continue
            self.make(sp, base + s_off, "according to", base + c0, base + c1, False, "according-to", sentence.paragraph)
        # "X said (that) ...", "X told Y ...", "X accused Y of ...", "X denied ..."
        for vm in _WORD_RE.finditer(s_text):
            verb = vm.group()
            if verb not in _VERBS or base + vm.start() in self.used_verbs or not outside(vm.start()):
                continue
            rest = s_text[vm.end() :]
            if re.match(r"\s*[,:]?\s*[“\"]", rest):
                continue  # the quote rule owns this verb
            before = s_text[: vm.start()]
            sp, off = subject_before(before)
            if sp and not outside(off):
                sp = ""
            if sp and before[off + len(sp) :].strip(" ,") and before.rstrip().endswith(",") is False and re.search(r"[,;]", before[off + len(sp) :]):
                sp = ""
            inverted = False
            if not sp:
                continue
            c0 = vm.end()
            if verb in {"told", "tells", "urged", "urges"}:
                that = re.search(r"\bthat\b", rest[:100])
                if that:
                    c0 = vm.end() + that.end()
                else:
                    obj = re.match(r"\s+(?:(?:the|a|an|[A-Z][\w’'.-]*|reporters|journalists|him|her|them|us|me)\s+){1,4}", rest)
                    c0 = vm.end() + (obj.end() if obj else 0)
            else:
                that = re.match(r"\s*(?:,\s*)?(?:(?:on|in|at|last|this)\s+\w+\s+)?(?:\w+day\s+)?that\b", rest)
                if that:
                    c0 = vm.end() + that.end()
                elif verb in _NEEDS_THAT and not re.match(r"\s*[.,]?\s*$", rest):
                    continue
            c1 = clause_end(c0)
            part = re.search(r",\s+(\w+)\b", s_text[c0:c1])
            if part and part.group(1) in _PARTICIPLES:
                c1 = c0 + part.start()  # "criticised X, warning that ...": the participle is a claim of its own
            tail_words = s_text[c0:c1].split()
            # "X criticised the decision", "X denied it": these verbs take their claim as an object
            if len(tail_words) < (1 if verb in _OBJECT_VERBS else 3):
                # "The plan will fail, the minister said." : the claim is what comes before the speaker
                if off > 0 and not s_text[c0:c1].strip(" .") and s_text[:off].rstrip().endswith(","):
                    c0, c1 = 0, off
                    inverted = True
                else:
                    continue
            if any(self._covered(base + c0, base + c1)):
                continue
            self.used_verbs.add(base + vm.start())
            self.make(sp, base + off, verb, base + c0, base + c1, False, "reported-inverted" if inverted else "reported", sentence.paragraph)
        # "Mali responded with fury, accusing Algeria of ...": the participle takes the main subject.
        for pm in re.finditer(r",\s+(\w+)\b", s_text):
            word = pm.group(1)
            if word not in _PARTICIPLES or base + pm.start(1) in self.used_verbs or not outside(pm.start(1)):
                continue
            rest = s_text[pm.end() :]
            if re.match(r"\s*[,:]?\s*[“\"]", rest):
                continue
            sp, off = _first_np(s_text[: pm.start()])
            if not sp:
                continue
            c0 = pm.end(1)
            c1 = clause_end(c0)
            if len(s_text[c0:c1].split()) < 3 or any(self._covered(base + c0, base + c1)):
                continue
            self.used_verbs.add(base + pm.start(1))
            self.make(sp, base + off, word, base + c0, base + c1, False, "participle", sentence.paragraph)

    def _covered(self, start: int, end: int) -> list[bool]:
        """True for each existing record that already holds this claim (same span or inside it)."""
        while start < end and self.text[start] in " ,:;":
            start += 1
        while end > start and self.text[end - 1] in " ,.;:":
            end -= 1
        # Records are made in reading order: a claim can only be held by one of the latest (bounded work).
        return [a.start <= start and end <= a.end for a in self.out[-_RECENT:]]

    def run(self) -> list[Attribution]:
        # Walk the body in reading order so the carried-over and pronoun speakers see their predecessors.
        qi = 0
        for sentence in self.body:
            while qi < len(self.quotes) and self.quotes[qi].start < sentence.end:
                self.quote(qi, self.quotes[qi])
                qi += 1
            self.reported(sentence)
        while qi < len(self.quotes):
            self.quote(qi, self.quotes[qi])
            qi += 1
        self.out.sort(key=lambda a: (a.start, a.end))
        return self.out


def attribute_corpus(
    corpus: Any, actors: Sequence[Any] | None = None, cache: Cache | None = None, workers: Any = None
) -> dict[str, list[Attribution]]:
    """Attributions of every article, by article id.

    With a ``cache``, each article's attributions are kept under its text, its
    sentences and the actor mentions inside it (see :func:`cached_attributions`):
    adding or editing a few articles re-attributes those, and any other article
    whose mentions changed, and nothing else. What is not cached is attributed
    on every core (:func:`sahel_tui.infrastructure.pool.map_chunks`; ``workers`` as there).
    """
    from sahel_tui.infrastructure.pool import map_chunks

    index = index_mentions(actors)
    out: dict[str, list[Attribution]] = {}
    missing: list[tuple[Any, Sequence[tuple[int, int, Any]], str]] = []
    for article in corpus.articles:
        spans = index.get(article.id, ())
        if cache is not None:
            key = _attribution_key(article, spans)
            hit = _cached(cache, key)
            if hit is not None:
                out[article.id] = hit
                continue
        else:
            key = ""
        missing.append((article, spans, key))
    found = map_chunks(attribute_chunk, [(ArticleText.of(a), _lite_spans(spans)) for a, spans, _ in missing], workers=workers)
    for (article, _, key), atts in zip(missing, found):
        out[article.id] = atts
        if cache is not None:
            _store(cache, key, atts)
    return {a.id: out[a.id] for a in corpus.articles}


@dataclass(frozen=True, slots=True)
class _Speaker:
    """What the linker reads of an actor: sent to pool workers instead of the Actor and all its mentions."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


def _lite_spans(spans: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int, _Speaker]]:
    lite: dict[int, _Speaker] = {}  # one per actor, as the linker dedupes by identity
    out = []
    for s, e, actor in spans:
        speaker = lite.get(id(actor))
        if speaker is None:
            speaker = lite[id(actor)] = _Speaker(
                str(getattr(actor, "id", "")), str(getattr(actor, "name", "")), str(getattr(actor, "type", "")),
                tuple(getattr(actor, "aliases", ()) or ()),
            )
        out.append((s, e, speaker))
    return out


def attribute_chunk(items: list[tuple[ArticleText, list[tuple[int, int, _Speaker]]]]) -> list[list[Attribution]]:
    """Pool worker: each article's attributions (a top-level function, so spawned workers can import it)."""
    return [attribute_article(article, None, {article.id: spans}) for article, spans in items]


def _attribution_params() -> dict[str, Any]:
    from pathlib import Path

    from sahel_tui.infrastructure.cache import source_digest

    return {"code": source_digest(Path(__file__).parent)}


def _attribution_key(article: Any, spans: Sequence[tuple[int, int, Any]]) -> str:
    """Everything attribute_article reads: the article (its id is in every record), its
    sentences and blocks, and for each mention the actor fields the linker uses."""
    import hashlib
    import json

    h = hashlib.sha256(article.id.encode("utf-8", "surrogatepass") + b"\0")
    h.update(article.text.encode("utf-8", "surrogatepass"))
    h.update(repr([(s.id, s.start, s.end, s.kind, s.paragraph, s.number) for s in article.sentences]).encode())
    h.update(repr([(p.number, p.kind, p.start, p.end) for p in article.paragraphs]).encode())
    mentions = sorted(
        (s, e, str(getattr(a, "id", "")), str(getattr(a, "name", "")), str(getattr(a, "type", "")),
         list(getattr(a, "aliases", []) or []))
        for s, e, a in spans
    )
    h.update(json.dumps(mentions, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# Attribution's fields in order, and the types a stored row must hold (None: may be null).
_ROW_TYPES: tuple[tuple[type, bool], ...] = (
    (str, False), (str, False), (str, False), (int, False), (int, False), (str, False), (str, False),
    (int, False), (int, False), (bool, False), (str, False), (str, True), (str, True), (str, True),
    (str, True), (str, True),
)


def _valid_row(row: Any) -> bool:
    if not isinstance(row, list) or len(row) != len(_ROW_TYPES):
        return False
    for value, (kind, nullable) in zip(row, _ROW_TYPES):
        if value is None and nullable:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return False
    return True


def _cached(cache: Cache, key: str) -> list[Attribution] | None:
    rows = cache.get("attributions", key, _attribution_params())
    # Another shape (a foreign or hand-edited file) is a miss: it is recomputed.
    if isinstance(rows, list) and all(_valid_row(r) for r in rows):
        return [Attribution(*r) for r in rows]
    return None


def cached_attributions(article: Any, spans: Sequence[tuple[int, int, Any]], cache: Cache) -> list[Attribution]:
    """``attribute_article`` through the cache: same result, computed once per input."""
    key = _attribution_key(article, spans)
    hit = _cached(cache, key)
    if hit is not None:
        return hit
    found = attribute_article(article, None, {article.id: spans})
    _store(cache, key, found)
    return found


def _store(cache: Cache, key: str, found: list[Attribution]) -> None:
    from dataclasses import astuple

    cache.put("attributions", key, [list(astuple(a)) for a in found], _attribution_params())


def speaker_of_sentence(attributions: Sequence[Attribution], sentence_id: str) -> list[Attribution]:
    """The attributions inside one sentence (what the reader shows as its speaker)."""
    return [a for a in attributions if a.sentence_id == sentence_id]
