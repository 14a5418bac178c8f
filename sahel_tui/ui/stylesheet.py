"""Textual's stylesheet, without parsing unchanged CSS again.

Textual re-parses every CSS source whenever it refreshes the CSS, and clears
its parse cache whenever the variables are set, even to the same values. At
start-up that meant four full parses of the app's CSS before the first frame
(about 5 ms each, traced), as each new screen and widget class added its
default CSS. Here a refresh with the same variables and the same sources keeps
the parsed rules, and a new source parses only itself. A real change (a new
theme's variables) still parses everything again, as Textual does.
"""

from __future__ import annotations

from typing import Any

from textual.css.stylesheet import Stylesheet


class CachedStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed_state: tuple[dict[str, str], dict[Any, Any]] | None = None

    def _state(self) -> tuple[dict[str, str], dict[Any, Any]]:
        return dict(self._variables), dict(self.source)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # same values: the parsed rules and caches still hold
        super().set_variables(variables)

    def parse(self) -> None:
        super().parse()
        self._parsed_state = self._state()

    def reparse(self) -> None:
        if self._parsed_state is not None and self._parsed_state[0] == self._variables:
            parsed_sources = self._parsed_state[1]
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
        self._parsed_state = self._state()
