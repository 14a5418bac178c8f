"""Per-frame style caching shared by the line-drawn widgets (reader, sources list).

Both draw row by row with the Line API; looking styles up for every row is what
made them slow, so they cache component styles and the base style here, and drop
the caches when the theme changes.
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip


class LineStyleCache:
    """Mixin for a ScrollView subclass; it needs ``_styles``, ``_strips`` and ``_base_style``."""

    COMPONENT_PREFIX: str = ""
    _styles: dict[str, Style]
    _strips: dict
    _base_style: Style | None

    def notify_style_update(self) -> None:
        self._styles.clear()  # a theme change: component styles must be looked up again
        self._strips.clear()
        super().notify_style_update()  # type: ignore[misc]

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(  # type: ignore[attr-defined]
                f"{self.COMPONENT_PREFIX}--{name}", partial=True
            )
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        # rich_style walks every ancestor; look it up once per frame, not once per row.
        self._base_style = self.rich_style  # type: ignore[attr-defined]
        return super().render_lines(crop)  # type: ignore[misc]
