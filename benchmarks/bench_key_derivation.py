"""What encryption costs: one sign-in try (argon2id), a connection, and writing and reading.

The issue asks for 0.3-1 s per password try at no less than t=3, m=64 MiB, p=4; the
standard cost (store/keyring.py STANDARD) is measured here with the real Keyring, as a
sign-in does it. Then, on the same data, plain SQLite against SQLCipher with the raw
32-byte key: opening a connection, inserting 20,000 rows and reading them back.

    .venv/bin/python benchmarks/bench_key_derivation.py [--tries 7]

Prints the median and the range of the tries in seconds, then milliseconds per operation.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.keyring import MINIMUM, STANDARD, Keyring

ROWS = 20_000


def sign_in_tries(folder: Path, tries: int) -> list[float]:
    ring = Keyring(folder / "peerdesk.keys", derivation=STANDARD)
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    times = []
    for _ in range(tries):
        start = time.perf_counter()
        ring.unlock("amara", "correct horse battery").drop()
        times.append(time.perf_counter() - start)
    return times


def database_costs(folder: Path, key: DatabaseKey | None) -> tuple[float, float, float]:
    path = folder / ("encrypted.db" if key else "plain.db")
    start = time.perf_counter()
    conn = sqlite_driver.connect(path, key)
    conn.execute("PRAGMA journal_mode=WAL")
    connect = time.perf_counter() - start
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO note (body) VALUES (?)",
            ((f"Talked through the week, note {n}. " * 4,) for n in range(ROWS)),
        )
    insert = time.perf_counter() - start
    start = time.perf_counter()
    total = sum(len(row[0]) for row in conn.execute("SELECT body FROM note"))
    read = time.perf_counter() - start
    assert total > 0
    conn.close()
    return connect, insert, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=7)
    args = parser.parse_args()
    assert STANDARD.meets(MINIMUM)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        times = sign_in_tries(folder, args.tries)
        print(
            f"sign-in try (argon2id t={STANDARD.time_cost}, m={STANDARD.memory_kib // 1024} MiB, "
            f"p={STANDARD.parallelism}): median {statistics.median(times):.3f} s, "
            f"range {min(times):.3f}-{max(times):.3f} s over {args.tries} tries"
        )
        plain = database_costs(folder, None)
        encrypted = database_costs(folder, DatabaseKey.generate())
        for label, a, b in zip(
            ("connect", f"insert {ROWS:,} rows", f"read {ROWS:,} rows"),
            plain,
            encrypted,
            strict=True,
        ):
            print(f"{label}: plain {a * 1000:.2f} ms, encrypted {b * 1000:.2f} ms ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
