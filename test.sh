#!/usr/bin/env bash
# Set everything up and run every check: lint (ruff), types (mypy), layer contracts
# (import-linter) and the test suite (pytest, offscreen Qt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
export QT_QPA_PLATFORM=offscreen

echo "== ruff";          "$BIN/ruff" check src tests benchmarks scripts
                          "$BIN/ruff" format --check src tests benchmarks scripts
echo "== mypy";          "$BIN/mypy"
echo "== import-linter"; "$BIN/lint-imports"
echo "== pytest";        "$BIN/pytest" "$@"
