"""What the user sees when something goes wrong that no form handled.

A disk problem (StorageError: full, read-only, held by another program) is shown in the
service's own plain words. Anything else is shown as an unexpected problem, with the
details written to a log file in the data folder for whoever looks after the laptop. In
both cases the window or dialog stays as it was, with what the user typed.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from peerdesk.services.errors import StorageError

LOG_NAME = "peerdesk-errors.log"
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
Show = Callable[[QWidget | None, str, str], object]


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def message_for(error: BaseException, log: Path | None) -> tuple[str, str]:
    """The title and text to show for an error nobody caught."""
    if isinstance(error, StorageError):
        return "PeerDesk could not save", str(error)
    where = f" The details are in {log}." if log is not None else ""
    return (
        "Something went wrong",
        "PeerDesk ran into a problem it did not expect, so that step was not finished. "
        "Everything saved before is safe, and what you typed is still on screen." + where,
    )


def write_log(
    log: Path, kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> bool:
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            handle.write(f"--- {stamp}\n")
            handle.write("".join(traceback.format_exception(kind, error, tb)))
        return True
    except OSError:
        return False


def install_error_hook(data_dir: Path | None, show: Show = _warn) -> ExceptHook:
    """Replace sys.excepthook; returns the previous hook (tests put it back)."""
    previous = sys.excepthook
    log = data_dir / LOG_NAME if data_dir is not None else None

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        written = (
            log is not None
            and not isinstance(error, StorageError)
            and write_log(log, kind, error, tb)
        )
        title, text = message_for(error, log if written else None)
        if QApplication.instance() is None:
            print(f"peerdesk: {text}", file=sys.stderr)
            return
        show(QApplication.activeWindow(), title, text)

    sys.excepthook = hook
    return previous
