"""Builders for hostile corpora and a tmux driver, shared by the hostile-input and terminal tests.

Every payload carries a marker string that cannot occur by chance, so a test can
look for the payload itself in the screen, in tmux's state or in the raw bytes
the app wrote, and never mistake the app's own escape sequences for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

# -- article text that tries to drive the terminal or the app -----------------------

CLIPBOARD_PAYLOAD = "U0FIRUwtQ0xJUEJPQVJELVBXTkVE"  # base64 of "SAHEL-CLIPBOARD-PWNED"
TITLE_PAYLOAD = "sahel-pwned-title"
HYPERLINK_PAYLOAD = "https://evil.example/sahel-osc8"
OSC52 = f"\x1b]52;c;{CLIPBOARD_PAYLOAD}\x07"
OSC0 = f"\x1b]0;{TITLE_PAYLOAD}\x07"
CSI_CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"  # CSI as one C1 character
C1_OSC = f"\x9d8;;{HYPERLINK_PAYLOAD}\x9c"  # OSC 8 hyperlink as C1 characters

MARKUP_BOLD = "[bold red]x[/]"
MARKUP_LINK = "[link=https://evil.example]y[/link]"
MARKUP_CLICK = "[@click=app.quit]z[/]"
MARKUP_TITLE = "[@click=app.quit]Quit link[/] and [bold red]Red[/] headline"
MARKUP_BROKEN = "[/] and [/bold] and [link="  # invalid markup: a parser would raise

BENIGN_TITLE = "[Update] Mali talks [PDF] resume [/] today"
HOSTILE_BODY = (
    f"The mission {MARKUP_LINK} reported calm in Kidal. {OSC52}Officials {MARKUP_CLICK} confirmed it.{OSC0}\n\n"
    f"Then {CSI_CLEAR}the screen {C1_CSI}stayed {C1_OSC}intact, said {MARKUP_BOLD} observers.\n\n"
    f"A stray close {MARKUP_BROKEN} is only text in an article.\n"
)


def write_markup_corpus(root: Path) -> Path:
    """Articles whose title, body, front matter and HTML carry escapes and markup.

    File names sort the hostile plain-text article first, so the app opens on it.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "a-hostile.txt").write_text(f"{MARKUP_TITLE}\n\n{HOSTILE_BODY}", encoding="utf-8")
    front = f'---\ntitle: "{MARKUP_CLICK} front \\e]0;{TITLE_PAYLOAD}\\a matter"\nauthor: "{MARKUP_BOLD}"\n---\n\n'
    (root / "b-hostile.md").write_text(front + HOSTILE_BODY, encoding="utf-8")
    page = (
        f"<html><head><title>{MARKUP_CLICK}</title>"
        f'<meta name="author" content="&#27;]0;{TITLE_PAYLOAD}&#7;{MARKUP_BOLD}"></head>'
        f"<body><article><h1>{MARKUP_LINK} page</h1><p>Html &#27;]52;c;{CLIPBOARD_PAYLOAD}&#7;body "
        f"{MARKUP_CLICK} here. More &#x9b;2J text.</p></article></body></html>"
    )
    (root / "c-hostile.html").write_text(page, encoding="utf-8")
    # Not hostile at all: brackets that ordinary titles carry, and a markup parser eats or chokes on.
    (root / "d-calm.txt").write_text(f"{BENIGN_TITLE}\n\nA plain body sentence. Another one here.\n", encoding="utf-8")
    return root


# -- files that try to exhaust or confuse the loader -----------------------------------

GOOD_TEXT = "Good Title Here\n\nThe first sentence is fine. The second one is too.\n"
NEST_DEPTH = 200
HUGE_SIZE = 200 * 1024 * 1024


@dataclass
class FilesCorpus:
    root: Path
    loaded_ids: set[str]  # articles that must load
    skipped: dict[str, str] = field(default_factory=dict)  # printable name -> reason fragment
    unreadable: Path | None = None  # chmod 000 by the test when that can be enforced


def write_files_corpus(root: Path) -> FilesCorpus:
    """Binary, huge, one-line, deep, looping, unreadable and oddly named files."""
    root.mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(root)
    (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    skipped: dict[str, str] = {}
    loaded = {"good"}

    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    skipped["binary.txt"] = "binary file"
    with open(root / "huge.txt", "wb") as fh:
        fh.truncate(HUGE_SIZE)  # sparse: no disk, and it must never be read
    skipped["huge.txt"] = "larger than the 20 MB limit"

    sentence = "The convoy left Gao at dawn and reached Kidal by nightfall, officials said. "
    (root / "one-line.txt").write_text((sentence * (5 * 1024 * 1024 // len(sentence) + 1)).strip(), encoding="utf-8")
    loaded.add("one-line")

    levels = [f"l{level:03d}" for level in range(NEST_DEPTH)]
    os.makedirs(root.joinpath("nest", *levels))
    (root.joinpath("nest", *levels) / "bottom.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root.joinpath("nest", *levels[:5]) / "shallow.txt").write_text(GOOD_TEXT, encoding="utf-8")
    # The walk stops at discover._MAX_DEPTH (32) folders and names where it stopped.
    skipped["/".join(["nest", *levels[:32]])] = "nested deeper than 32 levels"
    loaded.add("nest--l000--l001--l002--l003--l004--shallow")

    (root / "loop-a.txt").symlink_to("loop-b.txt")
    (root / "loop-b.txt").symlink_to("loop-a.txt")
    (root / "cycle").mkdir()
    (root / "cycle" / "back").symlink_to("..", target_is_directory=True)
    skipped["loop-a.txt"] = "symlink loop"
    skipped["loop-b.txt"] = "symlink loop"
    skipped["cycle/back"] = "symlink loop"

    secret = root / "secret.txt"
    secret.write_text(GOOD_TEXT, encoding="utf-8")

    odd_good = [b"new\nline.txt", b"  spaces  inside .txt", "ünïcødé عربي 報告.md".encode(), b"-leading-dash.txt",
                b"--help.txt", b"bad\xffbytes.txt", b"tab\there.txt"]
    for name in odd_good:
        with open(raw + b"/" + name, "wb") as fh:
            fh.write(GOOD_TEXT.encode())
    loaded |= {"new-line", "spaces-inside", "leading-dash", "help", "badbytes", "tab-here", "unicde"}
    with open(raw + b"/odd\nbinary\xff\x1b[31m.txt", "wb") as fh:
        fh.write(b"\x00\x01\x02\x03" * 512)
    skipped["odd\\nbinary\\udcff\\x1b[31m.txt"] = "binary file"
    return FilesCorpus(root, loaded, skipped, secret)


# -- running the CLI in a measured child process -----------------------------------------

MEASURE = """
import json, os, resource, sys, time
started = time.perf_counter()
from sahel_tui.cli import main
status = main(sys.argv[1:])
stats = {"status": status, "seconds": time.perf_counter() - started,
         "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
with open(os.environ["SAHEL_TEST_STATS"], "w") as fh:
    json.dump(stats, fh)
sys.exit(status)
"""


def cli_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SAHEL_BRIEF_CORPUS", None)
    env.update(overrides)
    return env


def run_cli(args: list[str], env: dict[str, str] | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sahel_tui", *args], env=env or cli_env(), capture_output=True, text=True,
        timeout=timeout, **kw,
    )


# -- a real terminal: tmux -------------------------------------------------------------

HAVE_TMUX = shutil.which("tmux") is not None


class Tmux:
    """One private tmux server (``-L``) running the app in a pane of a chosen size.

    The pane's command waits for a go file, so options and the output pipe are
    in place before the app writes its first byte. The shell stays after the
    app exits and prints its status, so a crash is readable in the pane.
    """

    def __init__(self, workdir: Path, width: int = 80, height: int = 24) -> None:
        self.socket = f"sahel-h9-{uuid.uuid4().hex[:12]}"
        self.workdir = workdir
        self.env = dict(os.environ)
        self.width, self.height = width, height
        self.go = workdir / f"{self.socket}.go"
        self.raw = workdir / f"{self.socket}.raw"

    def tmux(self, *args: str, check: bool = False) -> str:
        proc = subprocess.run(
            ["tmux", "-f", "/dev/null", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
            timeout=20,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def start(self, app_args: list[str], env: dict[str, str] | None = None, pipe: bool = False) -> None:
        """Launch ``python -m sahel_tui APP_ARGS`` with ``env`` set in the pane (TERM included)."""
        assignments = " ".join(f"{k}={_sh(v)}" for k, v in (env or {}).items())
        # pytest-xdist workers export COLUMNS/LINES (80x24), and Textual would take them over the pane's size.
        unset = " ".join(f"-u {k}" for k in ("NO_COLOR", "COLORTERM", "COLUMNS", "LINES") if k not in (env or {}))
        args = " ".join(_sh(a) for a in app_args)
        command = (
            f"while [ ! -e {_sh(str(self.go))} ]; do sleep 0.05; done; "
            f"env {unset} {assignments} {_sh(sys.executable)} -m sahel_tui {args}; echo APP-EXIT=$?; sleep 300"
        )
        self.tmux("new-session", "-d", "-s", "app", "-x", str(self.width), "-y", str(self.height), command, check=True)
        self.tmux("set-option", "-g", "status", "off")
        self.tmux("set-option", "-g", "set-clipboard", "on")
        self.tmux("resize-window", "-t", "app", "-x", str(self.width), "-y", str(self.height))
        if pipe:
            self.tmux("pipe-pane", "-o", "-t", "app", f"cat >> {_sh(str(self.raw))}", check=True)
        self.go.touch()

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True, timeout=20)
        for path in (self.go,):
            path.unlink(missing_ok=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            # ESC followed at once by a key reads as alt+key; real typists pause.
            time.sleep(0.15 if key == "Escape" else 0.03)

    def click(self, x: int, y: int) -> None:
        """A left click at 0-based cell (x, y), as an SGR mouse report the app asked for."""
        self.tmux("send-keys", "-t", "app", "-l", f"\x1b[<0;{x + 1};{y + 1}M")
        self.tmux("send-keys", "-t", "app", "-l", f"\x1b[<0;{x + 1};{y + 1}m")
        time.sleep(0.05)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "app", "-x", str(width), "-y", str(height), check=True)

    def pane_size(self) -> tuple[int, int]:
        w, h = self.tmux("display", "-p", "-t", "app", "#{pane_width} #{pane_height}").split()
        return int(w), int(h)

    def title(self) -> str:
        return self.tmux("display", "-p", "-t", "app", "#{pane_title}").strip()

    def buffers(self) -> str:
        names = self.tmux("list-buffers", "-F", "#{buffer_name}").split()
        return "\n".join(self.tmux("show-buffer", "-b", name) for name in names)

    def raw_bytes(self) -> bytes:
        return self.raw.read_bytes() if self.raw.exists() else b""

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        """The screen once ``check`` holds and the app has stopped drawing (two equal captures)."""
        deadline = time.monotonic() + timeout
        screen = previous = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen) and screen == previous:
                return screen
            previous = screen
            if "APP-EXIT=" in screen and not check(screen):
                break  # the app is gone: waiting longer cannot help
            time.sleep(0.1)
        size = self.tmux("display", "-p", "-t", "app", "#{pane_width}x#{pane_height}").strip()
        raise AssertionError(f"timed out waiting for {what} (pane {size}); screen was:\n{screen}")


def _sh(value: str) -> str:
    import shlex

    return shlex.quote(value)


BOX_DRAWING = range(0x2500, 0x2580)
BLOCK_ELEMENTS = range(0x2580, 0x25A0)
