"""The air-gap path end to end: wheelhouse -> fresh venv -> run, with no network.

The wheelhouse is built from the local pip cache (network allowed for that step
only, as on the connected side of an air gap); the install and every run happen
inside `unshare -rn`, a user+network namespace with no interfaces but loopback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _unshare_works() -> str | None:
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare -rn is not permitted here: {probe.stderr.strip()}"
    return None


pytestmark = pytest.mark.slow


def test_offline_install_and_run(tmp_path: Path) -> None:
    reason = _unshare_works()
    if reason:
        pytest.skip(reason)
    wheelhouse = tmp_path / "wheelhouse"
    build = subprocess.run(
        ["bash", str(REPO / ".ci" / "wheelhouse.sh"), str(wheelhouse), "", "", sys.executable],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    assert any(p.name.startswith("sahel_brief-") for p in wheelhouse.iterdir())

    home = tmp_path / "home"
    work = tmp_path / "elsewhere"  # not the repository: the seeds must come from the wheel
    home.mkdir()
    work.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        # Only the wheelhouse: no index, no machine-wide find-links.
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    venv = tmp_path / "venv"
    script = f"""
set -e
{sys.executable} -m venv {venv}
{venv}/bin/pip install --quiet --no-index --find-links {wheelhouse} sahel-brief
cd {work}
{venv}/bin/sahel-brief --version
{venv}/bin/sahel-brief sources --json > sources.json
{venv}/bin/sahel-brief export -o - > briefing.md
"""
    run = subprocess.run(["unshare", "-rn", "bash", "-c", script], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    import json

    sources = json.loads((work / "sources.json").read_text())
    assert len(sources) == 3
    assert "site-packages" in sources[0]["path"]  # the bundled seeds came from the wheel
    briefing = (work / "briefing.md").read_text()
    assert briefing.startswith("---\n")
    assert "Algeria" in briefing
    # Nothing was written to the real home or to the repository by the run.
    assert not (REPO / "sources.json").exists()
