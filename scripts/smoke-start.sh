#!/usr/bin/env bash
# Starts the tool the way the README's quickstart does, on a fresh embedded database, and checks /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="$(mktemp -d /tmp/smoke-data.XXXXXX)"
PORT="${SMOKE_PORT:-3917}"
LOG="$DATA_DIR/start.log"
# Its own session and process group (setsid keeps the pid), so cleanup stops npm, node and anything they started.
DATA_DIR="$DATA_DIR" PORT="$PORT" PUBLIC_URL="http://localhost:$PORT" DATABASE_URL= NODE_ENV= \
  setsid npm start >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill -TERM -- "-$PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  if body="$(curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null)"; then
    echo "healthz: $body"
    echo "$body" | grep -q '"status":"ok"' && echo "$body" | grep -q '"kind":"pglite"' || { echo "unexpected healthz body" >&2; exit 1; }
    # The quickstart promises a demo to click through: the home page lists its sample users.
    home="$(curl -fsS "http://127.0.0.1:$PORT/")"
    echo "$home" | grep -q '/mod/lti/view.php' || { echo "the home page lists no demo users:" >&2; echo "$home" >&2; exit 1; }
    echo "home page lists the demo users"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "npm start exited early:" >&2; cat "$LOG" >&2; exit 1; fi
  sleep 1
done
echo "npm start did not answer /healthz within 120 s:" >&2
cat "$LOG" >&2
exit 1
