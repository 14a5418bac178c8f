"""Closed word lists the detectors share.

They are small on purpose: each list names a *kind* of word (a month, a
title, the head noun of an institution), never a particular actor, so the
rules keep working on corpora about other regions.
"""

from __future__ import annotations

MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())

# Words that are capitalised because they open a sentence or a clause, or are
# capitalised by habit, and never name an actor on their own.
DISCOURSE = frozenset(
    """
    A An The This That These Those There Here It Its He She His Her Him They Them Their We Our Us I You Your
    And But Or Nor So Yet Still Thus Also Even Only Just Then Now Today Yesterday Tomorrow Tonight
    However Meanwhile Moreover Furthermore Indeed Instead Nevertheless Nonetheless Therefore Hence
    Although Though While Whereas Because Since Unless Until After Before During When Whenever Where
    Whether If Once As At By For From In Into Of On Onto Over Under To With Without Within Across
    Against Among Amid Amidst Around Between Beyond Despite Toward Towards Through Throughout Upon Via
    First Second Third Fourth Fifth Finally Lastly Next Last Later Earlier Soon Already Again
    Privately Publicly Clearly Certainly Perhaps Maybe Rather Otherwise Accordingly Consequently
    Many Most Much Some Several Few Each Every Both Either Neither All Any No Not None Other Others
    Such Same What Which Who Whom Whose Why How Is Are Was Were Be Been Being Has Have Had Do Does Did
    Will Would Shall Should Can Could May Might Must Mr Mrs Ms Dr Yes Yet
    Observers Analysts Officials Experts Critics Sources Residents Witnesses Diplomats Authorities
    """.split()
)

# Capitalised adjectives and common nouns that never name an actor on their own
# (but may start one: "National Defense University", "Islamic State").
NOISE_WORDS = frozenset(
    """
    Regional National International Local Global Western Eastern Northern Southern Central
    North South East West Islamist Islamists Jihadist Jihadists Salafist Salafists Islamism Jihadism
    Sharia Muslim Muslims Islam Islamic Christian Christians Government Army
    African Africans European Europeans Asian Latin Sahelian Maghrebi Westerners
    """.split()
)

# Heading and page furniture words: a run made only of these is layout, not an actor.
HEADING_WORDS = frozenset(
    """
    Introduction Conclusion Conclusions Background Summary Overview Analysis Context Outlook
    Recommendations Implications Response Reaction Fallout Calls Call Related Read More See Share
    Advertisement Photo Photos Image Images Credit Credits Caption Video Subscribe Newsletter Comments
    Editor Note Notes Update Updated Source Sources Abstract Contents Chapter Section Part Figure Table
    What Now Why How Who Where Key Points Takeaways Timeline History Divergence Mediation Stability
    """.split()
)

# Units, formats and other all-capital tokens that are not organisations.
NON_ACRONYMS = frozenset(
    """
    KM KMS KG MW GW AM PM GMT UTC CET EST BST TV CEO CFO COO GDP GNP PDF HTML URL USD EUR CFA OK ID
    II III IV VI VII VIII IX XI XII XX XXI AD BC FAQ PS NB RSS FYI
    DNA RNA HIV AIDS GPS CCTV SUV ATM ICU IVF LED LCD SMS MRI DVD USB PIN VAT IQ
    """.split()
)

# Lower-case particles that sit inside personal names ("Iyad ag Ghali", "Osama bin Laden").
NAME_PARTICLES = frozenset(
    "ag al el ad ar as ash at az bin ben ibn ould wuld da de del della der di do dos du des la le van von ter abu".split()
)

# Connectors allowed inside an institution's name, but only after its head noun
# ("Coordination of ...", "Movement for ...", "Mission to ..."): between two
# ordinary names they join things that are separate ("Algeria and Mali").
NAME_CONNECTORS = frozenset("of for to on in and the against de des du la le pour et".split())

# Head nouns of institutional names, with the type they signal (see types.py).
HEAD_TYPES: dict[str, str] = {}
for _type, _words in {
    "organisation": """Union Nations Organization Organisation Command Mission Missions Council Commission Agency
        Bank Fund Program Programme Institute Institution Center Centre University College School Alliance
        Community Court Assembly Parliament Senate Ministry Department Office Committee Association
        Federation Foundation Corporation Company Service Services Secretariat Bureau Authority Government
        Administration Forces Force Army Navy Police Gendarmerie Guard Unit Coalition Partnership Initiative
        Network Observatory Board Cabinet Tribunal Directorate Cooperation Conference Summit
        Society Trust Church Council Task Watch International Borders Frontières Institute Rights
        League Times Post Journal News Herald Tribune Gazette Monde Press Telegraph Guardian Magazine Radio Television""",
    "party": "Party Parties Congress Rally Democrats Republicans Socialists Movement Movements",
    "armed_group": "Group Brigade Brigades Battalion Battalions Militia Militias Front Katiba Legion Commandos Fighters",
    "other": """Agreement Agreements Accord Accords Treaty Pact Declaration Process Charter Protocol Plan Roadmap
        Convention Operation War Wars Crisis Revolution Uprising Spring Act Law Resolution Strategy Doctrine Framework
        Dialogue Talks Deal Festival Award Prize Cup Games Olympics Day Year Eve Championship Championships
        Open Tour Series Marathon Grand Prix Trophy""",
    "place": """Desert Mountains Mountain Sea River Lake Valley Region Province Basin Plateau Field Fields Gulf
        Coast Island Islands Peninsula Corridor Oasis Delta Highlands Massif Strait Canal Airport Port Dam
        Square Street Avenue Camp Prison Base Cross Station Bridge Road Lane Terminal Harbour""",
}.items():
    for _w in _words.split():
        HEAD_TYPES[_w] = _type
del _type, _words, _w

# Heads after which the name may continue with a connector ("Alliance of Sahel States").
CONNECTOR_HEADS = frozenset(HEAD_TYPES) | frozenset(
    "Movement Movements Coordination Organization Defenders Friends Soldiers Partisans Supporters "
    "Army Ministry Minister Secretary Secretary-General Institute Center Centre Bank Republic Kingdom Emirate "
    "State States Caliphate Province".split()
)

# Words inside a name that mark an armed group whatever the head noun.
ARMED_NAME_WORDS = frozenset(
    """Jihad Jihadi Mujahideen Mujahidin Mujahedeen Ansar Ansaru Ansarul Qaeda Qaida Shabaab Shabab Taliban
    ISIS ISIL Daesh Boko Haram Hezbollah Hizbollah Hamas Houthi Houthis Tawhid Jamaat Jama'at Katibat Katiba
    Mourabitoun Murabitoun Martyrs Liberation Wagner Janjaweed Mai-Mai Seleka Anti-Balaka""".split()
)
ARMED_NAME_PHRASES = ("Islamic State", "Liberation Army", "Rapid Support Forces", "Self-Defense Group", "Self-Defence Group")

# Lower-case nouns that, just before a name, say what the name is.
GROUP_NOUNS = frozenset(
    "group groups organization organisation organizations organisations movement movements militia militias "
    "faction factions outfit network affiliate offshoot branch franchise coalition insurgency alliance".split()
)
ARMED_ADJECTIVES = frozenset(
    "jihadist jihadi islamist militant militants armed terrorist extremist rebel rebels insurgent insurgents "
    "separatist separatists paramilitary mercenary mercenaries guerrilla salafist salafi violent radical "
    "criminal self-defence self-defense vigilante breakaway splinter al-qaeda-linked".split()
)
PARTY_CUES = frozenset("party parties political opposition ruling governing".split())
ETHNIC_CUES = frozenset("ethnic tribe tribes tribal clan clans community communities population people peoples minority nomads".split())
ORG_CUES = frozenset("agency body bloc institution organisation organization union alliance mission force".split())

# Nouns that may follow a single capitalised word and reveal it as a collective actor.
FOLLOWER_NOUNS: dict[str, str] = {}
for _type, _words in {
    "armed_group": "fighters militants insurgents jihadists gunmen rebels militia militias commanders",
    "other": "population community communities tribe tribes clans people peoples ethnic insurgency rebellion rebellions",
    # These reveal an actor without saying which kind ("Ennahda members", "Tuareg leaders").
    "any": "members supporters lawmakers deputies candidates activists officials leaders leadership "
    "spokesman spokesperson delegation envoys troops forces",
}.items():
    for _w in _words.split():
        FOLLOWER_NOUNS[_w] = _type
del _type, _words, _w

# Conflict vocabulary: a "group" in a sentence using one of these is an armed group.
CONFLICT_STEMS = (
    "terror", "jihad", "militan", "insurg", "extrem", "rebel", "armed", "attack", "kill", "fight",
    "separatis", "islamist", "violen", "hostage", "bomb", "kidnap", "war",
)

# Titles that turn the following name into a person and become the person's role.
# Multi-word titles first so the longest one wins.
TITLES = (
    "Secretary-General", "Secretary General", "Secretary of State", "Under-Secretary", "Deputy Prime Minister",
    "Prime Minister", "Foreign Minister", "Defence Minister", "Defense Minister", "Interior Minister",
    "Finance Minister", "Justice Minister", "Minister of Foreign Affairs", "Minister of Defence",
    "Minister of Defense", "Minister", "Foreign Secretary", "Defense Secretary", "Defence Secretary",
    "Interim President", "Transitional President", "Vice President", "Vice-President", "President-elect",
    "President", "Vice Chancellor", "Chancellor", "Field Marshal", "Lieutenant General", "Lieutenant Colonel",
    "Major General", "Brigadier General", "Rear Admiral", "Admiral", "General", "Gen.", "Lt. Gen.",
    "Maj. Gen.", "Brig. Gen.", "Colonel", "Col.", "Lt. Col.", "Lieutenant", "Lt.", "Captain", "Capt.",
    "Commander", "Cmdr.", "Sergeant", "Sgt.", "Marshal", "Ambassador", "Envoy", "Special Envoy",
    "Special Representative", "Senator", "Sen.", "Representative", "Rep.", "Congressman", "Congresswoman",
    "Governor", "Gov.", "Mayor", "Speaker", "Chief of Staff", "Chief Justice", "Judge", "Justice",
    "King", "Queen", "Prince", "Princess", "Crown Prince", "Emir", "Sultan", "Sheikh", "Shaykh", "Imam",
    "Ayatollah", "Grand Ayatollah", "Cardinal", "Archbishop", "Bishop", "Pope", "Pastor", "Rabbi",
    "Professor", "Prof.", "Dr.", "Spokesman", "Spokeswoman", "Chairman", "Chairwoman", "Chairperson",
    "Director", "Director-General", "Commissioner", "High Commissioner", "Premier",
)

# Lower-case role nouns that name a person's function: "rebel leader X", "clerics like X".
ROLE_NOUNS = frozenset(
    """leader leaders cleric clerics imam imams preacher preachers commander commanders chief chiefs founder
    founders spokesman spokeswoman spokesperson minister ministers president presidents envoy envoys mediator
    mediators emir emirs head heads warlord warlords general generals colonel colonels officer officers
    negotiator negotiators ambassador ambassadors diplomat diplomats analyst analysts scholar scholars
    journalist journalists activist activists politician politicians lawmaker lawmakers mastermind
    strongman figure figures ruler rulers king prince sheikh premier dictator chairman secretary
    commander-in-chief chief-of-staff""".split()
)

# Words that sharpen a role noun just before it: "army chief", "rebel leader".
ROLE_MODIFIERS = frozenset(
    """army military rebel junta opposition militia party group jihadist separatist intelligence police spy
    tribal religious community union defence defense foreign deputy former transitional interim regional
    local senior top supreme spiritual political militant insurgent""".split()
)

# Given names as weak evidence of a person (Arabic, West African, French, English, others).
GIVEN_NAMES = frozenset(
    """Ahmed Ahmad Mohamed Mohammed Muhammad Mohammad Mahmoud Mahmud Mokhtar Mukhtar Iyad Ali Omar Umar Abdel
    Abdul Abdullah Abdallah Abdelaziz Abdelmadjid Abdelkader Hassan Hussein Ibrahim Ibrahima Ismail Youssef
    Yusuf Khalid Khaled Karim Mustafa Moussa Musa Amadou Mamadou Boubacar Oumar Issa Idriss Idris Assimi
    Choguel Bazoum Mahamadou Blaise Ibrahim Abdourahamane Salif Seydou Souleymane Sadio Adama Aminata Fatoumata
    Fatima Aisha Amina Mariam Maryam Zainab Amine Anouar Anwar Rachid Rashid Said Saeed Samir Tarek Tariq Walid
    Yacine Yassine Nabil Hamid Hamza Bilal Jamal Kamal Nasser Salah Saleh Sami Ziad Emmanuel François Francois
    Jean Pierre Jacques Nicolas Michel Marine Laurent Olivier Philippe Antoine Louis Marie Sophie Catherine
    Joe Joseph John James Robert Michael William David Richard Thomas Charles Christopher Daniel Matthew
    Anthony Antony Mark Donald Paul Steven Andrew Kenneth Joshua Kevin Brian George Edward Ronald Timothy
    Barack Hillary Condoleezza Carter Lloyd Mike Marco Kamala Nancy Mary Patricia Jennifer Linda Elizabeth
    Susan Margaret Sarah Karen Emily Anna Angela Olaf Vladimir Sergei Sergey Dmitry Yevgeny Alexei Alexander
    Volodymyr Recep Xi Li Narendra Nelson Jacob Cyril Paul Kagame Yoweri Uhuru William Abiy Salva Riek
    Bola Muhammadu Goodluck Olusegun Macky Ousmane Alassane Faure Felix Félix Denis Paul Teodoro Idriss
    Mahamat Omar Abdelfattah Abdel-Fattah Khalifa Fayez Abdelhamid Kais Beji Rached Rafik Hosni Bashar
    """.split()
)

# Generic words: a name made only of these plus a head noun is an institution
# ("Malian Armed Forces"), so a leading demonym is part of it and not stripped.
GENERIC_NAME_WORDS = frozenset(
    """Armed National Democratic Republican Popular People's Peoples Liberation Defence Defense Special
    Security Federal Central Royal Air Naval Foreign Interior Supreme High Joint Military Civil Public
    United Islamic Christian Social Socialist Progressive Patriotic Unity Justice Development Freedom
    Salvation Reconciliation Transitional Interim Provisional Revolutionary Rapid Support Intelligence
    General Coast Border Presidential Republican Enterprise Broadcasting Economic Monetary Strategic
    International Regional Global European African American Arab Asian World Peace""".split()
)

# Words that introduce a new name: "a group called X", "known as X".
NAMING_CUES = ("called", "named", "dubbed", "known as", "calling itself", "styled", "renamed", "rebranded as")

# Personal pronouns that, right after a name, mark it as a person.
PERSON_PRONOUNS = frozenset("he his him himself she her hers herself".split())
