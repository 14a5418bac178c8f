"""Each detection rule, on text written for these tests (other regions, not the seeds)."""

from __future__ import annotations

from actors_helpers import actors_of, by_name, names

from sahel_tui.analysis.actors.acronyms import find_pairs, initials_match, schwartz_hearst
from sahel_tui.analysis.actors.tokens import tokenize

SOMALIA = """Somalia faces a new offensive

Somalia’s President Hassan Sheikh Mohamud said on Monday that al-Shabaab fighters had attacked a base near Baidoa. The African Union Transition Mission in Somalia (ATMIS) sent troops to the area. Mohamud told reporters that the government would not negotiate.

The jihadist group al-Shabaab, al-Qaeda’s affiliate in East Africa, has fought the federal government since 2007. Kenyan officials said Nairobi would keep its soldiers in the region. Defence Minister Abdulkadir Mohamed Nur visited the front on Tuesday.

Mogadishu insists that the offensive will continue until the group is defeated. Ethiopia, which has troops in the south, said it supported the operation. Talks held in Nairobi in March were suspended.
"""


def pair(sentence: str) -> list[tuple[str, str, str]]:
    return [(p.short, p.long, p.how) for p in find_pairs(sentence, 0, tokenize(sentence))]


# --- acronyms ---------------------------------------------------------------


def test_schwartz_hearst_finds_shortest_long_form() -> None:
    assert schwartz_hearst("ECOWAS", "members of the Economic Community of West African States") == (
        "Economic Community of West African States"
    )
    assert schwartz_hearst("XYZ", "Economic Community") is None


def test_pair_in_both_orders() -> None:
    assert pair("Leaders of the Economic Community of West African States (ECOWAS) met in Abuja.") == [
        ("ECOWAS", "Economic Community of West African States", "schwartz-hearst")
    ]
    assert pair("Delegates of the SPLM (Sudan People’s Liberation Movement) walked out.") == [
        ("SPLM", "Sudan People’s Liberation Movement", "reverse")
    ]


def test_reordered_acronym_matched_by_initials() -> None:
    # FARC keeps the Spanish order: Fuerzas Armadas Revolucionarias de Colombia.
    assert pair("Talks with the Revolutionary Armed Forces of Colombia (FARC) resumed in Havana.") == [
        ("FARC", "Revolutionary Armed Forces of Colombia", "initials")
    ]
    assert initials_match("MNLA", ["National", "Movement", "for", "the", "Liberation", "of", "Azawad"])
    assert not initials_match("MNLA", ["National", "Movement", "of", "Azawad"])


def test_acronym_named_by_an_explicit_cue() -> None:
    got = pair(
        "Blue helmets of the Multidimensional Integrated Stabilization Mission in Mali "
        "(known by its French acronym, MINUSMA) left in 2023."
    )
    assert got == [("MINUSMA", "Multidimensional Integrated Stabilization Mission in Mali", "cue")]


def test_parenthesis_that_is_not_an_acronym_is_ignored() -> None:
    assert pair("The rebellion (which began in 2012) spread south.") == []
    assert pair("Output rose to 40 million (KM) last year.") == []


def test_acronym_and_expansion_are_one_actor() -> None:
    actors = actors_of(SOMALIA)
    atmis = by_name(actors, "African Union Transition Mission in Somalia")
    assert "ATMIS" in atmis.aliases
    assert atmis.type == "organisation"


# --- titles -------------------------------------------------------------------


def test_title_makes_a_person_with_a_role() -> None:
    actors = actors_of(SOMALIA)
    president = by_name(actors, "Hassan Sheikh Mohamud")
    assert president.type == "person"
    assert "President of Somalia" in president.roles
    minister = by_name(actors, "Abdulkadir Mohamed Nur")
    assert minister.roles == ["Defence Minister"]


def test_abbreviated_military_title() -> None:
    text = "Sudan’s crisis deepened.\n\nGen. Abdel Fattah al-Burhan met envoys in Port Sudan on Friday, and Burhan later rejected a truce."
    actors = actors_of(text)
    burhan = by_name(actors, "Abdel Fattah al-Burhan")
    assert burhan.type == "person" and burhan.roles == ["General"]
    assert "Burhan" in burhan.aliases or "al-Burhan" in burhan.aliases


def test_title_without_a_name_is_not_an_actor() -> None:
    text = "The talks stalled.\n\nThe Prime Minister said the Foreign Minister would travel to Kampala next week."
    assert not {"Prime Minister", "Foreign Minister"} & names(actors_of(text))


# --- capitalised names ---------------------------------------------------------


def test_name_particles_join_a_name() -> None:
    text = (
        "A leader is killed.\n\nUS forces killed Abu Bakr al-Baghdadi in Idlib, years after Osama bin Laden "
        "was killed in Abbottabad. Officials said bin Laden had lived there for years."
    )
    actors = actors_of(text)
    assert by_name(actors, "Abu Bakr al-Baghdadi").type == "person"
    osama = by_name(actors, "Osama bin Laden")
    assert len(osama.mentions) == 2  # "bin Laden" is his surname


def test_sentence_initial_word_needs_a_capital_elsewhere() -> None:
    text = (
        "Violence spreads in the north.\n\nRebels attacked Goma. Witnesses said Corneille Nangaa led them. "
        "Displaced families fled toward Rwanda. Nangaa later spoke to reporters."
    )
    got = names(actors_of(text))
    assert "Corneille Nangaa" in got
    assert not {"Rebels", "Witnesses", "Displaced", "Displaced families"} & got


def test_stop_lists_months_weekdays_and_discourse_words() -> None:
    text = (
        "Talks resume.\n\nOn Monday, the envoy met Martin Griffiths in Geneva. In March, however, "
        "Griffiths left. Meanwhile, the Houthis fired missiles. However, Griffiths returned in April."
    )
    got = names(actors_of(text))
    assert "Martin Griffiths" in got
    assert not {"Monday", "March", "April", "Meanwhile", "However", "On Monday"} & got


def test_title_case_link_lists_and_headings_give_no_actors() -> None:
    text = (
        "Yemen’s War Enters a New Phase\n\nThe Houthis fired drones at ships, officials said.\n\n"
        "Why It Matters\n\n"
        "The Plan Is a Dangerous Scheme That Threatens Regional Security and Strengthens Hardliners Everywhere\n\n"
        "Shutterstock"
    )
    got = names(actors_of(text))
    assert not {"Why It Matters", "Dangerous Scheme", "Threatens Regional Security", "Shutterstock", "New Phase"} & got
    assert "Yemen" in got  # gazetteer names are still found in the title


# --- gazetteer -------------------------------------------------------------------


def test_demonyms_and_capitals_are_their_state() -> None:
    actors = actors_of(SOMALIA)
    kenya = by_name(actors, "Kenya")
    assert kenya.type == "state"
    assert {"Kenyan", "Nairobi"} <= set(kenya.aliases)
    somalia = by_name(actors, "Somalia")
    assert "Mogadishu" in somalia.aliases


def test_capital_after_a_locative_is_the_city() -> None:
    actors = actors_of(SOMALIA)
    city = by_name(actors, "Nairobi")
    assert city.type == "place"
    # "Talks held in Nairobi" is the city; "said Nairobi would keep" is the government.
    assert [m.surface for m in city.mentions] == ["Nairobi"]


def test_agreement_named_after_a_capital_is_not_the_state() -> None:
    text = (
        "The accord is in danger.\n\nBoth sides signed the Pretoria Agreement in 2022, but Ethiopia "
        "accused the rebels of breaking the Pretoria Agreement. Pretoria said it would host new talks."
    )
    actors = actors_of(text)
    deal = by_name(actors, "Pretoria Agreement")
    assert deal.type == "other" and len(deal.mentions) == 2
    south_africa = by_name(actors, "South Africa")
    assert [m.surface for m in south_africa.mentions] == ["Pretoria"]


def test_regions_and_subdivisions_are_places() -> None:
    actors = actors_of(SOMALIA)
    assert by_name(actors, "East Africa").type == "place"


# --- types -------------------------------------------------------------------------


def test_types_from_head_nouns_and_cues() -> None:
    text = (
        "Nigeria votes.\n\nThe All Progressives Congress won the vote, while the jihadist group Ansaru "
        "claimed an attack. In the east, Hezbollah fighters crossed the border, and the National "
        "Union Party protested. The World Food Programme warned of hunger. Tensions rose between the Fulani "
        "community and farmers."
    )
    actors = actors_of(text)
    assert by_name(actors, "All Progressives Congress").type == "party"
    assert by_name(actors, "Ansaru").type == "armed_group"
    assert by_name(actors, "Hezbollah").type == "armed_group"
    assert by_name(actors, "National Union Party").type == "party"
    assert by_name(actors, "World Food Programme").type == "organisation"
    assert by_name(actors, "Fulani").type == "other"


def test_defining_appositive_becomes_the_description() -> None:
    actors = actors_of(SOMALIA)
    shabaab = by_name(actors, "al-Shabaab")
    assert shabaab.type == "armed_group"
    assert shabaab.description == "al-Qaeda’s affiliate in East Africa"
    assert shabaab.description_source == "art1-p3-s1"


def test_role_noun_before_a_name() -> None:
    text = "Clerics speak out.\n\nThe junta jailed clerics like Abdullahi Yusuf Musa and opposition leader Moussa Mara."
    actors = actors_of(text)
    assert by_name(actors, "Abdullahi Yusuf Musa").type == "person"
    mara = by_name(actors, "Moussa Mara")
    assert mara.type == "person" and mara.roles == ["opposition leader"]


def test_mentions_are_exact_offsets_with_their_sentence() -> None:
    from actors_helpers import corpus_of

    from sahel_tui.analysis.actors import detect_actors

    corpus = corpus_of(SOMALIA)
    article = corpus.articles[0]
    for actor in detect_actors(corpus, curated=False):
        for m in actor.mentions:
            assert article.text[m.start : m.end] == m.surface
            sentence = article.sentence(m.sentence_id)
            assert sentence is not None and sentence.start <= m.start and m.end <= sentence.end


def test_no_candidate_is_found_in_removed_or_absent_text() -> None:
    # A name that is not in Article.text (the loader removed it) is never an actor,
    # and neither is one found only in the title line.
    text = "Kampala Diaries From Abroad\n\nUganda’s army said it had crossed into Congo."
    got = names(actors_of(text))
    assert "Kampala Diaries" not in got and "Diaries From Abroad" not in got
    assert {"Uganda", "Democratic Republic of the Congo"} <= got or {"Uganda", "Republic of the Congo"} <= got


def test_single_word_actors_need_a_cue() -> None:
    text = (
        "Beirut tense.\n\nThe strike was blamed on Hezbollah, the Lebanese militant group, and on "
        "fighters from a faction called Liwa al-Quds Brigade. Lebanese officials met Druze leaders. "
        "Nobody mentioned Tuesday or Kalashnikov rifles."
    )
    actors = actors_of(text)
    hez = by_name(actors, "Hezbollah")
    assert hez.type == "armed_group" and hez.description == "the Lebanese militant group"
    assert by_name(actors, "Liwa al-Quds Brigade").type == "armed_group"
    assert by_name(actors, "Druze").type == "other"
    assert "Kalashnikov" not in names(actors) and "Tuesday" not in names(actors)


def test_who_is_clause_describes_a_person() -> None:
    text = (
        "Profile.\n\nThe raid was led by the veteran commander Amadou Koufa, who since 2015 has been "
        "the leader of the Katiba Macina. Koufa rarely appears in public."
    )
    actors = actors_of(text)
    koufa = by_name(actors, "Amadou Koufa")
    assert koufa.type == "person"
    assert koufa.description == "the leader of the Katiba Macina"
    assert koufa.description_source == "art1-p2-s1"
    assert len(koufa.mentions) == 2


SUDAN = """Sudan’s war drags on

KHARTOUM — Fighting between the army and the paramilitary Rapid Support Forces (RSF) intensified around El Fasher, the last army stronghold in Darfur. The RSF, led by Mohamed Hamdan Dagalo, better known as Hemedti, denied shelling civilians. Hemedti’s forces were accused of killings in West Darfur.

Human Rights Watch said the attacks may amount to genocide. The World Food Programme warned of famine, and WFP trucks were blocked. Rights groups, including Fortify Rights, called for an inquiry. Port Sudan is now the seat of government.
"""


def test_nickname_joins_the_full_name() -> None:
    actors = actors_of(SUDAN)
    hemedti = by_name(actors, "Mohamed Hamdan Dagalo")
    assert hemedti.type == "person"
    assert "Hemedti" in hemedti.aliases and len(hemedti.mentions) == 3


def test_bare_acronym_joins_the_one_name_with_its_initials() -> None:
    wfp = by_name(actors_of(SUDAN), "World Food Programme")
    assert "WFP" in wfp.aliases and wfp.type == "organisation"


def test_dateline_in_capitals_is_not_an_acronym() -> None:
    assert "KHARTOUM" not in names(actors_of(SUDAN))


def test_sentence_initial_multiword_name_is_kept_unless_its_first_word_is_common() -> None:
    actors = actors_of(SUDAN)
    assert by_name(actors, "Human Rights Watch").type == "organisation"
    assert by_name(actors, "Port Sudan").type == "place"
    fortify = by_name(actors, "Fortify Rights")
    # "Rights groups" at a sentence start is not a mention of Fortify Rights.
    assert [m.surface for m in fortify.mentions] == ["Fortify Rights"]


def test_places_named_after_places_and_by_appositive() -> None:
    actors = actors_of(SUDAN)
    assert by_name(actors, "West Darfur").type == "place"
    el_fasher = by_name(actors, "El Fasher")
    assert el_fasher.type == "place"
    assert el_fasher.description == "the last army stronghold in Darfur"


def test_appositive_after_an_acronym_in_brackets() -> None:
    text = (
        "Rakhine falls.\n\nThe Arakan Army (AA), one of the strongest ethnic armed organisations, "
        "captured Maungdaw. The AA said the town was calm."
    )
    army = by_name(actors_of(text), "Arakan Army")
    assert army.type == "armed_group" and "AA" in army.aliases
    assert army.description == "one of the strongest ethnic armed organisations"


def test_civil_groups_outlets_and_arabic_compound_names() -> None:
    text = (
        "Sahel outlook.\n\nAnalysts at the International Crisis Group warned that Jama'at Nusrat "
        "al-Islam wal-Muslimin could exploit the vacuum, a French officer told Le Monde. Former foreign "
        "minister Jean-Yves Le Drian agreed."
    )
    actors = actors_of(text)
    assert by_name(actors, "International Crisis Group").type == "organisation"
    assert by_name(actors, "Le Monde").type == "organisation"
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in names(actors)
    # The title and the role noun say the same thing once.
    assert by_name(actors, "Jean-Yves Le Drian").roles == ["Foreign Minister"]


def test_multiword_capital_unknown_place_and_sentence_initial_compound() -> None:
    text = (
        "Horn deal.\n\nEthiopia dropped Addis Ababa's plan for a naval base in Somaliland. "
        "Al-Shabaab, the al-Qaeda affiliate that controls much of the south, used the dispute. "
        "Somaliland was not consulted."
    )
    actors = actors_of(text)
    assert "Addis Ababa" in by_name(actors, "Ethiopia").aliases
    assert by_name(actors, "Somaliland").type == "place"
    shabaab = by_name(actors, "Al-Shabaab")
    assert shabaab.type == "armed_group" and shabaab.description == "the al-Qaeda affiliate"
