"""Where the shipped resources (icons, templates, fonts) are, whatever the kind of install."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources folder: inside the package (wheel, PyInstaller) or the checkout (dev)."""
    candidates = [_PACKAGE / "resources", _PACKAGE.parent.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "peerdesk" / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError(
        "PeerDesk's resources folder is missing; the installation looks incomplete."
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
