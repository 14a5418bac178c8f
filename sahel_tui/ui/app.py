"""The sahel-brief Textual app.

The corpus and the settings are loaded before this class exists (see
``sahel_tui.cli.commands.app``) and passed in, so the first frame shows articles
at once; key points follow from a worker. This module is the only place
that knows which views exist and how they are reached.

Adding a view: write a Screen in ``ui/screens/`` and add one ``View`` to
``VIEWS`` below (the actor glossary, comparison, notes and judgements come from
``panes_wiring.py``). It becomes
a Textual mode; its key appears in the footer and on the help screen by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Iterator

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter, Monochrome
from textual.notifications import SeverityLevel
from textual.screen import Screen

from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure.config import Config, save_settings
from sahel_tui.ui import keypoint_source
from sahel_tui.ui.corpus_check import CorpusCheckMixin
from sahel_tui.ui.filtering import CorpusFilterMixin
from sahel_tui.ui.panes_wiring import PanesApp, export_bindings, help_sections, pane_views
from sahel_tui.ui.screens.main import MainScreen
from sahel_tui.ui.screens.too_small import TooSmallScreen, too_small
from sahel_tui.ui.terminal_output import AsciiGlyphs, NoColorSafe
from sahel_tui.ui.textual_patches import FirstFrameApp, QuickReturnApp, use_cached_stylesheet
from sahel_tui.ui.themes import DEFAULT_THEME, ThemeSet, load_themes, terminal_default_theme

if TYPE_CHECKING:
    from sahel_tui.corpus.index import Expected


_NO_COLOR_SAFE = NoColorSafe()
_ASCII_GLYPHS = AsciiGlyphs()


@dataclass(frozen=True, slots=True)
class View:
    name: str  # the Textual mode name
    title: str  # footer and help label
    key: str  # the key that switches to it
    screen: type[Screen[Any]] | Callable[[], Screen[Any]]  # a class, or a factory that imports it late


# The reader, then the other views (panes_wiring.py).
VIEWS: tuple[View, ...] = (
    View("reader", "Reader", "1", MainScreen),
    *(View(mode, title, key, factory) for mode, title, key, factory in pane_views()),
)

# Counts offered in the command palette; the dialog (m) takes any 1-50.
PALETTE_COUNTS: tuple[int | None, ...] = (None, 3, 5, 7, 10)


class SahelApp(CorpusFilterMixin, CorpusCheckMixin, FirstFrameApp, QuickReturnApp, PanesApp, App[None]):
    """Sources, reader and key points over one corpus."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere still find it
    TITLE = "sahel-brief"
    MODES: ClassVar[dict[str, Any]] = {view.name: view.screen for view in VIEWS}
    DEFAULT_MODE = VIEWS[0].name

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", id="app.help", key_display="?"),
        Binding("t", "change_theme", "Theme", id="app.theme"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # One key per view, only when there is more than one to switch between.
        *(
            Binding(view.key, f"switch_mode('{view.name}')", view.title, id=f"app.view.{view.name}")
            for view in (VIEWS if len(VIEWS) > 1 else ())
        ),
        *export_bindings(),
    ]

    def __init__(
        self,
        corpus: Corpus,
        config: Config | None = None,
        *,
        problems: Iterable[str] = (),
        theme: str | None = None,
        ascii: bool | None = None,
        analysis_cache: Any = None,
        themes: ThemeSet | None = None,
        config_path: Path | None = None,
        corpus_check: Expected | None = None,
        read_corpus: bool = False,
        cleaned: Iterator[list[Any]] | None = None,
    ) -> None:
        """``corpus_check``: the corpus came from the corpus index, and this is what to check the folder against.

        ``read_corpus``: ``corpus`` is empty, a folder that the app reads once it runs, showing sources as they arrive;
        ``cleaned``: what children cleaning it ahead send (``load_corpus(cleaned=...)``).
        """
        self._variable_defaults: dict[str, dict[str, str]] = {}  # per theme name; CSS asks often
        super().__init__()
        from sahel_tui.infrastructure import background

        # Cache writes in background threads (the comparison's) leave the reader most of the GIL.
        background.share = 0.3
        use_cached_stylesheet(self)  # see ui/textual_patches.py
        # SSH users pay for every frame; nothing here needs motion.
        self.animation_level = "none"
        self.corpus = corpus
        self.setup_corpus_check(corpus_check, loading=read_corpus, cleaned=cleaned)
        self.config = config or Config()
        self.config_path = config_path
        self.ascii = self.config.ascii if ascii is None else ascii
        self.set_class(self.ascii, "-ascii")  # now, while nothing is mounted: no restyle
        self.analysis_cache = analysis_cache
        self.setup_panes()
        self.key_point_memory: dict[tuple[str, str, int | None], list[Any]] = {}
        self.last_corpus_query = ""
        self._messages: list[str] = list(problems)
        self._persist = False  # settings changes are saved only once the app runs

        found = themes if themes is not None else load_themes()
        for t in found.themes:
            self.register_theme(t)
        self._messages.extend(found.problems)
        wanted = theme or self.config.theme or terminal_default_theme()
        if wanted not in self.available_themes:
            fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
            self._messages.append(f"Theme {wanted!r} not found; using {fallback}")
            wanted = fallback
        self.theme = wanted
        self._cli_theme = theme if theme == wanted else None

        self.key_point_method = self.config.method or ""
        self.key_point_count = self.config.count
        if self.key_point_method and self.key_point_method not in keypoint_source.methods():
            self._messages.append(
                f"Key-point method {self.key_point_method!r} is unknown; using {keypoint_source.default_method()}"
            )
            self.key_point_method = ""
        self.key_point_method = self.key_point_method or keypoint_source.default_method()

    def on_mount(self) -> None:
        for message in self._messages:
            self.notify(message, severity="warning", timeout=10)
        self.start_corpus_load()  # a no-op unless the corpus is read while the app runs
        self._persist = True
        self._fit(self.size.width, self.size.height)
        if self._cli_theme:
            self.save_settings(theme=self._cli_theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The reader's marker colours, derived from any theme that does not set them.

        Our TOML themes name them explicitly; Textual's built-in themes get these.
        """
        theme = self.current_theme
        known = self._variable_defaults.get(theme.name)
        if known is not None:
            return known
        colours = theme.to_color_system().generate()
        known = self._variable_defaults[theme.name] = {
            "keypoint-foreground": colours["accent"],
            "cursor-background": f"{colours['primary']} 35%",
            "cursor-foreground": colours["foreground"],
            "match-background": f"{colours['success']} 45%",
            "match-foreground": colours["foreground"],
            "match-current-background": colours["accent"],
            "removed-foreground": colours["foreground-muted"],
        }
        return known

    # -- the terminal ------------------------------------------------------------

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, with its NO_COLOR one made safe, and ASCII glyphs when asked for."""
        filters = [_NO_COLOR_SAFE if type(f) is Monochrome else f for f in super().get_line_filters()]
        if self.ascii:
            filters.append(_ASCII_GLYPHS)
        return filters

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: they quote file names, settings and article text."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Cover the layout with the too-small message while the terminal is too small for it."""
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height) and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not too_small(width, height):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Behind the message only quitting makes sense; a dialog opened there would outlive it.
        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False
        return super().check_action(action, parameters)

    # -- settings --------------------------------------------------------------

    def save_settings(self, **changes: Any) -> None:
        """Remember a choice for next time; a read-only config folder costs only a warning."""
        if not self._persist:
            return
        try:
            save_settings(changes, self.config_path)
        except OSError as exc:
            self.notify(f"Could not save settings: {exc}", severity="warning")

    def watch_theme(self, theme: str) -> None:
        self.save_settings(theme=theme)

    def set_key_point_settings(self, method: str, count: int | None) -> None:
        """Change method and count; the pane refills in place."""
        self.key_point_method, self.key_point_count = method, count
        self.save_settings(method=method, count=count)
        for screen in self._main_screens():
            screen.request_key_points()

    def _main_screens(self) -> list[MainScreen]:
        # The reader's screen in the current mode's stack, under any dialog or the too-small
        # message (App.children holds the top screen only).
        return [s for s in self.screen_stack if isinstance(s, MainScreen)]

    # -- actions -----------------------------------------------------------------

    def action_help(self) -> None:
        from sahel_tui.ui.screens.corpus_search import CorpusSearchScreen
        from sahel_tui.ui.screens.help import HelpScreen
        from sahel_tui.ui.screens.keypoint_settings import KeyPointSettings
        from sahel_tui.ui.widgets.article_view import ArticleView
        from sahel_tui.ui.widgets.find_bar import FindBar
        from sahel_tui.ui.widgets.keypoints_pane import KeyPointList
        from sahel_tui.ui.widgets.sources_list import SourcesList

        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, list[BindingType]]] = [
            ("Anywhere", list(self.BINDINGS)),
            ("Reader view", list(MainScreen.BINDINGS)),
            ("Article pane", list(ArticleView.BINDINGS)),
            ("Sources pane", list(SourcesList.BINDINGS)),
            ("Key-points pane", list(KeyPointList.BINDINGS)),
            ("Find bar (/)", list(FindBar.BINDINGS)),
            ("Corpus search (s)", list(CorpusSearchScreen.BINDINGS)),
            ("Key-point dialog (m)", list(KeyPointSettings.BINDINGS)),
            *help_sections(),
            ("This screen", list(HelpScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Keys", "List every key", self.action_help)
        yield from self.pane_commands(screen)
        main = screen if isinstance(screen, MainScreen) else next(iter(self._main_screens()), None)
        if main is not None:
            yield SystemCommand("Find in article", "Highlight a phrase in this article (/)", main.action_find)
            yield SystemCommand("Search the corpus", "Matching sentences in every article (s)", main.action_corpus_search)
            yield SystemCommand("Toggle removed text", "Show what cleaning removed, in place (r)", main.action_toggle_removed)
            yield SystemCommand("Key points: settings", "Pick method and count in a dialog (m)", main.action_key_point_settings)
            yield SystemCommand("Filter sources", "By date, publisher, grade, format or tag, in every view (f)", main.action_filter)
        help_text = keypoint_source.method_help()
        for method in keypoint_source.methods():
            yield SystemCommand(
                f"Key points: method {method}",
                help_text.get(method, "use this key-point method"),
                partial(self._palette_key_points, method, None),
            )
        for count in PALETTE_COUNTS:
            label = "auto (3-5)" if count is None else str(count)
            yield SystemCommand(
                f"Key points: count {label}",
                "how many key points per article",
                partial(self._palette_key_points, None, count if count is not None else 0),
            )

    def on_unmount(self) -> None:
        self.close_panes()

    def _palette_key_points(self, method: str | None, count: int | None) -> None:
        # count 0 means "automatic"; None means "leave the count alone".
        new_count = self.key_point_count if count is None else (count or None)
        self.set_key_point_settings(method or self.key_point_method, new_count)
