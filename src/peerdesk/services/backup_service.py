"""Backups: the automatic daily copy and its rotation, "Back up now", inspecting and restoring.

Works on the data file itself (with SQLite's online backup API), not through sessions, and
imports no SQLAlchemy, so the GUI can use it before the storage layer has loaded. Long work
takes ``progress(done, total)`` and ``is_cancelled()`` so the GUI can run it off its thread.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from peerdesk.domain.backup_rotation import (
    DEFAULT_POLICY,
    BackupKind,
    RotationPolicy,
    backups_to_remove,
    copy_name,
    daily_name,
    first_free_name,
    manual_name,
    parse_backup_name,
)
from peerdesk.services import access_rules
from peerdesk.services.actor import SYSTEM, Actor
from peerdesk.services.backup_views import (
    BackupCancelled,
    BackupEntry,
    BackupProblem,
    BackupSummary,
    BadBackup,
    DailyBackupResult,
    RestoreResult,
    contents_text,
)
from peerdesk.store import backup as store
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DatabaseOpenError, NewerDatabaseError
from peerdesk.store.file_check import check_database_file
from peerdesk.store.location import DATABASE_FILE_NAME
from peerdesk.store.revisions import HEAD, is_known

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
# Records an event in the audit trail: (who, action, subject, details).
RecordEvent = Callable[[Actor, str, str, dict[str, object]], None]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def inspect_backup(
    path: Path, today: dt.date | None = None, key: DatabaseKey | None = None
) -> BackupSummary:
    """What the file at ``path`` holds and whether it can be restored; read-only.

    Never raises for a bad file: ``ok`` is False and ``problem`` says why in plain words.
    """
    day = today or local_now().date()
    empty = _unread(path)
    if not path.is_file():
        problem = (
            f"{path} is a folder, not a backup file."
            if path.is_dir()
            else f"There is no file at {path}."
        )
        return replace(empty, problem=problem)
    try:
        contents = store.read_backup_contents(path, day, key=key)
    except DatabaseOpenError as exc:
        return replace(empty, problem=str(exc))
    if not is_known(contents.revision):
        return replace(
            empty,
            revision=contents.revision,
            problem=f"{path.name} was made by a newer version of PeerDesk (schema "
            f"{contents.revision}). Install that version or newer to restore it.",
        )
    return replace(
        empty,
        ok=True,
        revision=contents.revision,
        people=contents.people,
        current_staff=contents.current_staff,
        supervision_sessions=contents.supervision_sessions,
        last_change=contents.last_change.astimezone() if contents.last_change else None,
        needs_upgrade=contents.revision != HEAD,
    )


def _unread(path: Path) -> BackupSummary:
    """A summary of a file not (yet) read: when it was made, its size, nothing more."""
    made, kind, exact = _made_at(path)
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    return BackupSummary(
        path=path,
        ok=False,
        problem="",
        revision="",
        people=0,
        current_staff=0,
        supervision_sessions=0,
        last_change=None,
        size=size,
        made_at=made,
        kind=kind,
        exact_time=exact,
    )


def _made_at(path: Path) -> tuple[dt.datetime, BackupKind, bool]:
    """When a backup was made, its kind, and whether the time of day is known: the time
    comes from its name when that holds it, else from the file."""
    parsed = parse_backup_name(path.name)
    try:
        modified: dt.datetime | None = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        modified = None
    if parsed is None:
        return modified or local_now(), BackupKind.OTHER, modified is not None
    if parsed.has_time:
        return parsed.made.astimezone(), parsed.kind, True
    # a daily backup's name holds only its day; the file's time says when on that day
    if modified is not None and modified.date() == parsed.day:
        return modified, parsed.kind, True
    return parsed.made.astimezone(), parsed.kind, False


class BackupService:
    """Backups of the PeerDesk data file at ``database_path``, kept in ``backups/`` beside it."""

    def __init__(
        self,
        database_path: Path,
        now: Callable[[], dt.datetime] = local_now,
        policy: RotationPolicy = DEFAULT_POLICY,
        *,
        key: DatabaseKey | None = None,
        record: RecordEvent | None = None,
    ) -> None:
        """``key``: the data key while signed in (backups are encrypted with it).
        ``record``: puts backups made into the audit trail."""
        self._path = database_path
        self._now = now
        self._policy = policy
        self._key = key
        self._record = record

    @classmethod
    def for_data_dir(
        cls,
        data_dir: Path,
        now: Callable[[], dt.datetime] = local_now,
        *,
        key: DatabaseKey | None = None,
        record: RecordEvent | None = None,
    ) -> BackupService:
        return cls(data_dir / DATABASE_FILE_NAME, now=now, key=key, record=record)

    @property
    def database_path(self) -> Path:
        return self._path

    @property
    def folder(self) -> Path:
        return store.backup_folder(self._path)

    # -- the list ---------------------------------------------------------------------------

    def list_backups(self, actor: Actor | None = None) -> list[BackupEntry]:
        """Every backup in ``backups/``, newest first."""
        if actor is not None:
            access_rules.require_administrator(actor, "see or make backups")
        try:
            files = [p for p in self.folder.iterdir() if p.suffix == ".db" and p.is_file()]
        except OSError:
            return []
        entries = []
        for path in files:
            try:
                size = path.stat().st_size
            except OSError:
                continue
            made, kind, exact = _made_at(path)
            entries.append(
                BackupEntry(path=path, kind=kind, made_at=made, size=size, exact_time=exact)
            )
        return sorted(entries, key=lambda e: (e.made_at, e.path.name), reverse=True)

    # -- automatic daily backup -------------------------------------------------------------

    def needs_daily_backup(self) -> bool:
        today = self._now().date()
        return self._path.is_file() and not any(
            entry.kind is BackupKind.DAILY and entry.made_at.date() == today
            for entry in self.list_backups()
        )

    def make_daily_backup(
        self, progress: Progress | None = None, is_cancelled: IsCancelled | None = None
    ) -> DailyBackupResult:
        """Make today's automatic backup if there is none yet, then rotate the old ones.

        Raises BackupProblem (in plain words) when the copy could not be made; old backups
        are then left as they were.
        """
        if not self.needs_daily_backup():
            return DailyBackupResult(made=None)
        now = self._now()
        destination = self.folder / daily_name(now.date())
        entry = self._copy(destination, progress, is_cancelled, SYSTEM, "daily")
        return DailyBackupResult(made=entry, removed=self.rotate())

    def rotate(self) -> tuple[Path, ...]:
        """Delete the daily backups the rotation rule no longer keeps; return them."""
        today = self._now().date()
        daily: dict[dt.date, Path] = {}
        for path in self._files():
            parsed = parse_backup_name(path.name)
            if parsed is not None and parsed.kind.rotated:
                daily[parsed.day] = path
        removed = []
        for day in sorted(backups_to_remove(daily, today, self._policy)):
            try:
                daily[day].unlink()
            except OSError:
                continue  # tried again next time
            removed.append(daily[day])
        return tuple(removed)

    def _files(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.is_file()]
        except OSError:
            return []

    # -- back up now ------------------------------------------------------------------------

    def back_up_to(
        self,
        actor: Actor,
        target: Path,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> BackupEntry:
        """Copy the data to ``target``: a folder (the copy is named
        ``peerdesk-backup-YYYYMMDD-HHMM.db`` in it) or a file name."""
        access_rules.require_administrator(actor, "see or make backups")
        if target.is_dir():
            destination = target / first_free_name(
                lambda number: copy_name(self._now(), number), lambda n: (target / n).exists()
            )
        else:
            if not target.parent.is_dir():
                raise BackupProblem(f"There is no folder {target.parent} to put the backup in.")
            destination = target
        self._refuse_own_files(destination)
        return self._copy(destination, progress, is_cancelled, actor, "to a file")

    def back_up_manual(
        self,
        actor: Actor,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> BackupEntry:
        """A backup on request into ``backups/`` (``peerdesk-manual-…``), never rotated."""
        access_rules.require_administrator(actor, "see or make backups")
        folder = self.folder
        destination = folder / first_free_name(
            lambda number: manual_name(self._now(), number), lambda n: (folder / n).exists()
        )
        return self._copy(destination, progress, is_cancelled, actor, "on request")

    def _refuse_own_files(self, destination: Path) -> None:
        own = {self._path, *(self._path.with_name(self._path.name + s) for s in _SIDE_FILES)}
        if destination.resolve() in {p.resolve() for p in own}:
            raise BackupProblem(
                f"{destination} is PeerDesk's own data file; choose another name for the backup."
            )

    def _copy(
        self,
        destination: Path,
        progress: Progress | None,
        is_cancelled: IsCancelled | None,
        actor: Actor,
        kind: str,
    ) -> BackupEntry:
        if not self._path.is_file():
            raise BackupProblem(f"There is no PeerDesk data in {self._path.parent} to back up.")
        try:
            check_database_file(self._path, thorough=True, key=self._key)
            store.backup_database(
                self._path,
                destination,
                progress=progress,
                is_cancelled=is_cancelled,
                key=self._key,
            )
        except store.BackupCancelled as exc:
            raise BackupCancelled(str(exc)) from exc
        except (store.BackupError, DatabaseOpenError) as exc:
            raise BackupProblem(str(exc)) from exc
        made, backup_kind, exact = _made_at(destination)
        entry = BackupEntry(
            path=destination,
            kind=backup_kind,
            made_at=made,
            size=destination.stat().st_size,
            exact_time=exact,
        )
        if self._record is not None:
            self._record(
                actor, "backup", destination.name, {"kind": kind, "file": str(destination)}
            )
        return entry

    # -- inspecting and restoring -----------------------------------------------------------

    def inspect(self, path: Path) -> BackupSummary:
        if self._is_own_file(path):  # not even read: the app may have it open
            return replace(
                _unread(path), problem=f"{path} is PeerDesk's own data file, not a backup of it."
            )
        return inspect_backup(path, self._now().date(), self._key)

    def _is_own_file(self, path: Path) -> bool:
        try:
            return self._path.exists() and os.path.samefile(path, self._path)
        except OSError:
            return False

    def newest_good_backup(self) -> BackupSummary | None:
        """The newest backup in ``backups/`` that can be restored, checked read-only."""
        for entry in self.list_backups():
            summary = self.inspect(entry.path)
            if summary.ok:
                return summary
        return None

    def offer_after_failure(self, error: BaseException) -> BackupSummary | None:
        """When the data file could not be opened: the backup to offer instead, if any.

        Only for a damaged file: not for one from a newer PeerDesk, one PeerDesk may not
        read (permissions), a folder in its place, or a healthy file that failed for
        another reason (an upgrade that could not finish).
        """
        if isinstance(error, NewerDatabaseError) or not isinstance(error, DatabaseOpenError):
            return None
        if not self._path.is_file() or not os.access(self._path, os.R_OK):
            return None
        try:
            check_database_file(self._path, thorough=True, key=self._key)
        except DatabaseOpenError:
            return self.newest_good_backup()
        return None

    def damage_hint(self) -> str | None:
        """For `peerdesk check` on a damaged file: the newest good backup, and how to restore."""
        try:
            check_database_file(self._path, thorough=True, key=self._key)
        except NewerDatabaseError:
            return None
        except DatabaseOpenError as exc:
            offer = self.offer_after_failure(exc)
            if offer is None:
                return "There is no good backup in the backups folder to restore."
            return (
                f"The newest good backup is {offer.path} (made {offer.made_text}: "
                f'{contents_text(offer)}). Restore it with: peerdesk restore "{offer.path}"'
            )
        return None

    def open_elsewhere(self) -> str | None:
        """Why the data folder must not be restored now, if another PeerDesk has it open."""
        pid = store.running_instance(self._path.parent)
        if pid is None:
            return None
        return (
            f"PeerDesk is open on this data folder (process {pid}). Close it first, then "
            "restore. Nothing was changed."
        )

    def restore(
        self, actor: Actor, backup_path: Path, progress: Progress | None = None
    ) -> RestoreResult:
        """Put a backup in place of the current data, which is kept aside in ``backups/``.

        Only an administrator may. Must not be called while the data file is open.
        Raises BadBackup for a backup that cannot be restored and BackupProblem when the
        restore could not be done; in both cases the current data is unchanged.
        """
        access_rules.require_administrator(actor, "restore a backup")
        busy = self.open_elsewhere()
        if busy is not None:
            raise BackupProblem(busy)
        try:
            kept = store.restore_database(
                self._path,
                backup_path,
                self._now().astimezone(dt.UTC),
                progress=progress,
                key=self._key,
            )
        except store.BadBackupError as exc:
            raise BadBackup(str(exc)) from exc
        except store.BackupError as exc:
            raise BackupProblem(f"{exc} The current data was not changed.") from exc
        try:
            needs_upgrade = check_database_file(self._path, thorough=False, key=self._key) != HEAD
        except DatabaseOpenError:
            needs_upgrade = False
        if not needs_upgrade:
            self._record_restore(actor, backup_path, kept)
        return RestoreResult(
            restored_from=backup_path, kept_aside=kept, needs_upgrade=needs_upgrade
        )

    def _record_restore(self, actor: Actor, backup_path: Path, kept: Path | None) -> None:
        """Put the restore into the restored data's own audit trail (the trail it replaced
        is kept aside with the data it belonged to)."""
        from peerdesk.services.audit_service import AuditLog  # SQLAlchemy: not at start-up
        from peerdesk.store.database import open_database

        try:
            database = open_database(self._path, key=self._key)
        except DatabaseOpenError:
            return
        try:
            details: dict[str, object] = {"backup": str(backup_path)}
            if kept is not None:
                details["kept_aside"] = str(kept)
            AuditLog(database.sessions).record(
                actor, "restored a backup", backup_path.name, details
            )
        finally:
            database.close()


_SIDE_FILES = ("-wal", "-shm", "-journal")
