"""What the page around an article looks like: one predicate per kind of boilerplate.

Each pattern is anchored to a whole block and limited to short blocks, so a
sentence of the article that merely mentions "Reuters" or "see more" is never
taken for page furniture.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

_AGENCIES = (
    r"shutterstock|getty(?:\s+images)?|afp|reuters|associated\s+press|ap(?:\s+photo)?|alamy|istock(?:photo)?"
    r"|epa(?:-efe)?|anadolu(?:\s+agency)?|wikimedia(?:\s+commons)?|wikipedia|unsplash|pexels|flickr|xinhua"
    r"|dpa|sipa(?:\s+usa)?|corbis|bloomberg|pool|handout|file\s+photo"
)
_CREDIT = re.compile(
    rf"""^(?:
        (?:[\w .'’-]{{0,40}}\s*[/|]\s*)?(?:{_AGENCIES})(?:\s*(?:via|/)\s*[\w .'’-]{{1,40}})?\.?
      | \(?(?:photo|image|picture|illustration|graphic|video)s?\s*(?:credit)?\s*(?:by|courtesy\s+of|via|:)\s*.{{1,100}}?\)?\.?
      | (?:credit|source|caption)\s*:\s*.{{1,100}}
      | (?:©|\(c\)|copyright)\s*.{{1,100}}
    )$""",
    _I | re.VERBOSE,
)
_EDITOR_NOTE = re.compile(
    r"""^(?:
        text\s+contains\s+(?:small|minor|some)?\s*(?:changes|edits)\s+from\s+the\s+original
      | (?:editor[’']?s?\s+note|note\s+from\s+the\s+editors?|ed\.\s+note)\b
      | this\s+(?:article|story|piece|post|op-ed|commentary|analysis|essay|interview)\s+(?:was|has\s+been|is)\s+.{0,120}?
            (?:published|updated|appeared|edited|translated|corrected|adapted|republished|syndicated)
      | (?:originally|first)\s+(?:published|appeared)\s+(?:in|on|by|at)\b
      | a\s+version\s+of\s+this\s+(?:article|story|piece)\s+(?:first\s+)?(?:appeared|was\s+published)
      | the\s+(?:views|opinions)\s+expressed\s+.{0,120}?(?:are|do\s+not|does\s+not)
      | (?:correction|clarification|update)\s*(?::|\(|—|-)\s
      | (?:translated|adapted)\s+(?:from|by)\s
      | republished\s+(?:with|by|from)\s
    )""",
    _I | re.VERBOSE,
)
_LINK = re.compile(
    r"""^(?:more|read\s+more|see\s+more|view\s+more|show\s+more|continue\s+reading|read\s+on|full\s+story
      |read\s+the\s+full\s+(?:article|story|report|text)|learn\s+more|back\s+to\s+top|click\s+here(?:\s+to\s+.{0,40})?
    )\s*(?:[>»›→]+|\.\.\.|…)?\s*$""",
    _I | re.VERBOSE,
)
_LIST_MARKER = re.compile(
    r"""^(?:see\s+more\s+(?:from|on|by|in|about)\s+.{1,40}|more\s+(?:from|on|by|in|about)\s+(?:this|the|our)\s+.{1,30}
      |related(?:\s+(?:articles?|stories|posts|content|reading|coverage|topics|links|analysis))?
      |recommended(?:\s+(?:articles?|stories|reading|for\s+you))?|you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)
      |most\s+(?:read|popular|viewed|shared)|read\s+(?:next|also)|also\s+read|further\s+reading|trending(?:\s+now)?
      |latest(?:\s+(?:news|stories|articles))|top\s+stories|more\s+(?:stories|articles|analysis|news)
      |popular\s+(?:articles|stories|posts)|other\s+(?:articles|stories)\s+by\s+.{1,40}
    )\s*:?\s*(?:[>»›→]+)?$""",
    _I | re.VERBOSE,
)
_FURNITURE = re.compile(
    r"""^(?:advertisement|sponsored(?:\s+content)?|subscribe(?:\s+now|\s+to\s+.{1,40})?|sign\s+up\s+(?:for|to)\s+.{1,60}
      |follow\s+us\s+on\s+.{1,40}|share\s+(?:this\s+(?:article|story|page)|on\s+.{1,30}|via\s+.{1,30})
      |(?:tweet|share|email|print|facebook|twitter|linkedin|whatsapp)(?:\s*[|/•·,]?\s*(?:tweet|share|email|print|facebook|twitter|linkedin|whatsapp))*
      |(?:listen|watch)\s+(?:to\s+)?(?:this|the)\s+(?:article|story)|\d+\s+min(?:ute)?s?\s+read|comments?\s*\(?\d*\)?
      |skip\s+to\s+(?:main\s+)?content|cookie\s+(?:policy|settings)|all\s+rights\s+reserved\.?
    )\.?$""",
    _I | re.VERBOSE,
)
_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATELINE = re.compile(
    rf"""^(?:(?P<label>(?:first\s+|last\s+|originally\s+)?(?:published|updated|posted|modified)(?:\s+on)?)\s*:?\s*)?
    (?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?
    (?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})
    (?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[A-Z]{{2,5}}|UTC[+-]?\d*)?)?\.?$""",
    _I | re.VERBOSE,
)
_BYLINE = re.compile(r"^[Bb][Yy]:?\s+(?P<names>[A-Z][^\d.!?]{2,80})$")
_NAME_TOKEN = r"(?:[A-Z][\w’'\-]*\.?|(?:al|el|ag|ibn|bin|de|del|della|da|van|von|der|le|la|du|dos|ould)-?)"
_NAME_LINE = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,4}}$")
_ROLES = (
    r"analyst|fellow|professor|writer|journalist|researcher|reporter|correspondent|editor|director|scholar"
    r"|author|lecturer|consultant|associate|columnist|contributor|expert|specialist|founder|chair|president"
    r"|student|candidate|economist|historian|commentator|adviser|advisor|strategist|diplomat|ambassador"
)
BIO = re.compile(
    rf"^(?P<who>(?:[A-Z][\w’'\-.]*\s+){{0,3}}[A-Z][\w’'\-]+|He|She|They)\s+(?:is|was|serves\s+as|works\s+as|has\s+been)\s+"
    rf"(?P<desc>[^.]{{0,100}}?\b(?:{_ROLES})s?\b)"
)
_BIO_EXTRA = re.compile(r"@\w|tweets\s+at|follow\s+(?:him|her|them)|is\s+the\s+author\s+of|his\s+(?:writings|work|research)|her\s+(?:writings|work|research)", _I)
_PUBLISHER_ROLE = re.compile(
    r"\b(?:fellow|scholar|researcher|associate|director|editor|correspondent|reporter|columnist)\s+(?:at|in|with|for|of)\s+"
    r"(?:the\s+)?(?P<org>[A-Z][\w&’'\-]*(?:\s+(?:[A-Z][\w&’'\-]*|of|for|and|on|&))*)"
)
_INSTITUTION = re.compile(
    r"\b(?:Institute|Institution|Council|Center|Centre|Foundation|Endowment|University|College|School|Program|Programme"
    r"|Project|Initiative|Times|Post|News|Review|Journal|Magazine|Group|Forum|Agency|Society|Network|Press|Tribune)\b"
)


def is_image_credit(text: str, words: int) -> bool:
    return words <= 12 and bool(_CREDIT.match(text))


def is_editor_note(text: str, words: int) -> bool:
    return words <= 60 and bool(_EDITOR_NOTE.match(text))


def is_link(text: str, words: int) -> bool:
    return words <= 8 and bool(_LINK.match(text))


def is_list_marker(text: str, words: int) -> bool:
    return words <= 8 and bool(_LIST_MARKER.match(text))


def is_furniture(text: str, words: int) -> bool:
    return words <= 10 and bool(_FURNITURE.match(text))


def byline_names(text: str, words: int) -> str | None:
    """``"By Jane Doe and John Roe"`` -> ``"Jane Doe; John Roe"``."""
    if words > 12:
        return None
    m = _BYLINE.match(text)
    if not m:
        return None
    names = re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names").strip())
    names = [n for n in names if n and _NAME_LINE.match(n)]
    return "; ".join(names) or None


def dateline(text: str, words: int) -> str | None:
    """``"Published: 12 March 2024"`` -> ``"published"``; a bare date line -> ``""``; else None."""
    if words > 10:
        return None
    m = _DATELINE.match(text)
    if not m:
        return None
    return (m.group("label") or "").lower()


def is_name_line(text: str) -> bool:
    return len(text) <= 60 and bool(_NAME_LINE.match(text))


def bio_subject(text: str) -> str | None:
    """Who a bio is about (``"Amine Ayoub"``, ``"Boukhars"``, ``"He"``), or None."""
    m = BIO.match(text)
    return m.group("who") if m else None


def looks_like_bio(text: str) -> bool:
    """Bio features beyond the opening: a handle, "tweets at", "author of"."""
    return bool(_BIO_EXTRA.search(text))


def publisher_from_bio(first_sentence: str) -> tuple[str, str] | None:
    """The institution a fellow or editor belongs to, with the phrase that says so.

    Only think-tank and newsroom roles count: an "analyst based in Morocco"
    names a place, not a publisher, and a professorship elsewhere is not the
    publisher of this piece.
    """
    m = _PUBLISHER_ROLE.search(first_sentence)
    if not m:
        return None
    org = m.group("org").strip()
    possessive = re.match(r"^(?P<owner>.+?)[’']s\b", org)
    if possessive:
        org = possessive.group("owner")
    elif not (" " in org or _INSTITUTION.search(org)):
        return None
    org = re.sub(r"\s+(?:of|for|and|on|&)$", "", org).strip()
    return (org, m.group(0).strip()) if org else None


def headline_like(text: str, words: int) -> bool:
    """A linked headline: a line of 3-40 words that does not end like a sentence."""
    return 3 <= words <= 40 and not text.rstrip("”’\"'").endswith((".", ":", ";", ","))
