"""News furniture in pasted and extracted text: cut, recorded with exact spans, its facts kept.

Every article here was written for these tests, in the layouts news sites use
(a tabloid page pasted as one line with " . " between its pieces, a wire story
with a dateline, a web page pasted line by line); none is copied from a source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.analysis.keypoints import key_points
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Article

TABLOID = (
    "By . Chris Marlowe and Sam Dunne . PUBLISHED: . 05:31 EST, 6 June 2013 . | . UPDATED: . 07:43 EST, 6 June 2013 . "
    "A river barge carrying grain sank off the port of Tilbury yesterday, police said. "
    "Scroll down for video . The crew of four were rescued by a lifeboat after a two-hour search in heavy fog. "
    "Sinking fast: The barge lists to one side as rescuers approach. "
    "Harbour master Ellen Price said: 'We were lucky the tide was slack.' "
    "The barge had been due to unload 300 tonnes of wheat at the grain terminal on Wednesday morning. "
    "Follow @harbourdesk on Twitter . Read more: Barges banned from estuary in fog . "
    "© 2013 Weekly Harbour Gazette. All rights reserved."
)

WIRE = (
    "LONDON, England (CNN) -- A river barge carrying grain sank off Tilbury on Tuesday, officials said. "
    "The crew of four were rescued after a search lasting two hours.\n\n"
    "Police said the fog over the estuary was the worst in years and that shipping had been halted.\n\n"
    "The port authority will publish a report on the accident next month.\n\n"
    "CNN's Jo Banks contributed to this report.\n"
)

PASTED = """Grain barge sinks off Tilbury in thick fog
By Jane Holloway, Transport Correspondent
Published: 09:12 GMT, 4 March 2021 | Updated: 11:40 GMT, 4 March 2021
A river barge carrying grain sank off Tilbury on Thursday morning after it struck a mooring buoy in thick fog.
Rescued: The crew of four are brought ashore by volunteers.
Photo: Harbour Pictures
The coastguard said all four crew members were taken to hospital as a precaution and were later released.
Subscribe to our morning newsletter for the day's top stories in your inbox.
Follow Jane Holloway on Twitter @jholloway
The barge's owner said it would cooperate fully with the investigation into the accident.
Copyright 2021 Estuary News Ltd. All rights reserved.
"""


def _reasons(a: Article) -> dict[str, str]:
    return {r.text: r.reason for r in a.removed}


def test_tabloid_line_loses_byline_stamps_and_prompts() -> None:
    a = article_from_text(TABLOID, "tab")
    got = _reasons(a)
    assert got["By . Chris Marlowe and Sam Dunne ."] == "byline"
    assert got["PUBLISHED: . 05:31 EST, 6 June 2013 . | . UPDATED: . 07:43 EST, 6 June 2013 ."] == "dateline"
    assert got["Scroll down for video ."] == "scroll prompt"
    assert got["Sinking fast: The barge lists to one side as rescuers approach."] == "image caption"
    assert got["Follow @harbourdesk on Twitter ."] == "social prompt"
    assert got["All rights reserved."] == "copyright line"
    assert a.text.startswith("A river barge carrying grain sank")
    for gone in ("By .", "PUBLISHED", "EST", "Scroll", "Sinking fast", "@harbourdesk", "Read more", "©"):
        assert gone not in a.text
    assert "Harbour master Ellen Price said: 'We were lucky the tide was slack.'" in a.text
    m = a.meta
    assert m.author is not None and m.author.value == "Chris Marlowe; Sam Dunne" and "byline" in m.author.how
    assert m.date is not None and m.date.value == "2013-06-06" and "PUBLISHED" in m.date.how and not m.date.inferred
    assert m.date_latest is not None and m.date_latest.inferred
    # The title is no longer a piece of furniture.
    assert a.title.startswith("A river barge carrying grain")


def test_every_cut_points_exactly_into_the_source() -> None:
    for text in (TABLOID, WIRE, PASTED):
        a = article_from_text(text, "x")
        assert a.removed
        for r in a.removed:
            assert " ".join(text[r.source_start : r.source_end].split()) == r.text, r
            assert 0 <= r.before <= len(a.text)


def test_wire_dateline_and_contributor_line() -> None:
    a = article_from_text(WIRE, "wire")
    got = _reasons(a)
    assert got["LONDON, England (CNN) --"] == "dateline"
    assert got["CNN's Jo Banks contributed to this report."] == "contributor line"
    assert a.text.startswith("A river barge carrying grain sank off Tilbury on Tuesday")
    assert "(CNN)" not in a.title and "(CNN)" not in a.text
    m = a.meta
    assert m.place is not None and (m.place.value, m.place.inferred) == ("London, England", True)
    assert m.publisher is not None and (m.publisher.value, m.publisher.inferred) == ("CNN", True)
    assert "dateline" in m.publisher.how


def test_pasted_page_lines() -> None:
    a = article_from_text(PASTED, "pasted")
    got = _reasons(a)
    assert got["By Jane Holloway, Transport Correspondent"] == "byline"
    assert got["Published: 09:12 GMT, 4 March 2021 | Updated: 11:40 GMT, 4 March 2021"] == "dateline"
    assert got["Rescued: The crew of four are brought ashore by volunteers."] == "image caption"
    assert got["Photo: Harbour Pictures"] == "image credit"
    assert got["Subscribe to our morning newsletter for the day's top stories in your inbox."] == "subscribe prompt"
    assert got["Follow Jane Holloway on Twitter @jholloway"] == "social prompt"
    assert got.get("Copyright 2021 Estuary News Ltd. All rights reserved.") == "copyright line" or {
        got.get("Copyright 2021 Estuary News Ltd."), got.get("All rights reserved.")
    } == {"copyright line"}
    assert [p.kind for p in a.paragraphs] == ["title", "body", "body", "body"]
    m = a.meta
    assert m.title is not None and m.title.value == "Grain barge sinks off Tilbury in thick fog"
    assert m.author is not None and m.author.value == "Jane Holloway"
    assert m.date is not None and m.date.value == "2021-03-04"
    assert m.publisher is not None and m.publisher.value == "Estuary News Ltd" and m.publisher.inferred


@pytest.mark.parametrize(
    "prose",
    [
        "By the end of 2013, the port had handled more grain than in any year before.",
        "By Monday, the rebels had withdrawn from the town and the road was open again.",
        "The message was clear: The army would not negotiate with the armed groups.",
        "The minister said: 'We will rebuild the terminal within a year.'",
        "Supporters follow the preacher on Twitter, where he posts several times a day.",
        "Copyright law in the country was reformed after years of complaints from authors.",
        "More than 300 people were evacuated from the riverside district overnight.",
        "Officials reported that the barge had been inspected only a month before the accident.",
        "Washington has long argued that the sanctions regime must stay in place.",
    ],
)
def test_prose_that_looks_like_furniture_is_kept(prose: str) -> None:
    text = f"Barge Inquiry Opens\n\nThe inquiry opened on Monday in the port town. {prose} The hearing continues.\n"
    a = article_from_text(text, "p")
    assert prose in a.text, [(r.reason, r.text) for r in a.removed]
    assert a.removed == ()


def test_key_points_never_pick_furniture() -> None:
    for text in (TABLOID, WIRE, PASTED):
        a = article_from_text(text, "k")
        furniture = {r.text for r in a.removed}
        for point in key_points(a, count=3):
            sentence = a.sentence(point.sentence_id)
            assert sentence is not None
            assert not any(f in sentence.text or sentence.text in f for f in furniture), sentence.text
            assert not sentence.text.startswith(("By ", "PUBLISHED", "(CNN)")), sentence.text


def test_furniture_inside_a_web_page(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Barge sinks</title><link rel='canonical' href='https://news.example.org/barge-sinks'></head>"
        "<body><article><h1>Grain barge sinks off Tilbury</h1>"
        "<p>LONDON (Harbour Wire) - A river barge carrying grain sank off Tilbury on Thursday after striking a buoy in fog.</p>"
        "<p>The coastguard said all four crew members were rescued and taken to hospital as a precaution.</p>"
        "<p>Scroll down for video</p>"
        "<p>The owner said it would cooperate fully with the investigation into the accident at the port.</p>"
        "</article></body></html>"
    )
    a = article_from_text(page, "web", tmp_path / "web.html")
    got = _reasons(a)
    assert got["LONDON (Harbour Wire) -"] == "dateline"
    assert got["Scroll down for video"] == "scroll prompt"
    assert a.text.count("A river barge carrying grain") == 1 and "Harbour Wire" not in a.text
    assert a.meta.url is not None and a.meta.url.value == "https://news.example.org/barge-sinks"
    assert a.meta.place is not None and a.meta.place.value == "London"


def test_label_and_colon_is_a_caption_only_in_news_copy() -> None:
    guide = (
        "Writing a Field Report\n\n"
        "Summary: Keep the opening short and say what happened first. "
        "Sources: Name each source and say how it knows what it says.\n"
    )
    a = article_from_text(guide, "guide")
    assert a.removed == () and "Summary: Keep the opening short" in a.text
    # The same shape under a news byline is a pasted caption.
    news = "By . Jane Holloway . " + guide.split("\n\n", 1)[1].replace("Summary:", "Harbour scene:")
    b = article_from_text(news, "news")
    assert {r.reason for r in b.removed} >= {"byline", "image caption"}


@pytest.mark.parametrize(
    ("opening", "field", "value"),
    [
        ("Last updated at 4:05 PM on 12th July 2011 . ", "date_latest", "2011-07-12"),
        ("updated 10:42 AM EST, Thu January 3, 2013 ", "date_latest", "2013-01-03"),
        ("Published: 2019-11-05 ", "date", "2019-11-05"),
        ("WASHINGTON (Harbour Wire) - ", "place", "Washington"),
        ("(Harbour Wire) -- ", "publisher", "Harbour Wire"),
        ("BAMAKO, Mali — ", "place", "Bamako, Mali"),
    ],
)
def test_stamps_and_datelines_at_the_top(opening: str, field: str, value: str) -> None:
    body = "A grain barge sank off the port on Thursday after striking a buoy. The crew were rescued."
    a = article_from_text(opening + body, "t")
    assert a.text == body, [(r.reason, r.text) for r in a.removed]
    assert [r.reason for r in a.removed] == ["dateline"]
    got = getattr(a.meta, field)
    assert got is not None and got.value == value


def test_singlefile_comment_gives_address_and_retrieval_date(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html> <html><!--\n Page saved with SingleFile \n url: https://port.example.org/barge \n"
        " saved date: Thu Dec 03 2026 17:25:24 GMT+0000 (Coordinated Universal Time)\n-->"
        "<head><title>Barge</title></head><body><article><h1>Barge sinks</h1>"
        "<p>A grain barge sank off the port on Thursday after striking a buoy in thick fog, the coastguard said.</p>"
        "<p>All four crew members were rescued and taken to hospital, where they were later released.</p>"
        "</article></body></html>"
    )
    a = article_from_text(page, "sf", tmp_path / "sf.html")
    assert a.meta.url is not None and a.meta.url.value == "https://port.example.org/barge"
    assert a.meta.retrieved is not None and a.meta.retrieved.value == "2026-12-03"
    assert "saved page" in a.meta.retrieved.how


def test_editor_updates_and_transcript_speakers_are_not_captions() -> None:
    text = (
        "Port Chief Defends Record\n\n"
        "TILBURY, England — The port's chief defended her record on safety at a hearing on Monday.\n\n"
        "Holloway: I don't think anyone could have foreseen the fog that morning.\n\n"
        "UPDATE: The port authority said on Tuesday that the inquiry would report in June.\n"
    )
    a = article_from_text(text, "t")
    got = _reasons(a)
    assert got["TILBURY, England —"] == "dateline"
    assert got["UPDATE: The port authority said on Tuesday that the inquiry would report in June."] == "editor note"
    assert "Holloway: I don't think anyone could have foreseen the fog that morning." in a.text


def test_agency_written_onto_the_first_word() -> None:
    a = article_from_text("(Harbour Wire)Five barges sank in the estuary on Thursday. All crews were rescued.", "t")
    assert a.text == "Five barges sank in the estuary on Thursday. All crews were rescued."
    assert a.meta.publisher is not None and a.meta.publisher.value == "Harbour Wire"
    kept = article_from_text("(Five barges sank.) The crews were rescued on Thursday.", "u")
    assert kept.removed == ()


def test_comment_and_share_prompts() -> None:
    text = (
        "By . Harbour Desk . A council worker found a lost wedding ring in a skip on Monday. "
        "She handed it to the police. Share or comment on this article . "
        "Sorry we are not currently accepting comments on this article."
    )
    a = article_from_text(text, "c")
    assert a.text == "A council worker found a lost wedding ring in a skip on Monday. She handed it to the police."
    assert [r.reason for r in a.removed] == ["byline", "comment prompt", "comment prompt"]
    prose = article_from_text("Shares fell. Investors share the view that comments by the minister hurt the market.", "p")
    assert prose.removed == ()
