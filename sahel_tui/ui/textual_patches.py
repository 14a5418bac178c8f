"""The only module that touches Textual's private names, each patch guarded by version.

Every patch here was measured to matter (start-up or a keypress, see
docs/performance.md and ``bench/first_paint.py``) and has no public
equivalent in Textual 8.2. Each one was read against Textual
``CHECKED_AGAINST`` and is switched on only for that exact version: on any
other release the classes below behave exactly as Textual's own (the public
behaviour), so a Textual upgrade can make the app slower, never broken.
``SAHEL_BRIEF_TEXTUAL_PATCHES=off`` turns them all off, to measure what they
are worth. ``tests/test_textual_patches.py`` has a test per patch, and
``tests/test_import_hygiene.py`` fails if any other module uses a Textual
name that starts with ``_``.

The patches:

- ``FirstFrameApp``: send the screen's first full frame even though Textual
  renders it inside the app's mount batch (otherwise the first frame users
  see is the article alone, and the sources arrive ~50 ms later).
- ``QuickReturnApp``: no 50 ms frame hold when switching back to a view that
  was composed before (nothing half-drawn to hide).
- ``CachedStylesheet``: no re-parse of unchanged CSS (four full parses of the
  app's CSS before the first frame, ~5 ms each).
- ``QuickResume``: no blanket restyle of a screen that comes back while the
  CSS is unchanged (half of the cost of pressing ``1`` after the comparison).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual
from textual import events
from textual.css.stylesheet import Stylesheet

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

CHECKED_AGAINST = "8.2.8"


def installed_textual_version() -> str:
    """Textual's version, read from its one ``textual-<version>.dist-info`` folder when there is one.

    ``textual.__version__`` asks importlib.metadata, whose imports (email, zipfile,
    csv) cost ~17 ms of start-up; a listing of the folder Textual is installed in
    costs well under one. Any other layout gets the exact answer the slow way.
    """
    site = Path(textual.__file__).resolve().parents[1]
    try:
        found = [e.name for e in os.scandir(site) if e.name.startswith("textual-") and e.name.endswith(".dist-info")]
    except OSError:
        found = []
    if len(found) == 1:
        return found[0][len("textual-") : -len(".dist-info")]
    return str(textual.__version__)


def patches_enabled(version: str | None = None) -> bool:
    """True on the Textual release the patches were checked against, unless switched off."""
    if os.environ.get("SAHEL_BRIEF_TEXTUAL_PATCHES", "").strip().lower() in ("off", "0", "no"):
        return False
    return (version if version is not None else installed_textual_version()) == CHECKED_AGAINST


# Read at import; tests flip it to check the fallback.
ENABLED = patches_enabled()


class FirstFrameApp:
    """Mixin for the App (before App in the bases): the first full frame is sent whole, once."""

    _sahel_first_frame_sent = False

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        app: Any = self
        parent: Any = super()
        if not ENABLED:
            parent._display(screen, renderable)
            return
        # Textual mounts the app inside a batch update and drops every frame rendered
        # meanwhile; the screen's first full frame is one of them, and the next frame
        # carries only the regions dirtied since. That first frame is complete, so it
        # is sent as it is; later frames inside a batch are still held back.
        if renderable is not None and app._batch_count and not self._sahel_first_frame_sent and screen is app.screen:
            held, app._batch_count = app._batch_count, 0
            try:
                parent._display(screen, renderable)
            finally:
                app._batch_count = held
        else:
            parent._display(screen, renderable)
        if renderable is not None and not app._batch_count:
            self._sahel_first_frame_sent = True


class QuickReturnApp:
    """Mixin for the App: switching back to a view composed before is not held back 50 ms."""

    _sahel_switching_back = False

    def switch_mode(self, mode: str) -> Any:
        app: Any = self
        parent: Any = super()
        if not ENABLED:
            return parent.switch_mode(mode)
        # A view with a screen stack was composed before: nothing half-drawn to hide.
        self._sahel_switching_back = mode != app.current_mode and mode in app._screen_stacks
        try:
            return parent.switch_mode(mode)
        finally:
            self._sahel_switching_back = False

    def delay_update(self, delay: float = 0.05) -> None:
        # Textual's switch_mode holds every frame for 50 ms to hide a view being
        # composed; on a return that only made the key feel late (the whole 50 ms
        # showed in the tmux measurement).
        parent: Any = super()
        if not (ENABLED and self._sahel_switching_back):
            parent.delay_update(delay)


class CachedStylesheet(Stylesheet):
    """Textual's stylesheet, without parsing unchanged CSS again.

    Textual re-parses every CSS source whenever it refreshes the CSS, and
    clears its parse cache whenever the variables are set, even to the same
    values. Here a refresh with the same variables and sources keeps the parsed
    rules, and a new source parses only itself. A real change (a new theme's
    variables) still parses everything again, as Textual does.
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._sahel_parsed: tuple[dict[str, str], dict[Any, Any]] | None = None

    def _sahel_state(self) -> tuple[dict[str, str], dict[Any, Any]]:
        return dict(self._variables), dict(self.source)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # same values: the parsed rules and caches still hold
        super().set_variables(variables)

    def parse(self) -> None:
        super().parse()
        self._sahel_parsed = self._sahel_state()

    def reparse(self) -> None:
        if self._sahel_parsed is not None and self._sahel_parsed[0] == self._variables:
            parsed_sources = self._sahel_parsed[1]
            if all(parsed_sources.get(location, source) == source for location, source in self.source.items()):
                # Nothing parsed has changed; sources added since parse on their own
                # (parse() takes the others from the cache).
                if self._require_parse:
                    self.parse()
                return
        # As Textual does: parse into a fresh sheet, so bad CSS leaves this one intact;
        # then keep that sheet's parse cache too, for the sources added next.
        fresh = CachedStylesheet(variables=self._variables)
        for location, (css, is_default, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=location, is_default_css=is_default, tie_breaker=tie_breaker, scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
        self._parse_cache = fresh._parse_cache
        self._sahel_parsed = self._sahel_state()


def use_cached_stylesheet(app: App[Any]) -> None:
    """Give ``app`` a CachedStylesheet (call in ``__init__``, before anything is mounted)."""
    if ENABLED:
        app.stylesheet = CachedStylesheet(variables=app.stylesheet._variables)


class QuickResume:
    """Mixin for a Screen subclass (before Screen in the bases): cheap returns to a view.

    Textual restyles every node of a screen each time it becomes current again,
    in case the CSS changed meanwhile. When the CSS does change (a theme switch)
    Textual counts it in ``_css_update_count`` and restyles the screen through
    ``refresh_css`` as it comes back; focus and hover restyle their own widgets.
    So the blanket restyle is skipped when the screen was styled against the
    current count, and on the first return after it mounted (every widget was
    styled as it mounted).
    """

    _sahel_resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        screen: Any = self
        parent: Any = super()
        if ENABLED:
            fresh = not self._sahel_resumed_before
            self._sahel_resumed_before = True
            if fresh or getattr(screen, "_css_update_count", None) == getattr(screen.app, "_css_update_count", object()):
                event.refresh_styles = False
        parent._on_screen_resume(event)
