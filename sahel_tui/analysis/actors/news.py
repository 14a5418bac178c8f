"""Cues of general news writing: wire datelines, bylines, companies, clubs, agencies.

The rest of the package was written on conflict reporting; these rules hold on
any newswire (business, sport, politics) because each reads a *kind* of word
or a layout, never a particular name:

* a dateline opens a story with its place in capitals, then a date, an agency
  or a dash: "LONDON 1996-08-30", "MAHALA, Bosnia 1996-08-31", "KHARTOUM —";
* a byline is a line of two or three capitalised words right before a dateline;
* a label in capitals followed by a colon ("PUBLISHED:", "UPDATED:") is page
  furniture, never an actor;
* company suffixes (Inc, Corp, SpA), club words (United, Rovers, FC) and
  agency words (Exchange, Reserve, Securities) make a name an organisation;
* lower-case nouns around a single word ("firm Multico", "Interfax news
  agency", "champions Bath", "Ericsson shares") say that it is an organisation.
"""

from __future__ import annotations

import re

from sahel_tui.analysis.actors.lexicon import MONTHS
from sahel_tui.analysis.actors.tokens import Token

# Heads that end the names of companies, clubs and institutions of business and sport.
ORG_HEADS = frozenset(
    """Inc Inc. Corp Corp. Co Co. Ltd Ltd. Limited Plc PLC plc SpA SA AG NV BV AB ASA Oy GmbH KK Bhd Tbk
    Holdings Holding Industries Airlines Airways Air Exchange Securities Communications Motors Systems
    Technologies Technology Pharmaceuticals Pharmaceutical Telecom Telecommunications Energy Petroleum Oil
    Bancorp Bancshares Capital Partners Ventures Enterprises Reserve Treasury Insurance Assurance Brewery
    Breweries Electric Electronics Chemical Chemicals Steel Mining Media Publishing Newsroom Associates
    Rail Railway Railways Transit Buses Shipping Logistics Foods Stores
    Club FC AFC CF SC United Rovers Wanderers Athletic Albion Hotspur Rangers Celtic Olympique Sporting
    Dynamo Dinamo Lokomotiv Spartak Torpedo Juventus""".split()
)
# Words that open a club's name ("Real Madrid", "Dynamo Moscow", "Standard Liege").
CLUB_OPENERS = frozenset("Real Dynamo Dinamo Lokomotiv Spartak Sporting Olympique Atletico Athletic Racing Inter".split())

# First words of companies and media ("Air France", "Radio Free Europe").
ORG_OPENERS = frozenset("Air Radio Banco Banque Banca Credit Deutsche Compagnie Societe Société".split())

# Lower-case nouns that, right before a single name, make it an organisation.
ORG_NOUNS_BEFORE = frozenset(
    """firm company companies group maker manufacturer producer retailer carrier airline insurer lender bank
    bankers broker brokerage operator conglomerate giant rival rivals subsidiary unit partner partners
    club clubs side team champions leaders newspaper daily weekly paper magazine broadcaster agency
    publisher brewer distributor exporter importer supplier developer chain utility fund""".split()
)
# Lower-case words right after a name that make it an organisation ("Interfax news agency", "Ericsson shares").
ORG_NOUNS_AFTER = frozenset(
    """shares stock stocks shareholders subsidiary unit chairman chief executive executives board profit profits
    revenue revenues earnings newspaper daily agency club coach manager players striker midfielder
    goalkeeper defender forward fans""".split()
)
# Lower-case roles of sport and work before a name ("striker Oliver Fenwick").
PERSON_ROLES = frozenset(
    """batsman bowler striker midfielder goalkeeper defender winger forward captain coach manager player
    pitcher catcher shortstop outfielder quarterback driver rider cyclist golfer boxer jockey trainer sprinter
    champion skipper referee umpire chief executive chairman director spokesman spokeswoman analyst economist
    trader dealer lawyer attorney prosecutor judge novelist author writer actor actress singer dissident
    businessman businesswoman tycoon official diplomat minister premier president senator governor mayor""".split()
)
# ", 27," / "27-year-old": an age makes the name before it a person.
_AGE = re.compile(r"^\d{1,2}$")

_DIGIT_RUN = re.compile(r"\d+")
# "PUBLISHED:", "UPDATED:", "EDITED BY": a label of page furniture.
_LABEL = re.compile(r"^[A-Z]{3,}(?: [A-Z]{2,})?:")
_DATE_AFTER = re.compile(
    r"^\s*(?:\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?|\d{1,2}\s+(?:" + "|".join(sorted(MONTHS)) + r")\b|(?:"
    + "|".join(sorted(MONTHS)) + r")\.?\s+\d{1,2}\b|\((?:[A-Z][\w.]*\s*){1,3}\)|[—–]|-{1,2}\s)"
)


def is_label_furniture(text: str) -> bool:
    """"PUBLISHED: 12:02 EST, 3 March 2014": a stamp, not a sentence about anyone."""
    return _LABEL.match(text) is not None


def all_caps(tokens: list[Token]) -> bool:
    """A sentence set in capitals (headline, dateline): its letters say nothing about case."""
    # Cheap refusal first: every prose sentence of a corpus comes through here.
    if not tokens:
        return False
    head = tokens[0].text
    if not head[:1].isalpha() and len(tokens) > 1:
        head = tokens[1].text  # "1. TEGLA LOROUPE"
    if len(head) < 2 or not head.isupper():
        return False
    letters = [t.text for t in tokens if t.text[:1].isalpha()]
    caps = sum(1 for w in letters if w.isupper() and len(w) > 1 or (len(w) == 1 and w.isupper()))
    return caps >= max(1, 0.7 * len(letters)) and any(len(w) > 1 and w.isupper() for w in letters)


def dateline(tokens: list[Token], text: str, offset: int) -> list[tuple[int, int, str]] | None:
    """The place(s) a dateline opens with, as (first token, end token, name) each; None if no dateline.

    ``text`` is the sentence, ``offset`` its start in the article: token offsets
    are article offsets. "MAHALA, Bosnia 1996-08-31" gives Mahala and Bosnia.
    """
    i, n = 0, len(tokens)
    while i < n and tokens[i].text.isupper() and len(tokens[i].text) >= 2 and tokens[i].text.isalpha() or (
        i < n and tokens[i].text[:1].isupper() and tokens[i].text.replace("-", "").replace(".", "").replace("'", "").isupper()
        and len(tokens[i].text) >= 2
    ):
        if i and not _tight(tokens[i]):
            break
        i += 1
    if i == 0 or i > 4:
        return None
    places = [(0, i, _title(tokens[0:i]))]
    j = i
    if j < n and tokens[j].gap.strip() == "," and tokens[j].text[:1].isupper() and not tokens[j].text.isupper():
        k = j + 1
        while k < n and tokens[k].text[:1].isupper() and _tight(tokens[k]) and k - j < 3:
            k += 1
        places.append((j, k, " ".join(t.text for t in tokens[j:k])))
        j = k
    rest = text[tokens[j - 1].end - offset :]
    if not _DATE_AFTER.match(rest):
        return None
    return places


def byline(tokens: list[Token], text: str) -> bool:
    """A line that is only a person's name: two or three capitalised words."""
    words = text.split()
    return 2 <= len(tokens) <= 3 and len(words) == len(tokens) and all(
        t.text[:1].isupper() and t.text[1:].islower() and t.text.isalpha() for t in tokens
    )


def _tight(tok: Token) -> bool:
    return tok.gap == " "


def _title(tokens: list[Token]) -> str:
    return " ".join(_title_word(t.text) for t in tokens)


def _title_word(word: str) -> str:
    """"URUS-MARTAN" -> "Urus-Martan", "O'BRIEN" -> "O'Brien", "ST." -> "St."."""
    return "-".join(p[:1].upper() + p[1:].lower() if "'" not in p else "'".join(q.capitalize() for q in p.split("'"))
                    for p in word.split("-"))


def table_row(tokens: list[Token], text: str) -> bool:
    """A line of a results table or standings: names among figures ("Swansea 4 1 0 3 4 9 3").

    Such a line has no lower-case words either, like a headline, but its
    capitals are names: it is read, not skipped as Title Case.
    """
    if len(_DIGIT_RUN.findall(text)) * 4 < len(tokens):
        return False  # most prose has few figures: decided without a Python loop
    numbers = sum(1 for t in tokens if t.text[:1].isdigit())
    return numbers >= 2 and numbers * 4 >= len(tokens)


def person_cues(tokens: list[Token], i: int, j: int) -> dict[str, float]:
    """Person evidence around the name tokens[i:j]: a role before it, an age or ", who" after it."""
    ev: dict[str, float] = {}
    n = len(tokens)
    if i >= 1 and tokens[i].gap == " " and tokens[i - 1].text.islower() and tokens[i - 1].lower in PERSON_ROLES:
        ev["person"] = 2.0
    if j < n and tokens[j].gap.strip() == "," and (_AGE.match(tokens[j].text) or tokens[j].lower == "who"):
        ev["person"] = 2.0
    return ev


def single_context(tokens: list[Token], i: int, table: bool = False) -> dict[str, float]:
    """What the words around one capitalised word say about it, in news of any kind."""
    ev: dict[str, float] = {}
    n = len(tokens)
    if i >= 1 and tokens[i].gap == " " and tokens[i - 1].lower in ("told", "quoted") and (
        i + 1 >= n or tokens[i + 1].gap.strip() or tokens[i + 1].lower in ("in", "on", "that", "by")
    ):
        ev["organisation"] = 1.0  # "told Reuters.": people are named in full first, outlets are not
    if i >= 2 and tokens[i - 1].lower == "to" and tokens[i - 2].lower == "according":
        ev["organisation"] = 1.0
    if (
        i >= 1 and tokens[i - 1].lower == "the" and tokens[i].text.endswith("s") and not tokens[i].text.endswith("ss")
        and not tokens[i].possessive and sum(c.isupper() for c in tokens[i].text) == 1
    ):
        ev["organisation"] = max(ev.get("organisation", 0.0), 1.0)  # "the Phillies", "the Saracens": a team
    if table and i + 1 < n and tokens[i + 1].text[:1].isdigit() and tokens[i + 1].gap == " ":
        ev["organisation"] = 1.0  # a team and its score or record
    if i >= 1 and tokens[i].gap == " " and tokens[i - 1].text.islower() and not tokens[i - 1].possessive:
        prev = tokens[i - 1].lower
        if prev in ORG_NOUNS_BEFORE:
            ev["organisation"] = 2.0
    if i + 1 < n and tokens[i + 1].gap in (" ", "") and not tokens[i].possessive:
        nxt = tokens[i + 1].lower
        if tokens[i + 1].text.islower() and nxt in ORG_NOUNS_AFTER:
            ev["organisation"] = max(ev.get("organisation", 0.0), 2.0)
        if nxt == "news" and i + 2 < n and tokens[i + 2].lower == "agency":
            ev["organisation"] = 4.0
    if i + 1 < n and tokens[i + 1].gap.strip() == "," and _AGE.match(tokens[i + 1].text):
        ev["person"] = 2.0
    return ev
