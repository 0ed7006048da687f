#!/usr/bin/env bash
# Set everything up and open PeerDesk. A new data folder is first filled with fictional
# demo data, signed in as "admin" / "PeerDesk demo 2026" (pass --no-demo to see the
# first-run set-up instead). Other arguments go to
# peerdesk, e.g. ./run.sh --data-dir /tmp/peerdesk-try
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$ROOT/scripts/setup.sh"
PEERDESK="$ROOT/.venv/bin/peerdesk"

DEMO=1
ARGS=()
for arg in "$@"; do
    if [ "$arg" = "--no-demo" ]; then DEMO=0; else ARGS+=("$arg"); fi
done
if [ "$DEMO" = "1" ]; then
    # A new data folder only: its administrator is "admin" with the documented demo
    # password (README.md), unless PEERDESK_USER / PEERDESK_PASSWORD say otherwise.
    PEERDESK_USER="${PEERDESK_USER:-admin}" PEERDESK_PASSWORD="${PEERDESK_PASSWORD:-PeerDesk demo 2026}" \
        "$PEERDESK" "${ARGS[@]}" demo --if-empty --staff 120 --months 24
fi
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
    && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "PeerDesk is set up, but there is no screen to open it on (DISPLAY is not set)." >&2
    echo "Run ./run.sh from your desktop session, or under Xvfb: xvfb-run ./run.sh" >&2
    exit 1
fi
exec "$PEERDESK" "${ARGS[@]}"
