"""Where PeerDesk keeps its data: the platform's user data folder unless told otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATA_DIR_VARIABLE = "PEERDESK_DATA_DIR"
DATABASE_FILE_NAME = "peerdesk.db"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("PeerDesk", appauthor=False, roaming=False))


def resolve_data_dir(option: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """``--data-dir`` wins, then the PEERDESK_DATA_DIR variable, then the platform folder."""
    env = os.environ if environ is None else environ
    chosen = option or env.get(DATA_DIR_VARIABLE) or ""
    if chosen.strip():
        return Path(chosen).expanduser().resolve()
    return default_data_dir()
