"""The command line's commands, one module each.

Each module has ``register(commands)``, which adds its parser to the subparsers and sets
``run`` (a ``Runner``) as the parser's default. Modules import the services lazily, inside
``run``, so that ``peerdesk --help`` stays quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Invocation:
    """What a command runs with: its arguments, the data folder, where to write, today."""

    args: argparse.Namespace
    data_dir: Path
    out: TextIO
    err: TextIO
    today: dt.date


Runner = Callable[[Invocation], int]
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    Subparsers = argparse._SubParsersAction
