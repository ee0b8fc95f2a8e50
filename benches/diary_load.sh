#!/usr/bin/env bash
# The diary week page under load over HTTP: a real `parta serve --demo` (release build) on
# loopback, the demo student signed in through the real form, wrk with 200 connections on
# /diary/{student}?week={this Monday}. The target is at least 2,000 pages/s.
#   bash benches/diary_load.sh
#   DURATION=30s CONNECTIONS=200 THREADS=2 bash benches/diary_load.sh
# Needs wrk (Debian: apt-get install wrk) and curl. wrk runs on the same cores as the server:
# one wrk thread (the default) drives 200 connections and leaves the server more of them.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-1}
PORT=${PORT:-18081}
TARGET=${TARGET:-2000}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
data=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
started=$(date +%s.%N)
./target/release/parta serve --demo --data "$data/data" --listen "127.0.0.1:$PORT" --log warn >/dev/null &
server=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 600); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$base/healthz" >/dev/null || { echo "the server did not start" >&2; exit 1; }
awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "demo school seeded and serving after %.1f s\n", b - a }'

# Sign in as the demo student through the real form: GET /login for the CSRF cookie and
# token, then POST the form.
jar="$data/cookies"
page=$(curl -fs -c "$jar" "$base/login")
csrf=$(printf '%s' "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=student" --data-urlencode "password=demo" \
  --data-urlencode "next=/" --data-urlencode "_csrf=$csrf" "$base/login"
session=$(awk '$6=="parta_session"{print $7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }

# The student's own diary, this week (Moscow).
diary=$(curl -fs -o /dev/null -w '%{redirect_url}' -b "$jar" "$base/diary")
[ -n "$diary" ] || { echo "GET /diary did not redirect to the student's diary" >&2; exit 1; }
today=$(TZ=Europe/Moscow date +%F)
monday=$(date -d "$today -$(( $(date -d "$today" +%u) - 1 )) days" +%F)
url="$diary?week=$monday"
status=$(curl -s -o "$data/page.html" -w '%{http_code}' -b "$jar" "$url")
echo "GET ${url#$base}: $status, $(wc -c <"$data/page.html") bytes"
[ "$status" = 200 ] || { echo "the diary week page is not there (status $status)" >&2; exit 1; }

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION: GET /diary/{student}?week=$monday"
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: parta_session=$session" "$url")
printf '%s\n' "$out" | grep -E 'Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|Socket errors|requests in'
rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/{print int($2)}')
if [ "$rps" -ge "$TARGET" ]; then
  echo "OK: $rps pages/s (target $TARGET)"
else
  echo "BELOW TARGET: $rps pages/s (target $TARGET)"
fi
