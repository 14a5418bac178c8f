"""Dependencies point one way.

The core never imports Textual (checked in a fresh interpreter, as harlequin
does), and each package imports only the layers below it (checked on the
source, lazy imports inside functions included):

    infrastructure <- corpus <- store <- analysis <- workspace <- export <- ui <- cli
    (paths, cache, config, tempfiles; every layer may also use ``sahel_tui.errors``)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = [
    "sahel_tui.corpus",
    "sahel_tui.corpus.loader",
    "sahel_tui.analysis",
    "sahel_tui.store",
    "sahel_tui.infrastructure.paths",
    "sahel_tui.infrastructure.cache",
    "sahel_tui.export",
    "sahel_tui.cli",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        f"m = importlib.import_module({module!r})\n"
        "if hasattr(m, '__path__'):\n"
        "    for info in pkgutil.walk_packages(m.__path__, m.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(','.join(bad[:5]))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, f"{module} pulled in textual: {proc.stdout} {proc.stderr[-2000:]}"


def test_cli_help_is_cheap() -> None:
    """`sahel-brief --help` must not pay for textual, sumy, numpy or nltk."""
    code = (
        "import sys\n"
        "from sahel_tui.cli import build_parser\n"
        "build_parser()\n"
        "heavy = [n for n in ('textual', 'sumy', 'numpy', 'nltk', 'rapidfuzz', 'lxml') if n in sys.modules]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


PACKAGE = Path(__file__).resolve().parent.parent / "sahel_tui"

# What each package may import from sahel_tui, besides itself. The top-level modules
# sahel_tui/__init__ (the version) and sahel_tui/errors are open to all.
ALLOWED: dict[str, set[str]] = {
    "infrastructure": set(),
    "corpus": {"infrastructure"},
    "store": {"infrastructure", "corpus"},  # annotations anchor to the corpus's articles
    "analysis": {"infrastructure", "corpus", "store"},  # store: record types (actor edits) passed in
    "startup": {"infrastructure", "corpus"},
    # One corpus's analysis, shared by the app, the CLI and the briefing.
    "workspace": {"infrastructure", "corpus", "store", "analysis", "startup"},
    "export": {"infrastructure", "corpus", "store", "analysis", "workspace"},
    "ui": {"infrastructure", "corpus", "store", "analysis", "workspace", "export", "startup"},
    "cli": {"infrastructure", "corpus", "store", "analysis", "workspace", "export", "startup", "ui"},
}
OPEN = {"", "__init__", "errors", "__main__"}
# The infrastructure modules' old names under store/ (removed once every branch had merged):
# an import of one of them is a layering error, whatever the tree still holds.
ALIASES = {f"sahel_tui.store.{name}" for name in ("paths", "cache", "config", "tempfiles")}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports(path: Path) -> list[tuple[int, str]]:
    """Every sahel_tui module ``path`` imports, at any depth (lazy imports too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "sahel_tui"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sahel_tui":
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names if f"{node.module}.{a.name}" in ALIASES]
    return found


def layering_problems(root: Path) -> list[str]:
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        module = ".".join(rel.with_suffix("").parts)
        if module in ALIASES:
            continue
        source = package_of(module)
        if source in OPEN:
            continue
        for line, target in imports(path):
            if target in ALIASES:
                problems.append(f"{rel}:{line} imports {target}, an alias kept for old branches (use sahel_tui.infrastructure)")
                continue
            dest = package_of(target)
            if dest in OPEN or dest == source:
                continue
            if dest not in ALLOWED.get(source, set()):
                problems.append(f"{rel}:{line} ({source}) imports {target} ({dest})")
    return problems


def test_each_package_imports_only_the_layers_below_it() -> None:
    assert layering_problems(PACKAGE) == []


def test_every_package_has_a_rule() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert packages | modules <= set(ALLOWED) | OPEN, "a new package needs its line in ALLOWED (and in README's map)"


def test_the_layering_check_catches_leaks(tmp_path: Path) -> None:
    """The rule can fail: the leaks this project once had are each caught."""
    root = tmp_path / "sahel_tui"
    for rel, source in {
        "corpus/loader.py": "from sahel_tui.store.annotations import AnnotationStore\n",
        "export/sections/x.py": "def f():\n    from sahel_tui.cli.commands.sources import run\n",
        "ui/widgets/w.py": "import sahel_tui.cli.context\n",
        "infrastructure/cache.py": "from sahel_tui.corpus.model import Article\n",
        "analysis/a.py": "from sahel_tui.ui.app import SahelApp\n",
        "corpus/b.py": "from sahel_tui.store import cache\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(source, encoding="utf-8")
    problems = layering_problems(root)
    assert {p.split(":")[0] for p in problems} == {f"sahel_tui/{rel}" for rel in (
        "corpus/loader.py", "export/sections/x.py", "ui/widgets/w.py", "infrastructure/cache.py", "analysis/a.py", "corpus/b.py",
    )}, problems
