"""Cleaning on articles written for the tests: boilerplate out, article in, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.corpus.clean import looks_like_heading
from sahel_tui.corpus.decode import sanitize
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.metadata import latest_dated_event
from sahel_tui.corpus.model import Article

PAGE = """Niger Junta Tightens Grip on Uranium Sector
How a Contested Mining Permit Became a Test of Sovereignty for the New Authorities in Niamey
By Jane Doe and Omar Sy
Photo: AFP/Getty Images
Editor’s note: This piece was updated to correct a date.
The junta in Niamey revoked the operating permit of a French-run uranium mine on June 20, 2024. Officials said the operator had failed to start work on time. The company called the decision unlawful.
Officials said the operator had failed to start work on time.
Background
The mine, at Imouraren, holds one of the largest uranium deposits in the world. Production was due to start years ago but was delayed repeatedly.
Why Now?
Analysts link the timing to a wider push to renegotiate contracts signed before the 2023 coup. Several Western firms have faced audits by 2030 deadlines.
The mine, at Imouraren, holds one of the largest uranium deposits in the world. Production was due to start years ago but was delayed repeatedly.
Read more »
Jane Doe is a senior fellow at the Atlantic Council. She tweets at @janedoe.
Related articles
Mali Nationalises Gold Mine After Long Dispute
Burkina Faso Suspends Foreign Broadcasters Amid Tension
"""


@pytest.fixture(scope="module")
def page() -> Article:
    return article_from_text(PAGE, "niger")


def reasons(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_title_headings_and_body(page: Article) -> None:
    kinds = [(p.kind, page.text[p.start : p.end][:30]) for p in page.paragraphs]
    assert kinds == [
        ("title", "Niger Junta Tightens Grip on U"),
        ("body", "The junta in Niamey revoked th"),
        ("heading", "Background"),
        ("body", "The mine, at Imouraren, holds "),
        ("heading", "Why Now?"),
        ("body", "Analysts link the timing to a "),
    ]


def test_each_kind_of_boilerplate_is_removed_with_its_reason(page: Article) -> None:
    got = reasons(page)
    assert got["How a Contested Mining Permit Became a Test of Sovereignty for the New Authorities in Niamey"] == "subtitle"
    assert got["By Jane Doe and Omar Sy"] == "byline"
    assert got["Photo: AFP/Getty Images"] == "image credit"
    assert got["Editor’s note: This piece was updated to correct a date."] == "editor note"
    assert got["Officials said the operator had failed to start work on time."].startswith("pull-quote")
    assert got["Read more »"] == "link"
    assert got["Jane Doe is a senior fellow at the Atlantic Council. She tweets at @janedoe."] == "author bio"
    assert got["Related articles"] == "link list"
    assert got["Mali Nationalises Gold Mine After Long Dispute"] == "related headline"
    assert got["Burkina Faso Suspends Foreign Broadcasters Amid Tension"] == "related headline"


def test_repeats_are_kept_once_in_their_natural_place(page: Article) -> None:
    lifted = "Officials said the operator had failed to start work on time."
    assert page.text.count(lifted) == 1
    # It stays inside the paragraph it was lifted from, not as a paragraph of its own.
    assert all(page.text[p.start : p.end] != lifted for p in page.paragraphs)
    mine = "The mine, at Imouraren, holds one of the largest uranium deposits in the world."
    assert page.text.count(mine) == 1
    dup = [r for r in page.removed if r.reason == "duplicate paragraph"]
    assert len(dup) == 1 and dup[0].source_start > PAGE.index("Why Now?")  # the later copy went


def test_metadata_from_byline_and_bio(page: Article) -> None:
    m = page.meta
    assert m.title is not None and (m.title.value, m.title.inferred) == ("Niger Junta Tightens Grip on Uranium Sector", False)
    assert m.author is not None and (m.author.value, m.author.inferred) == ("Jane Doe; Omar Sy", False)
    assert m.publisher is not None and (m.publisher.value, m.publisher.inferred) == ("Atlantic Council", True)
    assert "Atlantic Council" in m.publisher.how
    assert m.author_bio is not None and m.author_bio.startswith("Jane Doe is a senior fellow")
    # "by 2030" is a deadline, not an event: the latest dated event is the revocation.
    assert m.date_earliest is not None and (m.date_earliest.value, m.date_earliest.inferred) == ("2024-06-20", True)
    assert m.description is not None and m.description.inferred


def test_removals_point_back_into_the_source(page: Article) -> None:
    for r in page.removed:
        assert PAGE[r.source_start : r.source_end] == r.text
        assert 0 <= r.before <= len(page.text)
    starts = [r.source_start for r in page.removed]
    assert starts == sorted(starts)


def test_nothing_is_silently_lost(page: Article) -> None:
    kept = set(page.text.split("\n\n"))
    removed = {r.text for r in page.removed}
    for line in PAGE.splitlines():
        if line.strip():
            assert line in kept or line in removed, line


def test_author_box_in_the_middle_moves_to_metadata() -> None:
    text = (
        "Border posts reopened on Tuesday after a week of closures. Traders crossed in both directions.\n\n"
        "Fatou Ndiaye\n"
        "Ndiaye is a nonresident scholar in Brookings’s Africa Growth Initiative. She studies trade.\n"
        "More >\n\n"
        "Customs officers said the queues would ease within days. Few believed them.\n"
    )
    a = article_from_text(text, "box")
    assert "Ndiaye" not in a.text and "More >" not in a.text
    assert {r.reason for r in a.removed} == {"author name", "author bio", "link"}
    assert a.meta.author is not None and a.meta.author.value == "Fatou Ndiaye" and a.meta.author.inferred
    assert a.meta.publisher is not None and a.meta.publisher.value == "Brookings"


def test_bio_naming_a_place_and_outlets_gives_no_publisher() -> None:
    text = (
        "The ceasefire held for a third day. Observers reported no violations along the front.\n"
        "Karim Benali is a journalist and analyst based in Tunis. His work appeared in Le Monde and Jeune Afrique.\n"
        "See more from this Author\n"
        "Tunisia Weighs Its Options After the Election\n"
    )
    a = article_from_text(text, "bio")
    assert a.meta.author is not None and a.meta.author.value == "Karim Benali"
    assert a.meta.publisher is None
    assert a.text == "The ceasefire held for a third day. Observers reported no violations along the front."


def test_prose_that_mentions_boilerplate_words_is_kept() -> None:
    text = (
        "Reuters reported that the convoy was attacked near Menaka, and AFP confirmed the toll.\n\n"
        "Mahmoud Dicko is a cleric whose sermons draw large crowds in Bamako. See more of his role below.\n\n"
        "Read more about the talks in the annex, which the ministry published on Friday.\n"
    )
    a = article_from_text(text, "prose")
    assert a.removed == ()
    assert len([p for p in a.paragraphs if p.kind == "body"]) == 3


def test_no_title_line_gives_an_inferred_title() -> None:
    a = article_from_text("In Niamey, the lights went out again. Nobody was surprised this time.\n", "t")
    assert all(p.kind == "body" for p in a.paragraphs)
    assert a.meta.title is not None
    assert (a.meta.title.value, a.meta.title.inferred) == ("In Niamey, the lights went out again", True)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Background", True),
        ("Regional Unrest", True),
        ("Now What?", True),
        ("Why does it matter?", False),
        ("The army withdrew.", False),
        ("a lowercase fragment", False),
        ("This line is far too long to be a heading because it keeps going on and on and on", False),
        ("1,400", False),
    ],
)
def test_heading_rule(line: str, heading: bool) -> None:
    assert looks_like_heading(line) is heading


def test_unicode_normalised_quotes_kept_controls_recorded() -> None:
    source = "Cafe\u0301 talks\u00a0resumed “today”.\x1b[2J\x1b]8;;http://x\x07 Prices \x9b31mrose.\u202e Done."
    a = article_from_text(source, "u")
    assert "Café talks resumed “today”." in a.text
    assert "\x1b" not in a.text and "\x9b" not in a.text and "\u202e" not in a.text and "\u00a0" not in a.text
    controls = [r for r in a.removed if "control" in r.reason or "escape" in r.reason]
    assert [r.text for r in controls] == ["\\x1b[2J", "\\x1b]8;;http://x\\x07", "\\x9b31m", "\\u202e"]
    for r in controls:
        assert source[r.source_start : r.source_end].encode("unicode_escape").decode() == r.text
    assert any("removed 4" in w for w in a.warnings)


def test_sanitize_map_survives_nfc_and_removals() -> None:
    source = "e\u0301\x1b[1mX\u0065\u0301\u0301Y"
    safe = sanitize(source)
    assert safe.text == "é" + "X" + "é\u0301" + "Y"
    assert source[safe.map.to_source(safe.text.index("X"))] == "X"
    assert source[safe.map.to_source(safe.text.index("Y"))] == "Y"


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    text = (
        "Wire Copy Headline\n\n"
        "The first paragraph of wire copy is wrapped at seventy-two\n"
        "columns, the way e-mail and wire services send it, and goes on\n"
        "for a few lines before it ends.\n\n"
        "The second paragraph is wrapped the same way and also runs over\n"
        "several lines of text before it finishes here.\n"
    )
    a = article_from_text(text, "wire")
    body = [a.text[p.start : p.end] for p in a.paragraphs if p.kind == "body"]
    assert len(body) == 2
    assert body[0].startswith("The first paragraph") and body[0].endswith("before it ends.")
    assert "\n" not in body[0]


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    text = (
        "---\ntitle: \"Drought in the Liptako-Gourma\"\nauthor: [Awa Diallo, Moussa Kone]\ndate: 2024-03-05\n---\n\n"
        "# Drought in the Liptako-Gourma\n\n![A dry riverbed](river.jpg)\n\n"
        "Rainfall in the *tri-border* area fell for a **third** year. Herders moved south,\n"
        "and clashes followed near [Djibo](https://example.org/djibo).\n\n"
        "## What Comes Next\n\nAid covers a third of needs. The U.N. appealed for more.\n\n```\nprint('x')\n```\n"
    )
    a = article_from_text(text, "md", tmp_path / "d.md")
    assert [p.kind for p in a.paragraphs] == ["title", "body", "heading", "body"]
    assert "Rainfall in the tri-border area fell for a third year. Herders moved south, and clashes followed near Djibo." in a.text
    assert "*" not in a.text and "](" not in a.text and "print" not in a.text
    m = a.meta
    assert m.author is not None and (m.author.value, m.author.inferred, m.author.how) == ("Awa Diallo; Moussa Kone", False, "front matter")
    assert m.date is not None and m.date.value == "2024-03-05"
    assert {r.reason for r in a.removed} == {"image", "code block"}
    for r in a.removed:
        assert r.text in text[r.source_start : r.source_end] or r.reason == "image"


def test_html_main_text(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Site | Gao market reopens</title>
<meta name="author" content="Ibrahim Maiga"><meta property="og:site_name" content="Sahel Daily">
<style>p{color:red}</style><script>alert("hidden")</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News menu</a></nav>
<article><h1>Gao market reopens after two years</h1>
<p>Traders returned to the central market of Gao on Monday. It had been closed since a 2022 fire.</p>
<figure><img src="x.jpg" alt="Traders in Gao"><figcaption>Traders in Gao. Photo: AFP</figcaption></figure>
<p>The mayor said <b>security</b> had improved &mdash; a claim residents &ldquo;doubted.&rdquo; Prices remain high.</p>
<h2>Fears remain</h2><p>Some traders said they would wait.</p><script>var s = "<p>script text</p>";</script>
</article><aside>Most read: other things</aside><footer>Copyright Sahel Daily</footer></body></html>"""
    a = article_from_text(html, "gao", tmp_path / "gao.html")
    assert [p.kind for p in a.paragraphs] == ["title", "body", "body", "heading", "body"]
    for hidden in ("alert", "color:red", "News menu", "Most read", "Copyright", "script text"):
        assert hidden not in a.text
    assert "The mayor said security had improved — a claim residents “doubted.” Prices remain high." in a.text
    assert a.meta.title is not None and a.meta.title.value == "Gao market reopens after two years"
    assert a.meta.author is not None and (a.meta.author.value, a.meta.author.inferred) == ("Ibrahim Maiga", False)
    assert a.meta.publisher is not None and a.meta.publisher.value == "Sahel Daily"
    assert {r.reason for r in a.removed} == {"image", "image caption"}


def test_html_deeply_nested_is_bounded(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 5000 + "<p>Deep text here. Still fine.</p>" + "</div>" * 5000 + "</body></html>"
    a = article_from_text(html, "deep", tmp_path / "deep.html")
    assert "Deep text here." in a.text or a.paragraphs == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In January 2013, they met. On January 7, 2013, talks ended.", "2013-01-07"),
        ("Rebellions in 1963, the 1990s and 2006–2009.", "2009"),
        ("Signed on 2014-03-05; renewed on 12 March 2014.", "2014-03-12"),
        ("The plan runs until 2035 but began in 2019.", "2019"),
        ("Profit for the year to March 2005 should beat the 2004 loss.", "2004"),
        ("Elections are expected in 2026; the junta took power in 2021.", "2021"),
        ("A 1,400km border and 2,000 troops.", None),
    ],
)
def test_latest_dated_event(text: str, expected: str | None) -> None:
    got = latest_dated_event(text)
    assert (got[0] if got else None) == expected


def test_closing_paragraph_about_a_quoted_source_is_not_a_bio() -> None:
    story = (
        "Talks Resume in Algiers\n\n"
        "Delegates met on Monday. {who} said the mood was calm and that progress was possible soon.\n\n"
        "John Smith is a senior analyst at Crisis Group who has followed the talks since they began in 2015.\n"
    )
    quoted = article_from_text(story.format(who="John Smith"), "q")
    assert quoted.removed == () and quoted.meta.author is None
    unsigned = article_from_text(story.format(who="A delegate"), "u")
    assert [r.reason for r in unsigned.removed] == ["author bio"]
    assert unsigned.meta.author is not None and unsigned.meta.author.value == "John Smith"


def test_html_with_control_references_next_to_dropped_elements(tmp_path: Path) -> None:
    # lxml refuses control characters in text it is handed, so the page tree is never edited.
    html = "<div>&#27;[31mBefore<script>x</script> after. <!-- c -->Tail &#7;text.<p>Para one. Two.</p></div>"
    a = article_from_text(html, "ctl", tmp_path / "ctl.html")
    assert a.text == "Before after. Tail text.\n\nPara one. Two."
    assert [r.reason for r in a.removed] == ["terminal escape sequence", "control character"]


def test_title_found_below_a_credit_and_an_editor_note() -> None:
    a = article_from_text("Getty Images\nEditor’s note: updated on Friday.\nReal Title Of Story\nBody one. Body two.\n", "x")
    assert [(p.kind, a.text[p.start : p.end]) for p in a.paragraphs] == [
        ("title", "Real Title Of Story"),
        ("body", "Body one. Body two."),
    ]
    assert [r.reason for r in a.removed] == ["image credit", "editor note"]


def test_block_of_nothing_but_controls_is_one_recorded_removal(tmp_path: Path) -> None:
    a = article_from_text("<p>&#27;[2J</p><p>Real text. Yes.</p>", "x", tmp_path / "x.html")
    assert a.text == "Real text. Yes."
    assert [(r.reason, r.text) for r in a.removed] == [("control characters", "\\x1b[2J")]


@pytest.mark.parametrize(
    ("top", "field", "value", "inferred"),
    [
        ("Published: 12 March 2024", "date", "2024-03-12", False),
        ("Monday, 4 March 2024", "date", "2024-03-04", False),
        ("Updated March 14, 2024 at 10:32 GMT", "date_latest", "2024-03-14", True),
        ("Posted on 2024-02-01", "date", "2024-02-01", False),
    ],
)
def test_datelines_give_dates(top: str, field: str, value: str, inferred: bool) -> None:
    a = article_from_text(f"Title Here Now\n{top}\nThe vote took place in 2023. Results came later.\n", "d")
    assert [r.reason for r in a.removed] == ["dateline"]
    got = getattr(a.meta, field)
    assert got is not None and (got.value, got.inferred) == (value, inferred)
    assert top not in a.text
    if field == "date":
        assert a.meta.date_earliest is None  # a stated date makes the inferred bound moot


def test_short_questions_in_prose_are_not_headings() -> None:
    text = (
        "Gadgets That Changed Us\n\n"
        "How about the clockwork radio?\nOr GPS?\nOr a pocket calculator?\n"
        "All these things are useful to real people.\n\n"
        "What Now?\n\n"
        "The list goes on: readers sent hundreds of suggestions over the weekend, from kettles and radios to satellite phones.\n"
    )
    a = article_from_text(text, "q")
    kinds = {a.text[p.start : p.end]: p.kind for p in a.paragraphs}
    assert kinds["Or GPS?"] == "body"
    assert kinds["What Now?"] == "heading"


# Invisible format characters: a zero-width space hides a word from search, tag
# characters carry a hidden ASCII message. Written for this test, not copied.
INVISIBLE = (
    "Patrols left Ba\u200bmako\u2060 at dawn\ufeff on Tuesday.\n\n"
    "The convoy\U000e0049\U000e0047\U000e004e\U000e004f\U000e0052\U000e0045 reached the river crossing by noon.\n\n"
    "Zero\u200cwidth joiners next to Latin letters do nothing, and re\u00adsupply resumed.\n\n"
    "The Persian word \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 keeps its joiner, and \u0600 stays visible.\n"
)


def test_zero_width_and_tag_characters_are_removed_and_recorded() -> None:
    article = article_from_text(INVISIBLE, "inv", Path("inv.txt"))
    text = article.text
    assert "Bamako at dawn on Tuesday." in text
    assert "The convoy reached the river crossing" in text
    assert "Zerowidth" in text and "resupply" in text
    assert not any("\U000e0000" <= ch <= "\U000e007f" for ch in text)
    for ch in "\u200b\u2060\ufeff\u00ad":
        assert ch not in text
    # Text that needs its format characters keeps them.
    assert "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645" in text and "\u0600" in text
    removed = [r for r in article.removed if r.reason in ("zero-width character", "tag character")]
    assert sorted(r.text for r in removed if r.reason == "tag character") == sorted(
        ["\\U000e0049", "\\U000e0047", "\\U000e004e", "\\U000e004f", "\\U000e0052", "\\U000e0045"]
    )
    assert {r.text for r in removed if r.reason == "zero-width character"} == {"\\u200b", "\\u2060", "\\ufeff", "\\u200c", "\\xad"}
    for r in removed:  # each offset points at the very character in the source
        assert INVISIBLE[r.source_start : r.source_end].encode("unicode_escape").decode("ascii") == r.text
    # Offsets of what is kept still point at the same words in the cleaned text.
    for paragraph in article.paragraphs:
        for sentence in paragraph.sentences:
            assert text[sentence.start : sentence.end] == sentence.text


def test_every_format_character_is_either_removed_or_kept_on_purpose() -> None:
    """All of Unicode category Cf is decided: removed, or on the documented keep list."""
    import sys
    import unicodedata

    kept = {0x200C, 0x200D, 0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD, 0x180E}
    kept |= set(range(0x13430, 0x13440)) | set(range(0x1BCA0, 0x1BCA4)) | set(range(0x1D173, 0x1D17B))
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) != "Cf" or code in kept:
            continue
        assert sanitize(f"a{ch}b").text == "ab", hex(code)
