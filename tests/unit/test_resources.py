"""The resources folder reaches the app in a checkout and in a built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from peerdesk.resources import resource_path, resources_dir

ROOT = Path(__file__).resolve().parents[2]


def test_resources_are_found_in_a_checkout() -> None:
    assert resources_dir() == ROOT / "resources"
    icon = resource_path("icons", "peerdesk.svg")
    assert icon.read_text(encoding="utf-8").startswith("<svg")


def test_a_built_wheel_carries_resources_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("peerdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "peerdesk/resources/icons/peerdesk.svg" in names
    assert "peerdesk/store/migrations/env.py" in names
    assert "peerdesk/store/migrations/versions/0001_initial.py" in names
    assert "peerdesk/store/migrations/script.py.mako" in names
