#!/bin/sh
# bench/run.sh -- the national-scale benchmark of issue 7 (docs/PERFORMANCE.md).
# Generates a country with build/bench/gen, then measures, each beside a
# baseline taken in the same run on the same machine:
#   1. `caunoi import members` against the sqlite3 shell's `.import` of the
#      same CSV into a plain table without checks;
#   2. member search through the API, 32 connections (wrk, 10 s);
#   3. reading one member with keep-alive against nginx serving the same JSON
#      as a static file (wrk, 32 connections, 10 s each);
#   4. a mixed load at 64 connections for a fixed time: reading trips and
#      lists (80 %), filing drafts and deciding trips (20 %), as an officer
#      of the whole tree: throughput, p99, errors (must be zero);
#   5. `caunoi check` (the compliance scan) over the whole country and over
#      one province;
#   7. the server's peak resident memory (VmHWM) and the database size.
#   6. the statistics of the whole country for twenty years (GET /stats); All traffic is to 127.0.0.1; every load is
# bounded in time; the server and nginx are started here and stopped here.
# Usage: bench/run.sh [--scale F] [--seed N] [--keep]
set -eu

SCALE=0.01
SEED=7
KEEP=0
DURATION=${BENCH_DURATION:-10s}
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: bench/run.sh [--scale F] [--seed N] [--keep]" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CAUNOI=$ROOT/build/caunoi
GEN=$ROOT/build/bench/gen
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
W=$(mktemp -d "${TMPDIR:-/tmp}/caunoi-bench.XXXXXX")
SERVER_PID=""
NGINX_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
  if [ "$KEEP" = 1 ]; then echo "bench: kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# wrk's "Latency Distribution" value for a percentile, in ms.
wrk_pct() {
  awk -v p="$1%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }' "$2"
}
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_errors() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
    END { print n + 0 }' "$1"
}

echo "== caunoi benchmark: scale $SCALE, seed $SEED, $(nproc) CPUs, $(uname -r), commit $(git -C "$ROOT" rev-parse --short HEAD)"
t0=$(now)
TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)
"$GEN" --scale "$SCALE" --seed "$SEED" --out "$W" --today "$TODAY"
t1=$(now)
echo "generate: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, $(cat "$W"/members-*.csv | wc -l) lines of CSV"

# ---- 1. import -----------------------------------------------------------
DB=$W/caunoi.db
RAW=$W/raw.db
"$CAUNOI" init --db "$DB" >/dev/null 2>&1
sqlite3 "$DB" <"$W/units.sql"
t0=$(now)
for f in "$W"/members-*.csv; do
  "$CAUNOI" import members "$f" --db "$DB" >"$W/import.out" 2>"$W/import.err" || {
    echo "bench: import of $f failed:" >&2; head -20 "$W/import.err" >&2; exit 1; }
done
t1=$(now)
IMPORT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
# The baseline: the same files into a plain table of the CSV's columns, no
# checks, no indexes, no search index, one transaction per file.
"$CAUNOI" init --db "$RAW" >/dev/null 2>&1
sqlite3 "$RAW" "CREATE TABLE raw (full_name, sex, birth_date, cccd, card_number, admitted_on, official_on, unit_code, phone);"
t0=$(now)
for f in "$W"/members-*.csv; do
  sqlite3 "$RAW" ".import --csv --skip 1 $f raw"
done
t1=$(now)
RAW_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
N_MEMBERS=$(sqlite3 "$DB" "SELECT count(*) FROM members")
echo "1. import $N_MEMBERS members: caunoi ${IMPORT_S} s, sqlite3 .import ${RAW_S} s, ratio $(ratio "$IMPORT_S" "$RAW_S")x (target <= 2x)"

# The trips of twenty years, straight into the tables (the generator's
# shortcut, like the units); the scan; then a pool of trips awaiting a
# decision for the mixed load.
t0=$(now)
sqlite3 "$DB" <"$W/trips.sql"
t1=$(now)
N_TRIPS=$(sqlite3 "$DB" "SELECT count(*) FROM trips")
ABROAD=$(sqlite3 "$DB" "SELECT count(*) FROM trips WHERE state IN ('departed', 'extension_requested')")
echo "   trips: $N_TRIPS loaded in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s ($ABROAD abroad today)"

# ---- 5. the compliance scan (before the mixed load adds its trips) -------
PROV=$(sqlite3 "$DB" "SELECT code FROM units WHERE depth = 1 AND country IS NULL AND code <> 'NN' ORDER BY id LIMIT 1")
t0=$(now)
"$CAUNOI" check --db "$DB" >"$W/check.out" 2>"$W/check.err" || [ $? = 3 ]
t1=$(now)
"$CAUNOI" check --db "$DB" --unit "$PROV" >/dev/null 2>"$W/check-prov.err" || [ $? = 3 ]
t2=$(now)
echo "5. compliance scan: whole country $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s (target < 5 s; $(cat "$W/check.err")); province $PROV $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }') s"

# Enough for a decision in every tenth request at any rate this machine
# reaches (10 s at 10,000 req/s), one pool trip per member at most.
POOL=$(awk -v n="$N_MEMBERS" 'BEGIN { p = n; if (p > 50000) p = 50000; print p }')
sqlite3 "$DB" "BEGIN;
INSERT INTO trips (member_id, state, purpose, planned_departure, planned_return, payer,
  submitted_on, opinion_on, cell_opinion, state_since, created_by, created_at, updated_at)
  SELECT id, 'cell_reviewed', 'tourism', date('$TODAY', '+40 days'), date('$TODAY', '+50 days'),
  'self', '$TODAY', '$TODAY', 'agree', '${TODAY}T00:00:00Z', 'bench', '${TODAY}T00:00:00Z',
  '${TODAY}T00:00:00Z' FROM members ORDER BY id LIMIT $POOL;
INSERT INTO trip_countries (trip_id, position, country)
  SELECT id, 0, 'JP' FROM trips WHERE id > $N_TRIPS;
COMMIT;"
echo "   $POOL more trips awaiting a decision, for the mixed load"

# ---- the server and an administrator's session ---------------------------
ACCT=$("$CAUNOI" user add --role admin --login bench --json --db "$DB" 2>/dev/null)
LOGIN=$(printf '%s' "$ACCT" | jq -r .login)
PASS=$(printf '%s' "$ACCT" | jq -r .password)
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
"$CAUNOI" serve --db "$DB" --listen "127.0.0.1:$PORT" --web "$ROOT/web" \
  --vendor "$ROOT/build/vendor" --no-daily-scan >"$W/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "$URL/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -s -D "$W/h" -o "$W/session.json" -H 'Content-Type: application/json' \
  --data "$(jq -n --arg l "$LOGIN" --arg p "$PASS" '{login: $l, password: $p}')" "$URL/api/v1/session"
COOKIE=$(awk 'tolower($1) == "set-cookie:" { sub(/;.*/, "", $2); print $2 }' "$W/h" | tr -d '\r' | head -1)
CSRF=$(jq -r .csrf_token "$W/session.json")
NEWPASS='Cầu nối đo tải 2026 bền bỉ!'
curl -sf -o /dev/null -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  --data "$(jq -n --arg o "$PASS" --arg n "$NEWPASS" '{current_password: $o, new_password: $n}')" \
  "$URL/api/v1/me/password" || { echo "bench: password change failed" >&2; exit 1; }
curl -sf -o /dev/null -H "Cookie: $COOKIE" "$URL/api/v1/members?q=nguyen&limit=1" ||
  { echo "bench: the session does not search" >&2; exit 1; }

# ---- 2. search -----------------------------------------------------------
cat >"$W/search.lua" <<EOF
local queries = {}
for line in io.lines("$W/queries.txt") do
  queries[#queries + 1] = line:gsub(" ", "+")
end
local i = 0
wrk.headers["Cookie"] = "$COOKIE"
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/api/v1/members?q=" .. queries[i])
end
EOF
wrk -t 2 -c 32 -d "$DURATION" --latency -s "$W/search.lua" "$URL" >"$W/search.wrk"
echo "2. search, 32 connections: $(wrk_rps "$W/search.wrk") req/s, p50 $(wrk_pct 50 "$W/search.wrk") ms, p99 $(wrk_pct 99 "$W/search.wrk") ms (target p99 < 10 ms), errors $(wrk_errors "$W/search.wrk")"

# ---- 3. one member with keep-alive, against nginx ------------------------
MID=$(sqlite3 "$DB" "SELECT id FROM members ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM members)")
mkdir -p "$W/www"
curl -sf -H "Cookie: $COOKIE" -o "$W/www/member.json" "$URL/api/v1/members/$MID"
NPORT=$(free_port)
mkdir -p "$W/nginx"
cat >"$W/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $W/nginx;
  proxy_temp_path $W/nginx;
  fastcgi_temp_path $W/nginx;
  uwsgi_temp_path $W/nginx;
  scgi_temp_path $W/nginx;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NPORT;
    root $W/www;
  }
}
EOF
"$NGINX" -c "$W/nginx/nginx.conf" -p "$W/nginx" 2>"$W/nginx/start.log" &
NGINX_PID=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$NPORT/member.json" >/dev/null 2>&1 && break
  sleep 0.1
done
cat >"$W/read.lua" <<EOF
wrk.headers["Cookie"] = "$COOKIE"
EOF
wrk -t 2 -c 32 -d "$DURATION" --latency -s "$W/read.lua" "$URL/api/v1/members/$MID" >"$W/read.wrk"
wrk -t 2 -c 32 -d "$DURATION" --latency "http://127.0.0.1:$NPORT/member.json" >"$W/nginx.wrk"
kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""
R_RPS=$(wrk_rps "$W/read.wrk"); N_RPS=$(wrk_rps "$W/nginx.wrk")
echo "3. read one member, keep-alive, 32 connections: caunoi $R_RPS req/s (p50 $(wrk_pct 50 "$W/read.wrk") ms, p99 $(wrk_pct 99 "$W/read.wrk") ms, errors $(wrk_errors "$W/read.wrk")), nginx $N_RPS req/s (p99 $(wrk_pct 99 "$W/nginx.wrk") ms), ratio $(ratio "$R_RPS" "$N_RPS") (target >= 0.5)"

# ---- 4. mixed reads and writes of trips ----------------------------------
# An officer of the whole tree (the root unit) reads trips and a member's
# trips, files drafts and decides the pool's trips, each decided once
# (each wrk thread takes its own share of the pool).
ROOT_CODE=$(sqlite3 "$DB" "SELECT code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
OACCT=$("$CAUNOI" user add --role officer --unit "$ROOT_CODE" --login benchofficer --json --db "$DB" 2>/dev/null)
OPASS=$(printf '%s' "$OACCT" | jq -r .password)
curl -s -D "$W/oh" -o "$W/osession.json" -H 'Content-Type: application/json' \
  --data "$(jq -n --arg p "$OPASS" '{login: "benchofficer", password: $p}')" "$URL/api/v1/session"
OCOOKIE=$(awk 'tolower($1) == "set-cookie:" { sub(/;.*/, "", $2); print $2 }' "$W/oh" | tr -d '\r' | head -1)
OCSRF=$(jq -r .csrf_token "$W/osession.json")
curl -sf -o /dev/null -H "Cookie: $OCOOKIE" -H "X-CSRF-Token: $OCSRF" -H 'Content-Type: application/json' \
  --data "$(jq -n --arg o "$OPASS" --arg n "$NEWPASS" '{current_password: $o, new_password: $n}')" \
  "$URL/api/v1/me/password" || { echo "bench: the officer's password change failed" >&2; exit 1; }
cat >"$W/mixed.lua" <<LUA
local counter = 0
setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
init = function(args)
  math.randomseed(1000 + tid)
  k = 0
end
wrk.headers["Cookie"] = "$OCOOKIE"
wrk.headers["X-CSRF-Token"] = "$OCSRF"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local r = math.random(100)
  if r <= 60 then
    return wrk.format("GET", "/api/v1/trips/" .. math.random($N_TRIPS))
  elseif r <= 80 then
    return wrk.format("GET", "/api/v1/trips?member=" .. math.random($N_MEMBERS) .. "&limit=20")
  elseif r <= 90 then
    return wrk.format("POST", "/api/v1/trips", nil, '{"member_id":' .. math.random($N_MEMBERS) ..
      ',"purpose":"tourism","countries":["JP"],"planned_departure":"2030-01-10",' ..
      '"planned_return":"2030-01-20","payer":"self"}')
  else
    local id = $N_TRIPS + 1 + tid + 2 * k
    k = k + 1
    -- wrk.format takes these headers instead of wrk.headers: carry both.
    local h = {["If-Match"] = '"1"'}
    for name, value in pairs(wrk.headers) do h[name] = value end
    return wrk.format("POST", "/api/v1/trips/" .. id .. "/actions/decide", h, '{"outcome":"approved"}')
  end
end
LUA
wrk -t 2 -c 64 -d "$DURATION" --latency -s "$W/mixed.lua" "$URL" >"$W/mixed.wrk"
DECIDED=$(sqlite3 "$DB" "SELECT count(*) FROM trips WHERE id > $N_TRIPS AND state = 'approved'")
echo "4. mixed trips load, 64 connections: $(wrk_rps "$W/mixed.wrk") req/s, p50 $(wrk_pct 50 "$W/mixed.wrk") ms, p99 $(wrk_pct 99 "$W/mixed.wrk") ms (target p99 < 50 ms), errors $(wrk_errors "$W/mixed.wrk") (target 0); $DECIDED trips decided"

# ---- 6. the national statistics for twenty years ------------------------
# GET /stats over the whole tree (the administrator's scope) for twenty
# years to today: the best of three, the first warming the page cache.
FROM=$(TZ=Asia/Ho_Chi_Minh date -d "$TODAY -20 years +1 day" +%F)
STATS_S=""
for _ in 1 2 3; do
  t=$(curl -s -o "$W/stats.json" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" \
    "$URL/api/v1/stats?from=$FROM&to=$TODAY")
  case $t in
  200\ *) t=${t#200 }; STATS_S=$(awk -v a="$STATS_S" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }') ;;
  *) STATS_S=""; break ;;
  esac
done
if [ -n "$STATS_S" ]; then
  echo "6. statistics, whole country, $FROM to $TODAY: $(awk -v s="$STATS_S" 'BEGIN { printf "%.0f", s * 1000 }') ms (best of 3; target < 300 ms); $(jq -r '.trips.total // 0' "$W/stats.json") trips counted"
else
  echo "6. statistics: not measured (GET /api/v1/stats answered ${t%% *})"
fi

# ---- 7. memory and size --------------------------------------------------
HWM=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
AUDIT=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
DB_MB=$(du -cm "$DB"* | awk 'END { print $1 }')
RAW_MB=$(du -cm "$RAW"* | awk 'END { print $1 }')

echo "7. server peak RSS (VmHWM) $HWM MiB (target < 256 MiB); database $DB_MB MiB on disk ($AUDIT audit rows), raw .import table $RAW_MB MiB, ratio $(ratio "$DB_MB" "$RAW_MB")"
