#!/usr/bin/env bash
# Set everything up and open PeerDesk. An empty data folder is first filled with fictional
# demo data (pass --no-demo to see the first-run set-up instead). Other arguments go to
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
    "$PEERDESK" "${ARGS[@]}" demo --if-empty --staff 120 --months 24
fi
exec "$PEERDESK" "${ARGS[@]}"
