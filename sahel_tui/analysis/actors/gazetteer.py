"""States, demonyms, capitals and regions.

States come from pycountry (ISO 3166), with the short names people write
("Russia", not "Russian Federation"). Demonyms and capitals are tables kept
here because pycountry has neither. A capital is a *metonym* for its state
("Bamako insists ...") unless a locative word puts it on the map ("in
Bamako"); that decision is made where mentions are resolved (detect.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# ISO 3166 entries that are dependencies or uninhabited: kept out, because
# "Jersey" or "Georgia"-like clashes cost more than these rare mentions earn.
_NOT_STATES = frozenset(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GU HK HM IM IO JE KY MF MO MP MQ MS NC NF NU "
    "PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT EH".split()
)

# Short names in common use that ISO does not give.
_EXTRA_STATE_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "U.S.", "U.S.A.", "US", "USA", "America"),
    "GB": ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain"),
    "RU": ("Russia",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "TZ": ("Tanzania",),
    "VE": ("Venezuela",),
    "BO": ("Bolivia",),
    "MD": ("Moldova",),
    "LA": ("Laos",),
    "VN": ("Vietnam",),
    "CZ": ("Czech Republic", "Czechia"),
    "CI": ("Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire", "Ivory Coast"),
    "CD": ("Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Republic of the Congo", "Congo-Brazzaville", "Congo"),
    "TR": ("Turkey", "Türkiye"),
    "PS": ("Palestine",),
    "TW": ("Taiwan",),
    "CV": ("Cape Verde", "Cabo Verde"),
    "SZ": ("Swaziland", "Eswatini"),
    "MM": ("Myanmar", "Burma"),
    "GM": ("Gambia", "The Gambia"),
    "VA": ("Vatican", "Holy See"),
    "BN": ("Brunei",),
    "FM": ("Micronesia",),
    "MK": ("North Macedonia", "Macedonia"),
    "AE": ("United Arab Emirates", "UAE", "Emirates"),
    "SA": ("Saudi Arabia",),
    "NL": ("Netherlands", "Holland"),
}

_DEMONYMS: dict[str, str] = {
    # code: demonyms, space separated; plurals are derived ("Algerians").
    "DZ": "Algerian", "ML": "Malian", "NE": "Nigerien", "NG": "Nigerian", "TD": "Chadian", "SD": "Sudanese",
    "SS": "South Sudanese", "SN": "Senegalese", "MA": "Moroccan", "TN": "Tunisian", "LY": "Libyan",
    "EG": "Egyptian", "MR": "Mauritanian", "BF": "Burkinabe Burkinabè", "BJ": "Beninese", "TG": "Togolese",
    "GH": "Ghanaian", "CI": "Ivorian", "GN": "Guinean", "GW": "Bissau-Guinean", "CM": "Cameroonian",
    "CF": "Central African", "GA": "Gabonese", "CG": "Congolese", "AO": "Angolan", "MZ": "Mozambican",
    "ZW": "Zimbabwean", "ZM": "Zambian", "ZA": "South African", "NA": "Namibian", "BW": "Botswanan",
    "MW": "Malawian", "MG": "Malagasy", "TZ": "Tanzanian", "KE": "Kenyan", "UG": "Ugandan", "RW": "Rwandan",
    "BI": "Burundian", "ET": "Ethiopian", "ER": "Eritrean", "DJ": "Djiboutian", "SO": "Somali Somalian",
    "LR": "Liberian", "SL": "Sierra Leonean", "GM": "Gambian", "CV": "Cape Verdean",
    "FR": "French", "GB": "British", "US": "American", "DE": "German", "ES": "Spanish", "IT": "Italian",
    "PT": "Portuguese", "BE": "Belgian", "NL": "Dutch", "CH": "Swiss", "AT": "Austrian", "SE": "Swedish",
    "NO": "Norwegian", "DK": "Danish", "FI": "Finnish", "PL": "Polish", "GR": "Greek", "IE": "Irish",
    "UA": "Ukrainian", "RU": "Russian", "BY": "Belarusian", "RS": "Serbian", "HR": "Croatian",
    "HU": "Hungarian", "RO": "Romanian", "BG": "Bulgarian", "CZ": "Czech", "SK": "Slovak", "TR": "Turkish",
    "CN": "Chinese", "JP": "Japanese", "IN": "Indian", "PK": "Pakistani", "AF": "Afghan", "IR": "Iranian",
    "IQ": "Iraqi", "SY": "Syrian", "LB": "Lebanese", "JO": "Jordanian", "IL": "Israeli", "PS": "Palestinian",
    "SA": "Saudi", "AE": "Emirati", "QA": "Qatari", "KW": "Kuwaiti", "BH": "Bahraini", "OM": "Omani",
    "YE": "Yemeni", "AZ": "Azerbaijani", "AM": "Armenian", "GE": "Georgian", "KZ": "Kazakh", "UZ": "Uzbek",
    "TJ": "Tajik", "KG": "Kyrgyz", "TM": "Turkmen", "BD": "Bangladeshi", "LK": "Sri Lankan", "NP": "Nepali",
    "MM": "Burmese", "TH": "Thai", "VN": "Vietnamese", "ID": "Indonesian", "MY": "Malaysian",
    "PH": "Filipino Philippine", "KR": "South Korean", "KP": "North Korean", "AU": "Australian",
    "NZ": "New Zealander", "CA": "Canadian", "MX": "Mexican", "BR": "Brazilian", "AR": "Argentine Argentinian",
    "CL": "Chilean", "CO": "Colombian", "PE": "Peruvian", "VE": "Venezuelan", "CU": "Cuban", "HT": "Haitian",
    "EC": "Ecuadorian", "BO": "Bolivian",
}
# Demonyms whose plural is the same word used with "the" ("the French").
_INVARIANT = frozenset("French British Dutch Swiss Irish Chinese Japanese Lebanese Sudanese Senegalese Togolese "
                       "Beninese Gabonese Congolese Portuguese Vietnamese Burmese Malagasy Thai".split())

# Several names per state are separated by "|"; a name may have spaces ("Addis Ababa").
_CAPITALS: dict[str, str] = {
    "DZ": "Algiers", "ML": "Bamako", "NE": "Niamey", "NG": "Abuja", "TD": "N'Djamena|N’Djamena", "SD": "Khartoum",
    "SN": "Dakar", "MA": "Rabat", "TN": "Tunis", "LY": "Tripoli", "EG": "Cairo", "MR": "Nouakchott",
    "BF": "Ouagadougou", "BJ": "Porto-Novo|Cotonou", "TG": "Lomé", "GH": "Accra", "CI": "Abidjan|Yamoussoukro",
    "GN": "Conakry", "CM": "Yaoundé", "CF": "Bangui", "GA": "Libreville", "CD": "Kinshasa", "AO": "Luanda",
    "KE": "Nairobi", "UG": "Kampala", "RW": "Kigali", "ET": "Addis Ababa", "ER": "Asmara", "SO": "Mogadishu",
    "SS": "Juba", "ZA": "Pretoria", "ZW": "Harare", "MZ": "Maputo", "LR": "Monrovia", "SL": "Freetown",
    "FR": "Paris", "GB": "London", "US": "Washington", "DE": "Berlin", "ES": "Madrid", "IT": "Rome",
    "BE": "Brussels", "RU": "Moscow", "UA": "Kyiv|Kiev", "TR": "Ankara", "CN": "Beijing", "JP": "Tokyo",
    "IN": "New Delhi", "PK": "Islamabad", "AF": "Kabul", "IR": "Tehran", "IQ": "Baghdad", "SY": "Damascus",
    "LB": "Beirut", "JO": "Amman", "IL": "Jerusalem", "SA": "Riyadh", "AE": "Abu Dhabi", "QA": "Doha",
    "YE": "Sanaa|Sana'a", "KR": "Seoul", "KP": "Pyongyang", "CA": "Ottawa", "BR": "Brasília|Brasilia",
}

# Regions: places, never states.
REGIONS = frozenset(
    """Africa|North Africa|West Africa|East Africa|Central Africa|Southern Africa|Sub-Saharan Africa|Horn of Africa|
    Sahel|Sahara|Maghreb|Middle East|Near East|Europe|Asia|Central Asia|South Asia|Southeast Asia|East Asia|
    Latin America|South America|North America|Central America|Caribbean|Balkans|Caucasus|Levant|Persian Gulf|
    Arabian Peninsula|Lake Chad Basin|Liptako-Gourma|Mediterranean|Red Sea|Indian Ocean|Atlantic|Pacific|
    Arctic|Scandinavia|Western Sahara|Sahara Desert|Azawad|Darfur|Kurdistan|Sinai|Gaza|West Bank|Donbas|Crimea""".replace("\n", "").split("|")
)
REGIONS = frozenset(r.strip() for r in REGIONS)

# Subdivision names that are ordinary words and would fire everywhere.
_GENERIC_PLACE_WORDS = frozenset(
    "Centre Center Central North South East West Nord Sud Est Ouest Capital Coast Lakes Plateau Littoral "
    "Upper Lower Islands District Western Eastern Northern Southern Interior Mountain Delta Lagoon Lagunes "
    "Savanes Maritime Sea River Lake Valley Border Federal Victoria Georgia Washington Orange Grand Island "
    "Mayo Lac Mono Kara Nara Plateaux Tiris Adrar Hodh Trarza Borno Logone Salamat Guera Mandoul Ouaddaï".split()
)


@dataclass(frozen=True, slots=True)
class Place:
    """What a gazetteer name refers to."""

    name: str  # canonical: "Mali", "United States", "Kidal"
    type: str  # "state" or "place"
    code: str | None = None  # ISO alpha-2 of the state, when there is one
    how: str = "name"  # "name", "demonym", "capital", "region", "subdivision"


def _short_name(country: object) -> str:
    common = getattr(country, "common_name", None)
    if isinstance(common, str) and common:
        return common
    name = str(getattr(country, "name", ""))  # pycountry records are untyped
    # "Iran, Islamic Republic of" -> "Iran"
    return name.split(",")[0].strip()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Place], dict[str, str]]:
    """(surface -> Place, code -> canonical state name); built once per process."""
    import pycountry  # deferred: 50 ms of JSON loading

    names: dict[str, Place] = {}
    canonical: dict[str, str] = {}
    for c in pycountry.countries:
        if c.alpha_2 in _NOT_STATES:
            continue
        short = _EXTRA_STATE_NAMES.get(c.alpha_2, (_short_name(c),))[0]
        canonical[c.alpha_2] = short
        place = Place(short, "state", c.alpha_2)
        # In a fixed order, not a set's: the table's order decides which form wins a
        # case-blind lookup, and it must be the same in every process (pool workers,
        # later runs reusing cached matches) whatever the hash seed.
        for surface in dict.fromkeys((short, _short_name(c), c.name, getattr(c, "official_name", None) or c.name)):
            if "," not in surface:
                names.setdefault(surface, place)
        for surface in _EXTRA_STATE_NAMES.get(c.alpha_2, ()):
            names[surface] = place
    for code, words in _DEMONYMS.items():
        if code not in canonical:
            continue
        for word in _split_multi(words):
            place = Place(canonical[code], "state", code, "demonym")
            names.setdefault(word, place)
            if word not in _INVARIANT and not word.endswith(("ese", "sh", "ch", "ss")):
                names.setdefault(word + "s", place)
    for code, words in _CAPITALS.items():
        if code in canonical:
            for word in words.split("|"):
                names.setdefault(word, Place(canonical[code], "state", code, "capital"))
    for region in sorted(REGIONS):  # sorted: a frozenset's order changes with the hash seed
        names.setdefault(region, Place(region, "place", None, "region"))
    for sub in pycountry.subdivisions:
        name = sub.name
        if (
            name in names
            or name in _GENERIC_PLACE_WORDS
            or any(w in _GENERIC_PLACE_WORDS for w in name.split())
            or not name[:1].isupper()
            or len(name) < 3
            or any(ch in name for ch in "(),/")
        ):
            continue
        names[name] = Place(name, "place", None, "subdivision")
    return names, canonical


def _split_multi(words: str) -> list[str]:
    """Demonym strings hold several space-separated words, except two-word ones."""
    if words in ("South Sudanese", "Central African", "Sierra Leonean", "Cape Verdean", "South African",
                 "New Zealander", "Sri Lankan", "South Korean", "North Korean"):
        return [words]
    return words.split()


def lookup(surface: str) -> Place | None:
    """The place a surface form names, or None. Exact and case-sensitive."""
    return _tables()[0].get(surface)


def all_surfaces() -> dict[str, Place]:
    return _tables()[0]


def is_capital(surface: str) -> bool:
    place = lookup(surface)
    return place is not None and place.how == "capital"


@lru_cache(maxsize=4096)
def near_state(word: str) -> bool:
    """One typo from a state's name ("Maili"): a misspelt state, never a new actor."""
    if len(word) < 5 or lookup(word) is not None:
        return False
    from rapidfuzz.distance import OSA  # deferred: a compiled extension

    states = _state_names()
    return any(abs(len(s) - len(word)) <= 1 and OSA.distance(word, s, score_cutoff=1) <= 1 for s in states)


@lru_cache(maxsize=1)
def _state_names() -> tuple[str, ...]:
    return tuple(sorted({n for n, p in _tables()[0].items() if p.type == "state" and p.how == "name" and " " not in n}))
