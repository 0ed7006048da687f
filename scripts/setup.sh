#!/usr/bin/env bash
# Sets up everything PeerDesk needs on this machine: the system libraries Qt needs (installed
# with apt-get when running as root on Debian/Ubuntu; otherwise listed for you) and a Python
# virtual environment in .venv with PeerDesk and its development tools.
# Sourced by run.sh and test.sh; safe to run again (it only does what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Qt offscreen (tests) and a real window (the app), per shared STACK.md.
QT_LIBS=(libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
         libxkbcommon0 fonts-dejavu-core)
WINDOW_LIBS=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
             libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)

missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || echo "$pkg"
    done
}

install_system_libraries() {
    command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing to do
    local missing
    missing=$(missing_packages "${QT_LIBS[@]}" "${WINDOW_LIBS[@]}")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system libraries Qt needs: $(echo $missing)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "PeerDesk needs these system libraries; install them with:" >&2
        echo "  sudo apt-get install $(echo $missing)" >&2
        exit 1
    fi
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
            'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "PeerDesk needs Python 3.11, 3.12 or 3.13 (python3 -m venv must work)." >&2
    exit 1
}

install_python_packages() {
    local stamp="$VENV/.peerdesk-installed" wanted
    wanted=$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ]; then
        "$(find_python)" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "Installing PeerDesk and its tools into .venv …"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[dev]"
        echo "$wanted" > "$stamp"
    fi
}

install_system_libraries
install_python_packages
