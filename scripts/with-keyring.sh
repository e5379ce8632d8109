#!/usr/bin/env bash
# with-keyring.sh <command...>: runs a command against a real Secret Service (gnome-keyring under a
# private D-Bus session, throwaway keyring folder), the way Callboard's keychain runs on a Linux desktop.
# Elsewhere (macOS, Windows, or a Linux session that already has a Secret Service) it just runs the command.
set -euo pipefail
if [ "$(uname -s)" != "Linux" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: gnome-keyring and dbus are needed for the keychain tests (apt install gnome-keyring dbus libsecret-1-0)" >&2
  exit 2
fi
T="$(mktemp -d)"; mkdir -m 700 "$T/data" "$T/run"
trap 'rm -rf "$T"' EXIT
XDG_DATA_HOME="$T/data" XDG_RUNTIME_DIR="$T/run" dbus-run-session -- bash -c '
  set -u
  printf %s ci-keyring-pass | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  GKD=$!
  trap "kill $GKD 2>/dev/null; wait $GKD 2>/dev/null" EXIT
  for _ in $(seq 1 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.1
  done
  export CALLBOARD_REAL_KEYCHAIN=1
  "$@"' _ "$@"
