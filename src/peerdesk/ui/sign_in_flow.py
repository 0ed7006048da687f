"""Before the main window: set PeerDesk up, sign in, or unlock with the recovery key.

Which window shows depends on the data folder (SignInService.state): a new or unencrypted
folder gets the set-up dialog, a folder whose key file is missing the recovery dialog,
otherwise the sign-in dialog. The outcome is a SignedIn, a DataFileProblem (the password
was right but the data file needs a backup), or None when the person closed the window.
"""

from __future__ import annotations

import contextlib
import os
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QDialog

from peerdesk.services.sign_in import DataFileProblem, FolderState, SignedIn, SignInService
from peerdesk.ui.recover_dialog import RecoverDialog
from peerdesk.ui.set_up_dialog import SetUpDialog
from peerdesk.ui.sign_in_dialog import SignInDialog
from peerdesk.ui.tasks import TaskRunner

LAST_USER_KEY = "sign_in/last_username"
# Set to the launch time (time.time()) to close the first window as soon as it is up,
# printing how long that took: used by benchmarks/bench_startup.py.
QUIT_WHEN_SHOWN = "PEERDESK_QUIT_WHEN_SHOWN"
Outcome = SignedIn | DataFileProblem | None


def run_sign_in(
    service: SignInService, state: FolderState, settings: QSettings, tasks: TaskRunner
) -> Outcome:
    """Show the right window modally until someone is signed in or it is closed."""
    outcome: list[Outcome] = [None]

    def keep(result: object) -> None:
        if isinstance(result, SignedIn | DataFileProblem):
            outcome[0] = result

    if state in (FolderState.NEW, FolderState.UNENCRYPTED):
        set_up = SetUpDialog(service, state is FolderState.UNENCRYPTED, tasks=tasks)
        set_up.set_up_done.connect(keep)
        set_up.data_problem.connect(keep)
        set_up.exec()
    elif state is FolderState.KEY_FILE_MISSING:
        recover = RecoverDialog(service, tasks=tasks)
        recover.recovered.connect(keep)
        recover.data_problem.connect(keep)
        recover.exec()
    else:
        last = settings.value(LAST_USER_KEY, "")
        dialog = SignInDialog(service, str(last or ""), tasks=tasks)
        dialog.signed_in.connect(keep)
        dialog.data_problem.connect(keep)
        _quit_when_shown(dialog)
        dialog.exec()
    result = outcome[0]
    if isinstance(result, SignedIn):
        settings.setValue(LAST_USER_KEY, result.username)
    return result


def _quit_when_shown(dialog: QDialog) -> None:
    """For the start-up benchmark: say how long since launch the window took, then close."""
    launched = os.environ.get(QUIT_WHEN_SHOWN, "")
    if not launched:
        return

    def report() -> None:
        with contextlib.suppress(ValueError):
            print(f"sign-in window shown after {time.time() - float(launched):.4f} s", flush=True)
        dialog.reject()

    QTimer.singleShot(0, report)
