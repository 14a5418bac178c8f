"""The app driven through Pilot: navigation, jumps, search, settings, themes."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import io
import os
from pathlib import Path

import pytest
from screen_text import record_notifications
from textual.pilot import Pilot

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus, Removal
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp
from sahel_tui.ui.screens.main import MainScreen
from sahel_tui.ui.widgets.article_view import ArticleView
from sahel_tui.ui.widgets.keypoints_pane import KeyPointList
from sahel_tui.ui.widgets.sources_list import SourcesList


def sync(test):
    """Run an async Pilot test without an async pytest plugin (none is installed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def make_app(corpus: Corpus, **kwargs) -> SahelApp:
    loaded = load_config()
    return SahelApp(corpus, loaded.config, problems=loaded.problems, config_path=loaded.path, **kwargs)


async def settle(pilot: Pilot) -> None:
    """Let messages flow, the after-first-frame panes mount and every worker finish."""
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        if not isinstance(screen, MainScreen) or screen.panes_ready:
            break
    await pilot.pause()


def main_screen(app: SahelApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


@sync
async def test_opens_on_the_first_article_with_every_source_listed(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.sources.option_count == len(seed_corpus.articles)
        assert screen.reader.article is seed_corpus.articles[0]
        assert app.focused is screen.reader
        assert app.animation_level == "none"


@sync
async def test_sentence_cursor_moves_and_scrolls(seed_corpus: Corpus) -> None:
    long = max(seed_corpus.articles, key=lambda a: len(a.text))
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        screen.open_article(long)
        await settle(pilot)
        reader = screen.reader
        sentences = list(long.sentences)
        start = sentences.index(reader.cursor_sentence)
        await pilot.press("j", "j", "down")
        assert reader.cursor_sentence == sentences[start + 3]
        await pilot.press("k", "up")
        assert reader.cursor_sentence == sentences[start + 1]
        await pilot.press("end")
        assert reader.cursor_sentence == sentences[-1]
        assert reader.scroll_y > 0  # the reader followed the cursor down
        first, last = reader._layout.sentence_rows[sentences[-1].id]
        assert reader.scroll_y <= first and last < reader.scroll_y + reader.scrollable_content_region.height
        await pilot.press("home")
        assert reader.cursor_sentence == sentences[0] and reader.scroll_y == 0
        await pilot.press("pagedown")
        assert sentences.index(reader.cursor_sentence) > 0


@sync
async def test_each_article_can_be_picked_with_the_keyboard(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        await settle(pilot)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SourcesList)
        seen = [screen.reader.article.id]
        for _ in seed_corpus.articles[1:]:
            await pilot.press("down")
            await pilot.pause()
            seen.append(screen.reader.article.id)
        assert seen == [a.id for a in seed_corpus.articles]
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.reader.article is seed_corpus.articles[-2]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.reader.article is seed_corpus.articles[-1]


@sync
async def test_key_points_fill_in_and_are_highlighted(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        points = screen.keypoints.points
        assert points
        assert screen.reader._key_points == {p.sentence_id for p in points}
        body = {s.id for s in seed_corpus.articles[0].body_sentences}
        assert {p.sentence_id for p in points} <= body


@sync
async def test_enter_on_a_key_point_jumps_the_reader(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(KeyPointList).focus()
        await pilot.press("end", "enter")
        target = screen.keypoints.points[-1]
        assert screen.reader.cursor_sentence.id == target.sentence_id
        assert app.focused is screen.reader
        first, last = screen.reader._layout.sentence_rows[target.sentence_id]
        top = screen.reader.scroll_y
        assert top <= first and last < top + screen.reader.scrollable_content_region.height


@sync
async def test_find_in_article_with_n_and_shift_n(seed_corpus: Corpus) -> None:
    article = seed_corpus.articles[0]
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        await pilot.press("slash", *"mali")
        expected = [i for i in range(len(article.text)) if article.text[i : i + 4].lower() == "mali"]
        assert [s for s, _ in screen.matches] == expected
        await pilot.press("enter")
        assert app.focused is screen.reader
        assert screen.current_match is not None
        first = screen.current_match
        await pilot.press("n")
        assert screen.current_match == (first + 1) % len(expected)
        cursor = screen.reader.cursor_sentence
        assert cursor.start <= screen.matches[screen.current_match][0] < cursor.end
        await pilot.press("N", "N")
        assert screen.current_match == (first - 1) % len(expected)
        assert "match" in str(screen.reader.border_subtitle)
        await pilot.press("slash", "escape")
        assert screen.matches == []


@sync
async def test_find_counter_gives_the_count_until_n_moves_to_a_match(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        await pilot.press("slash", *"the", "enter")
        await pilot.press("right_square_bracket")  # the next article opens with the query still lit
        await settle(pilot)
        assert screen.article is seed_corpus.articles[1]
        count = len(screen.matches)
        assert count > 1 and screen.current_match is None
        assert str(screen.reader.border_subtitle) == f"{count} matches"
        await pilot.press("n")
        assert str(screen.reader.border_subtitle) == f"match {screen.current_match + 1}/{count}"


@sync
async def test_corpus_search_lists_sentences_and_jumps(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", *"kidal")
        await settle(pilot)
        search = app.screen
        assert search.hits and all("kidal" in h.text.lower() for h in search.hits)
        target = search.hits[-1]
        await pilot.press("down", "end", "enter")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.reader.article.id == target.article_id
        assert screen.reader.cursor_sentence.id == target.sentence_id
        assert screen.sources.highlighted == [a.id for a in seed_corpus.articles].index(target.article_id)
        assert screen.matches  # the query stays lit for n/N


@sync
async def test_enter_in_the_search_box_opens_the_top_result(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"drone")
        await settle(pilot)
        top = app.screen.hits[0]
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).reader.cursor_sentence.id == top.sentence_id


@sync
async def test_method_and_count_change_from_the_dialog(seed_corpus: Corpus) -> None:
    from sahel_tui.analysis.keypoints import METHODS

    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.key_point_method
        index = METHODS.index(before)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("tab", "3", "shift+tab")
        await pilot.press(*(["down"] if index == 0 else ["up"]), "enter")
        await settle(pilot)
        chosen = METHODS[1] if index == 0 else METHODS[index - 1]
        assert (app.key_point_method, app.key_point_count) == (chosen, 3)
        screen = main_screen(app)
        assert len(screen.keypoints.points) == 3
        assert chosen in str(screen.keypoints.border_subtitle)
        saved = load_config().config
        assert (saved.method, saved.count) == (chosen, 3)


@sync
async def test_method_change_from_the_command_palette(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"method lead")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.key_point_method == "lead"
        points = main_screen(app).keypoints.points
        body = seed_corpus.articles[0].body_sentences
        assert [p.sentence_id for p in points] == [s.id for s in body[: len(points)]]


@sync
async def test_theme_change_persists(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", *"sahel-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "sahel-light"
    assert load_config().config.theme == "sahel-light"
    again = make_app(seed_corpus)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "sahel-light"


@sync
async def test_bad_user_theme_is_reported_and_falls_back(seed_corpus: Corpus) -> None:
    folder = Path(os.environ["SAHEL_BRIEF_CONFIG_DIR"]) / "themes"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n', encoding="utf-8")
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\n', encoding="utf-8")
    app = make_app(seed_corpus, theme="broken")
    messages = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "sahel-dark"
        assert any("broken.toml" in m for m in messages)
        assert any("'broken' not found" in m for m in messages)
        assert "mine" in app.available_themes
        app.theme = "mine"  # a valid user theme applies without trouble
        await pilot.pause()


@sync
async def test_broken_config_file_opens_with_defaults(seed_corpus: Corpus) -> None:
    path = Path(os.environ["SAHEL_BRIEF_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("this is = = not toml", encoding="utf-8")
    app = make_app(seed_corpus)
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("unreadable" in m for m in shown)
        assert isinstance(app.screen, MainScreen)


@sync
async def test_removed_text_toggles_in_place(seed_corpus: Corpus) -> None:
    article = article_from_text("Title here\nFirst para. Second sentence.\nThird para here.\n", "doc")
    removal = Removal("navigation", "Home | World | Africa", 0, 21, before=article.paragraphs[1].start)
    article = dataclasses.replace(article, removed=(removal,))
    app = make_app(Corpus(Path("."), [article]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        assert not any(r.kind == "removed" for r in screen.reader.layout_rows)
        await pilot.press("r")
        assert [r.kind for r in screen.reader.layout_rows].count("removed") == 1
        assert load_config().config.show_removed is True
        await pilot.press("r")
        assert not any(r.kind == "removed" for r in screen.reader.layout_rows)


@sync
async def test_copy_puts_a_citation_on_the_clipboard(seed_corpus: Corpus) -> None:
    article = seed_corpus.articles[0]
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "y")
        s = main_screen(app).reader.cursor_sentence
        assert app.clipboard == f"\u201c{s.text}\u201d \u2014 {article.title}, p{s.paragraph} s{s.number} [{s.id}]"
        point = main_screen(app).keypoints.points[0]
        main_screen(app).query_one(KeyPointList).focus()
        await pilot.press("y")
        assert app.clipboard.endswith(f"[{point.sentence_id}]")


@sync
async def test_article_text_is_never_markup() -> None:
    text = "Markup test\nThe [bold]tag[/bold] and [link=http://x]link[/link] stay literal. Also [red]this[/].\n"
    article = article_from_text(text, "doc")
    app = make_app(Corpus(Path("."), [article]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = main_screen(app).reader
        rendered = "".join(
            "".join(seg.text for seg in reader.render_line(y)) for y in range(reader.scrollable_content_region.height)
        )
        assert "[bold]tag[/bold]" in rendered and "[red]this[/]" in rendered


@sync
async def test_help_lists_every_binding(seed_corpus: Corpus) -> None:
    from rich.console import Console
    from textual.binding import Binding

    from sahel_tui.ui.screens.corpus_search import CorpusSearchScreen
    from sahel_tui.ui.screens.help import HelpScreen
    from sahel_tui.ui.widgets.find_bar import FindBar

    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(help_screen._table())
        shown = console.export_text()
        for cls in (SahelApp, MainScreen, ArticleView, SourcesList, KeyPointList, FindBar, CorpusSearchScreen):
            for binding in Binding.make_bindings(cls.BINDINGS):
                assert (binding.tooltip or binding.description) in shown
                assert app.get_key_display(binding) in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_every_binding_has_an_id_and_shows() -> None:
    from sahel_tui.ui.screens.corpus_search import CorpusSearchScreen
    from sahel_tui.ui.screens.help import HelpScreen
    from sahel_tui.ui.screens.keypoint_settings import KeyPointSettings
    from sahel_tui.ui.widgets.find_bar import FindBar

    classes = (SahelApp, MainScreen, ArticleView, SourcesList, KeyPointList, FindBar, CorpusSearchScreen, KeyPointSettings, HelpScreen)
    ids = []
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            ids.append(binding.id)
    assert len(ids) == len(set(ids))
    assert all(b.show for b in MainScreen.BINDINGS + ArticleView.BINDINGS + SahelApp.BINDINGS)


@sync
async def test_compact_layout_below_110_columns(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        assert screen.has_class("-compact")
        assert screen.reader.size.width >= 40
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert not screen.has_class("-compact")
        await pilot.press("w")
        await pilot.pause()
        assert not screen.sources.display or screen.sources.region.width == 0


@sync
async def test_no_color_runs(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        assert main_screen(app).keypoints.points


@sync
async def test_linux_console_gets_the_16_colour_theme(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "sahel-16"
        assert app.current_theme.ansi


@sync
async def test_key_point_failure_is_shown_not_raised(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.ui import keypoint_source

    def broken(*args, **kwargs):
        raise ValueError("model exploded")

    monkeypatch.setattr(keypoint_source, "compute", broken)
    app = make_app(seed_corpus)
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "model exploded" in str(main_screen(app).query_one("#keypoints-status").render())
        assert any("model exploded" in m for m in shown)
        await pilot.press("j")  # the reader still works
        assert main_screen(app).reader.cursor_sentence is not None


@sync
async def test_fast_article_switching_ends_on_the_last_articles_points(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*["right_square_bracket"] * (len(seed_corpus.articles) - 1))
        await settle(pilot)
        await settle(pilot)  # a request that waited for the busy worker runs after it
        screen = main_screen(app)
        last = seed_corpus.articles[-1]
        assert screen.reader.article is last
        body = {s.id for s in last.body_sentences}
        assert screen.keypoints.points and {p.sentence_id for p in screen.keypoints.points} <= body


def _many_articles(n: int) -> Corpus:
    articles = [
        article_from_text(f"Report {i:03d} on the harbour\nDockworkers stopped work on day {i}. Talks resume soon.\n", f"r{i:03d}")
        for i in range(n)
    ]
    return Corpus(Path("."), articles)


@sync
async def test_sources_list_scrolls_with_the_highlight() -> None:
    corpus = _many_articles(60)
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.sources.focus()
        await pilot.press("end")
        await pilot.pause()
        assert screen.sources.highlighted == 59 and screen.reader.article is corpus.articles[-1]
        assert screen.sources.scroll_y > 0
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert screen.sources.highlighted > 1 and screen.reader.article is corpus.articles[screen.sources.highlighted]
        await pilot.press(*["k"] * 3)
        await pilot.pause()
        assert screen.reader.article is corpus.articles[screen.sources.highlighted]


@sync
async def test_clicks_pick_an_article_and_a_sentence() -> None:
    corpus = _many_articles(5)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        # Third article: its title row is row 4 of the list (two rows per article).
        await pilot.click(SourcesList, offset=(3, 5))
        await pilot.pause()
        assert screen.reader.article is corpus.articles[2]
        assert app.focused is screen.reader
        row = next(i for i, r in enumerate(screen.reader.layout_rows) if r.kind == "text" and r.block == 1)
        await pilot.click(ArticleView, offset=(4, row + 1))
        await pilot.pause()
        assert screen.reader.cursor_sentence.paragraph == 2


@sync
async def test_source_badges_show_beside_the_details(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sources = main_screen(app).sources
        sources.set_badges({seed_corpus.articles[1].id: "3 notes"})
        await pilot.pause()
        second_details = "".join(seg.text for seg in sources.render_line(3))
        assert "3 notes" in second_details
        assert "3 notes" not in "".join(seg.text for seg in sources.render_line(1))


@sync
async def test_margin_marks_and_actor_underlines(seed_corpus: Corpus) -> None:
    article = article_from_text("Title line\nThe envoy met Attaf in Algiers. Talks went on.\nA second paragraph here.\n", "doc")
    app = make_app(Corpus(Path("."), [article]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = main_screen(app).reader
        second = article.paragraphs[2].sentences[0]
        reader.set_marks({second.id: "question"})
        start = article.text.index("Attaf")
        reader.set_actor_spans([(start, start + len("Attaf"))])
        await pilot.pause()
        first_row = reader._layout.sentence_rows[second.id][0]
        line = reader.render_line(first_row - round(reader.scroll_y))
        assert "".join(seg.text for seg in line)[:2] == " •"
        body_row = reader._layout.sentence_rows[article.paragraphs[1].sentences[0].id][0]
        segments = list(reader.render_line(body_row - round(reader.scroll_y)))
        attaf = next(seg for seg in segments if "Attaf" in seg.text)
        assert attaf.text.strip() == "Attaf" and attaf.style.underline
        reader.show_article(article)  # marks belong to one article
        assert reader._marks == {} and reader._actor_spans == []
