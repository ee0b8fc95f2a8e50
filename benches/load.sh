#!/usr/bin/env bash
# Load run over HTTP against a real `parta serve --demo` on loopback, with wrk.
#   bash benches/load.sh            # 10 s per URL, 64 connections
#   DURATION=30s CONNECTIONS=200 bash benches/load.sh
# Needs wrk (Debian: apt-get install wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
data=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
./target/release/parta serve --demo --data "$data" --listen "127.0.0.1:$PORT" --log warn >/dev/null &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

# Sign in as the teacher through the real form to get a session cookie.
jar="$data/cookies"
page=$(curl -fs -c "$jar" "http://127.0.0.1:$PORT/login")
csrf=$(printf '%s' "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=teacher" --data-urlencode "password=demo" \
  --data-urlencode "next=/" --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$PORT/login"
session=$(awk '$6=="parta_session"{print $7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }

run() {
  echo "== $1"
  shift
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'
}
run "GET /login (signed out)" "http://127.0.0.1:$PORT/login"
run "GET /login gzip" -H "Accept-Encoding: gzip" "http://127.0.0.1:$PORT/login"
run "GET / (teacher, signed in)" -H "Cookie: parta_session=$session" "http://127.0.0.1:$PORT/"
