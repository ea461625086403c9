#!/usr/bin/env bash
# Starts pcscd (PC/SC daemon) with the vsmartcard-vpcd virtual reader for the card integration tests and
# prints the variable that makes those tests mandatory:
#   MADOGUCHI_TEST_PCSC=1   electron/core/devices/card/pcsc.integration.test.ts fails instead of skipping
# Usage: eval "$(bash scripts/ci-pcscd.sh)" (npm test runs it). Idempotent: an already running pcscd serving vpcd is
# kept; one without the vpcd reader is restarted once.
# Needs the Debian packages pcscd, vsmartcard-vpcd and libpcsclite-dev (and root, as in CI).
#
# The variable is printed even when starting fails: `npm test` stops on the exit status, and a bare
# `eval "$(...)"` (which does not) then fails in the tests with the reason instead of quietly skipping them.
# Diagnostics go to stderr.
# pcscd never runs with -a (APDU logging): it would log PINs if a real card were ever put on a reader.
set -euo pipefail
trap 'echo "export MADOGUCHI_TEST_PCSC=1"' EXIT

vpcd_port=35963
log="${TMPDIR:-/tmp}/madoguchi-pcscd.log"
pidfile=/run/pcscd/pcscd.pid

pcscd_running() {
  local pid
  pid=$(tr -dc '0-9' 2>/dev/null <"$pidfile" || true) # pcscd ends the number with a NUL byte
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return 0; fi
  command -v pgrep >/dev/null && pgrep -x pcscd >/dev/null
}

# Whether something listens on the vpcd port. Read from /proc rather than by connecting: to vpcd a connection
# *is* a card being put on the reader.
vpcd_listening() {
  local hex
  hex=$(printf ':%04X' "$vpcd_port")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v port="$hex" '$2 ~ port"$" && $4 == "0A" { found = 1 } END { exit !found }'
}

if ! command -v pcscd >/dev/null; then
  echo "ci-pcscd: pcscd is not installed (apt-get install pcscd vsmartcard-vpcd libpcsclite-dev)" >&2
  exit 1
fi
if [ ! -e /etc/reader.conf.d/vpcd ]; then
  echo "ci-pcscd: vsmartcard-vpcd is not installed (no /etc/reader.conf.d/vpcd)" >&2
  exit 1
fi

start_pcscd() {
  # Output to a file, not to our stdout: the caller's $(...) would otherwise wait for pcscd to exit.
  nohup pcscd --foreground </dev/null >>"$log" 2>&1 &
  echo "ci-pcscd: started pcscd (pid $!, log $log)" >&2
}

wait_for_vpcd() {
  for _ in $(seq 1 75); do # 75 × 0.2 s = 15 s
    if vpcd_listening; then
      echo "ci-pcscd: vpcd listens on 127.0.0.1:$vpcd_port" >&2
      return 0
    fi
    sleep 0.2
  done
  return 1
}

if pcscd_running; then
  echo "ci-pcscd: pcscd already running" >&2
  if wait_for_vpcd; then exit 0; fi
  # A pcscd started before vsmartcard-vpcd was installed (apt may start it) never loads the vpcd driver: restart it
  # once, so a second `npm test` or a freshly installed machine recovers instead of failing.
  echo "ci-pcscd: the running pcscd has no vpcd reader: restarting it" >&2
  pid=$(tr -dc '0-9' 2>/dev/null <"$pidfile" || true)
  [ -n "$pid" ] || pid=$(pgrep -x pcscd | head -n 1 || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
fi
pcscd_running || start_pcscd
if wait_for_vpcd; then exit 0; fi
echo "ci-pcscd: vpcd did not listen on port $vpcd_port within 15 s (see $log)" >&2
exit 1
