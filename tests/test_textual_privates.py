"""No module outside ui/textual_patches.py (nor any test) touches a Textual name that starts with ``_``.

Three ways code reaches into Textual's privates, each checked:

- importing a private module or name (``textual.widgets._footer``);
- reading or writing an attribute ``x._name`` that sahel_tui never defines itself
  but Textual does (``app._batch_count``, ``screen._compositor``);
- defining, in a subclass of a Textual class, a ``_name`` that a Textual class in
  its MRO also defines (an override such as ``_display``, or an attribute that
  silently shadows one of Textual's).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from functools import lru_cache
from pathlib import Path

import textual
import textual.app

import sahel_tui

PACKAGE = Path(sahel_tui.__file__).parent
TESTS = Path(__file__).parent
PATCHES = PACKAGE / "ui" / "textual_patches.py"


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p != PATCHES)


@lru_cache(maxsize=1)
def textual_private_names() -> frozenset[str]:
    """Every ``_name`` that Textual's own source defines or uses as an attribute."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and private(node.attr):
                names.add(node.attr)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and private(node.name):
                names.add(node.name)
    return frozenset(names)


def defined_names(paths: list[Path]) -> set[str]:
    """The ``_names`` this code defines itself: functions, classes, attribute and name targets."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            ):
                # Only on self: ``app._batch_count = 0`` writes someone else's attribute.
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def module_aliases(tree: ast.AST) -> set[str]:
    """Names bound by ``import x`` of a non-Textual module (``os._exit`` is not Textual's)."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("textual"):
                    aliases.add((alias.asname or alias.name).split(".")[0])
    return aliases


def scan(paths: list[Path], own: set[str]) -> list[str]:
    textual_names = textual_private_names()
    found: list[str] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = module_aliases(tree)
        for node in ast.walk(tree):
            shown = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path
            where = f"{shown}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "textual" and any(private(p) for p in parts):
                        found.append(f"{where} imports {alias.name}")
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "textual":
                if any(private(p) for p in node.module.split(".")):
                    found.append(f"{where} imports from {node.module}")
                found.extend(f"{where} imports {a.name}" for a in node.names if private(a.name))
            elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr in textual_names:
                receiver = node.value
                if isinstance(receiver, ast.Name) and receiver.id in modules:
                    continue
                if node.attr not in own:
                    found.append(f"{where} uses Textual's {node.attr}")
    return found


def test_no_module_reads_or_imports_a_textual_private() -> None:
    own = defined_names(sources(PACKAGE))
    assert scan(sources(PACKAGE), own) == []


def test_no_test_reads_or_imports_a_textual_private() -> None:
    own = defined_names(sources(PACKAGE)) | defined_names(sources(TESTS))
    assert scan(sources(TESTS), own) == []


@lru_cache(maxsize=None)
def written_names(cls: type) -> frozenset[str]:
    """The ``_names`` a class's source defines: in its body, and as ``self._name = ...`` in its methods.

    From the source, not ``vars(cls)``: Textual's metaclass adds its own ``_names``
    (``_css_type_name``, ``_reactives``...) to every subclass.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return frozenset()
    (body,) = tree.body
    assert isinstance(body, ast.ClassDef)
    names: set[str] = set()
    for node in body.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    for node in ast.walk(body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                names.add(target.attr)
    return frozenset(n for n in names if private(n))


@lru_cache(maxsize=None)
def textual_class_names(cls: type) -> frozenset[str]:
    return written_names(cls) | {n for n in vars(cls) if private(n)}


def sahel_classes() -> list[type]:
    seen: list[type] = []
    for info in pkgutil.walk_packages(sahel_tui.__path__, "sahel_tui."):
        if info.name.endswith("__main__"):
            continue  # running it starts the program
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and value.__module__ == info.name and value not in seen:
                seen.append(value)
    return seen


def from_textual(cls: type) -> bool:
    return cls.__module__ == "textual" or cls.__module__.startswith("textual.")


def test_no_class_overrides_or_shadows_a_textual_private() -> None:
    """Checked on every sahel_tui class in the MRO of a Textual subclass: a mixin counts too."""
    found: set[str] = set()
    for cls in sahel_classes():
        bases = [base for base in cls.__mro__[1:] if from_textual(base)]
        if not bases:
            continue
        theirs = frozenset().union(*(textual_class_names(base) for base in bases))
        for own in cls.__mro__:
            if own.__module__.startswith("sahel_tui.") and own.__module__ != "sahel_tui.ui.textual_patches":
                clash = sorted(written_names(own) & theirs)
                if clash:
                    found.add(f"{own.__module__}.{own.__qualname__}: {', '.join(clash)}")
    assert sorted(found) == []


def test_the_scan_catches_each_kind(tmp_path: Path) -> None:
    """The checks above can fail: a file with each kind of use is caught."""
    bad = tmp_path / "probe.py"  # not in the package: tests running beside this one scan it
    try:
        bad.write_text(
            "import textual.drivers._writer_thread\n"
            "from textual.widgets._footer import FooterKey\n"
            "def f(app):\n"
            "    app._batch_count = 0\n"
            "    return app.screen._compositor\n",
            encoding="utf-8",
        )
        found = scan([bad], defined_names(sources(PACKAGE)))
    finally:
        bad.unlink()
    assert len(found) == 4, found

    class Probe(textual.app.App[None]):
        def _display(self, screen: object, renderable: object) -> None:  # pragma: no cover - never run
            pass

    assert "_display" in written_names(Probe) & textual_class_names(textual.app.App)
