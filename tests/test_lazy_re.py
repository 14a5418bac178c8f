"""lazy(): a module-level pattern compiled on first use, behaving as the compiled one."""

from __future__ import annotations

import re

from sahel_tui.corpus.lazy_re import lazy


def test_compiles_on_first_use_and_behaves_as_re_compile(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: compiled.append(a[0]) or real(*a))
    pattern = lazy(r"(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
    assert compiled == []
    expected = real(r"(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
    text = "In 2015 and 1999, not 3015."
    assert pattern.search(text).group("year") == expected.search(text).group("year")
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in expected.finditer(text)]
    assert pattern.sub("Y", text) == expected.sub("Y", text)
    assert pattern.pattern == expected.pattern and pattern.flags == expected.flags
    assert pattern.groupindex == expected.groupindex
    assert compiled == [r"(?P<year>(?:19|20)\d\d)"]  # once, however many uses
