"""The core never imports Textual: checked in a fresh interpreter, as harlequin does."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "sahel_tui.corpus",
    "sahel_tui.corpus.loader",
    "sahel_tui.analysis",
    "sahel_tui.store",
    "sahel_tui.store.paths",
    "sahel_tui.store.cache",
    "sahel_tui.export",
    "sahel_tui.cli",
]


def _optional(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


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
