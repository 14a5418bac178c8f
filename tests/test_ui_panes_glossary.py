"""The actor glossary view: filter, sort, mentions in context, jump, edit."""

from __future__ import annotations

import json

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure import paths
from sahel_tui.ui.screens.actor_edit import ActorEditDialog
from sahel_tui.ui.screens.glossary import GlossaryScreen
from sahel_tui.ui.widgets.glossary_mentions import context
from sahel_tui.ui.widgets.glossary_table import filter_and_sort
from ui_panes_helpers import HostApp, settle, sync

TEXT_A = """Talks in Ouagadougou

Foreign Minister Karim Belhadj met the Coordination of Sahel Farmers (CSF) in Ouagadougou on Monday.
Belhadj said the CSF would join the talks. Burkina Faso welcomed the move.
"""
TEXT_B = """A second report

The CSF rejected the plan. Karim Belhadj left Niamey on Tuesday, and Niger said little.
"""


def tiny_corpus() -> Corpus:
    from pathlib import Path

    return Corpus(root=Path("."), articles=[article_from_text(TEXT_A, "talks"), article_from_text(TEXT_B, "report")])


def test_context_is_one_line_and_stays_in_its_paragraph() -> None:
    text = "First paragraph ends here.\nThe quick brown fox jumps over\nthe lazy dog."
    start = text.index("fox")
    left, right = context(text, start, start + 3, 10)
    assert left == "…ck brown "
    assert right == " jumps ov…"
    assert "\n" not in left + right
    left, right = context(text, text.index("The"), text.index("The") + 3, 30)
    assert left == ""  # never reaches back into the first paragraph


@sync
async def test_filter_sort_and_jump_to_a_mention(seed_corpus: Corpus) -> None:
    app = HostApp(seed_corpus, GlossaryScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        table = screen.table
        assert len(table.shown) == len(table.actors) > 10
        counts = [len(a.mentions) for a in table.shown]
        assert counts == sorted(counts, reverse=True)  # most mentioned first

        # Sort by name, then the same key again reverses.
        await pilot.press("n")
        names = [a.name.casefold() for a in table.shown]
        assert names == sorted(names)
        await pilot.press("n")
        assert [a.name.casefold() for a in table.shown] == sorted(names, reverse=True)
        await pilot.press("y")
        types = [a.type for a in table.shown]
        assert types == sorted(types, key=lambda t: {"armed_group": "armed group"}.get(t, t))

        # Type-ahead filter: an acronym finds its expansion.
        await pilot.press("slash")
        await pilot.press(*"aqim")
        await settle(pilot)
        names = [a.name for a in table.shown]
        assert "al-Qaeda in the Islamic Maghreb" in names and len(names) < len(table.actors)
        assert all("aqim" in " ".join([a.name, *a.aliases, a.description or ""]).casefold() for a in table.shown)
        await pilot.press("enter")  # back to the table
        assert app.focused is table
        table.move_cursor(row=names.index("al-Qaeda in the Islamic Maghreb"))
        await pilot.press("enter")  # into the mentions
        await settle(pilot)
        mentions = screen.mentions
        assert app.focused is mentions
        actor = table.current_actor
        assert actor is not None and len(mentions.mentions) == len(actor.mentions)
        await pilot.press("j", "enter")
        jump = app.jumps[-1]
        second = mentions.mentions[1]
        assert (jump.article_id, jump.sentence_id, jump.span) == (second.article, second.sentence_id, (second.start, second.end))
        article = next(a for a in seed_corpus.articles if a.id == jump.article_id)
        sentence = article.sentence(jump.sentence_id)
        assert sentence is not None and sentence.start <= second.start < second.end <= sentence.end


@sync
async def test_filter_with_no_match_says_so() -> None:
    app = HostApp(tiny_corpus(), GlossaryScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        assert any(a.name == "Karim Belhadj" for a in screen.table.actors)
        await pilot.press("slash", *"zzzz")
        await settle(pilot)
        assert screen.table.shown == []
        assert "No actor matches" in str(screen.status_widget().render())


@sync
async def test_rename_and_describe_persist_as_actor_edits() -> None:
    app = HostApp(tiny_corpus(), GlossaryScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        await pilot.press("slash", *"belhadj", "enter")
        await settle(pilot)
        assert screen.table.current_actor is not None
        assert screen.table.current_actor.name == "Karim Belhadj"
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActorEditDialog)
        name = dialog.query_one("#actor-edit-name")
        name.value = "Karim Ben Belhadj"
        dialog.query_one("#actor-edit-description").value = "Foreign minister in the talks"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        current = screen.table.current_actor
        assert current is not None
        assert current.name == "Karim Ben Belhadj"
        assert current.description == "Foreign minister in the talks"
        assert current.description_source == "analyst"
        saved = json.loads((paths.config_dir() / "actor-edits.json").read_text("utf-8"))
        assert {e["op"] for e in saved["edits"]} == {"rename", "describe"}


def test_filter_and_sort_are_pure() -> None:
    from sahel_tui.analysis.actors import Actor

    actors = [Actor("b", "Beta Front", "armed_group", ["BF"]), Actor("a", "Alpha", "state", ["Alphan"])]
    assert [a.id for a in filter_and_sort(actors, "bf", "name", False)] == ["b"]
    assert [a.id for a in filter_and_sort(actors, "", "name", False)] == ["a", "b"]
    assert [a.id for a in filter_and_sort(actors, "armed", "mentions", False)] == ["b"]


@sync
async def test_a_note_on_an_actor_is_saved_in_the_store() -> None:
    from textual.widgets import TextArea

    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.ui.pane_data import workspace_of
    from sahel_tui.ui.screens.annotate import NoteDialog

    app = HostApp(tiny_corpus(), GlossaryScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        await pilot.press("slash", *"belhadj", "enter", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.query_one("#note-text", TextArea).text = "Check his [bold]role[/bold]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        actor = screen.table.current_actor
        assert actor is not None
        assert app.changes
    workspace_of(app).close()
    with AnnotationStore.open() as store:
        notes = store.list(actor=actor.id)
    assert [n.note for n in notes] == ["Check his [bold]role[/bold]"]


@sync
async def test_split_a_name_off_then_merge_it_back() -> None:
    from ui_panes_helpers import settle as settled

    from sahel_tui.ui.screens.actor_edit import ChoiceDialog

    app = HostApp(tiny_corpus(), GlossaryScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        await pilot.press("slash", *"karim", "enter")
        await settled(pilot)
        actor = screen.table.current_actor
        assert actor is not None and {m.surface for m in actor.mentions} >= {"Karim Belhadj", "Belhadj"}
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        dialog = app.screen
        assert "Belhadj" in dialog.shown and "Karim Belhadj" in dialog.shown
        await pilot.press(*"karim")  # typing narrows the list
        await pilot.pause()
        assert dialog.shown == ["Karim Belhadj"]
        await pilot.press("ctrl+u")  # clear the filter again
        await pilot.pause()
        dialog.query_one("#choice-list").highlighted = dialog.shown.index("Belhadj")
        await pilot.press("down", "enter")
        await settled(pilot)
        names = {a.name for a in screen.table.actors}
        assert "Belhadj" in names and "Karim Belhadj" in names
        assert {m.surface for m in screen.table.current_actor.mentions} == {"Karim Belhadj"}

        # Merge the split-off name back in.
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"belhadj")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        belhadj = next(a for a in screen.table.actors if a.name == "Belhadj")
        assert belhadj.id in dialog.shown
        dialog.query_one("#choice-list").highlighted = dialog.shown.index(belhadj.id)
        await pilot.press("enter")
        await settled(pilot)
        assert "Belhadj" not in {a.name for a in screen.table.actors}
        assert {m.surface for m in screen.table.current_actor.mentions} >= {"Karim Belhadj", "Belhadj"}


def test_mentions_per_source_sort_by_source_number() -> None:
    from sahel_tui.analysis.actors.model import Actor, Mention
    from sahel_tui.ui.screens.glossary import describe_actor

    labels = {f"art{n}": f"S{n}" for n in range(1, 15)}
    mentions = [Mention(f"art{n}", f"art{n}-p1-s1", 0, 4, "Mali") for n in (11, 14, 14, 3, 2)]
    actor = Actor(id="mali", name="Mali", type="place", mentions=mentions)
    line = describe_actor(actor, labels).plain.splitlines()[-1]
    assert line.endswith("S2×1, S3×1, S11×1, S14×2")
