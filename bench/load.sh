#!/usr/bin/env bash
# Load test of `demarc serve` with wrk (Debian package), on loopback only, bounded in time.
#
#   bench/load.sh [--db "Host=…"] [--duration 10s] [--runs 3] [--threads 2] [--connections 32]
#
# Starts the app (Release build) on a free 127.0.0.1 port with a fresh SQLite file (or the PostgreSQL --db given), then:
#   1. GET  /api/who                  (catalog lookup)            - target: >= 5,000 requests/s, p99 < 10 ms, no errors
#   2. GET  /api/ask                  (question reader)
#   3. POST /api/quiz/answer          (one transaction per answer) - afterwards: answers recorded == 2xx responses
#   4. POST /api/scans                (multipart upload of a template, then of a Terraform plan: scan, assess, four reports,
#                                      one transaction) - afterwards: scans saved == 201s
# Each step runs --runs times; the median of requests/s and p99 is printed. Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=""; DURATION=10s; RUNS=3; THREADS=2; CONNECTIONS=32
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/load.sh: wrk is missing: apt-get install wrk" >&2; exit 2; }

WORK=$(mktemp -d /tmp/demarc-load.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
dotnet build src/Demarc.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
DBARG=${DB:-$WORK/demarc.db}
dotnet src/Demarc.Cli/bin/Release/net10.0/demarc.dll serve --urls "$BASE" --db "$DBARG" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/api/services?model=iaas" >/dev/null && break; sleep 0.2; done

# A Lua script that reports p50/p99 in microseconds and the non-2xx count on one line.
cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_us=%d p99_us=%d requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), summary.requests, errors))
end
LUA

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run() { # name, script, url
  local name=$1 script=$2 url=$3
  local rps=() p99=() line errors=0 total=0
  for i in $(seq 1 "$RUNS"); do
    line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$script" "$url" | grep '^RESULT')
    rps+=("$(echo "$line" | sed 's/.*rps=\([0-9]*\).*/\1/')")
    p99+=("$(echo "$line" | sed 's/.*p99_us=\([0-9]*\).*/\1/')")
    errors=$((errors + $(echo "$line" | sed 's/.*errors=\([0-9]*\).*/\1/')))
    total=$((total + $(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')))
    echo "  run $i: $line"
  done
  printf '%-14s median %6s req/s   median p99 %6.2f ms   requests %d   errors %d\n' "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median | awk '{print $1/1000}')" "$total" "$errors"
}

echo "demarc serve on $BASE, database: ${DB:+PostgreSQL}${DB:-SQLite $DBARG}; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS run(s) each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "GET /api/who" "$WORK/report.lua" "$BASE/api/who?service=rds&task=patch%20the%20operating%20system"

ASK="$BASE/api/ask?q=Who%20is%20responsible%20for%20patching%20the%20guest%20operating%20system%20on%20an%20Amazon%20EC2%20instance%3F"
CODE=$(curl -s -o /dev/null -w '%{http_code}' "$ASK")
[ "$CODE" = 200 ] || { echo "bench/load.sh: GET /api/ask answered $CODE, expected 200" >&2; exit 1; }
run "GET /api/ask" "$WORK/report.lua" "$ASK"

# Quiz answers: every request is one committed transaction; count them afterwards.
LEARNER="load-$RANDOM"
ITEM=$(curl -s "$BASE/api/quiz/next?learner=$LEARNER&seed=7&kind=who" | python3 -c 'import json,sys; print(json.load(sys.stdin)["item"])')
cat >"$WORK/answer.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"learner":"$LEARNER","item":"$ITEM","seed":7,"answer":"A"}'
ok = 0
response = function(status) if status == 200 then ok = ok + 1 end end
LUA
cat "$WORK/report.lua" >>"$WORK/answer.lua"
RUNS_SAVED=$RUNS; RUNS=1
run "POST answers" "$WORK/answer.lua" "$BASE/api/quiz/answer"
RUNS=$RUNS_SAVED
RECORDED=$(curl -s "$BASE/api/progress?learner=$LEARNER" | python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["answers"])')
echo "  quiz answers recorded: $RECORDED. wrk counts the responses it received within the duration; up to -c $CONNECTIONS requests"
echo "  still in flight when it stops are answered and recorded too, so nothing is lost when 0 <= recorded - requests <= $CONNECTIONS and errors are 0."

CODE=$(curl -s -o /dev/null -w '%{http_code}' -F 'template=Resources: {}' "$BASE/api/scans")
[ "$CODE" = 201 ] || { echo "bench/load.sh: POST /api/scans answered $CODE, expected 201" >&2; exit 1; }
# Scans: a small CloudFormation template, then the Terraform plan of the Terraform tests (terraform show -json, 17 KB).
upload_script() { # file name, content file, script
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
name, content, script = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
body = ('--b\r\nContent-Disposition: form-data; name="templates"; filename="' + name + '"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content + '\r\n--b--\r\n')
# A JSON string of ASCII text is a valid Lua string literal (the same escapes for quotes, backslashes, \r and \n).
open(script, 'w').write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "multipart/form-data; boundary=b"\nwrk.body = ' + json.dumps(body, ensure_ascii=True) + '\n')
PY
  cat "$WORK/report.lua" >>"$3"
}
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n' >"$WORK/stack.yaml"
upload_script stack.yaml "$WORK/stack.yaml" "$WORK/scan.lua"
upload_script plan.json tests/Demarc.Core.Tests/Terraform/Fixtures/plans/aws.plan.json "$WORK/plan.lua"
for kind in scan plan; do
  BEFORE=$(curl -s "$BASE/api/scans?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  RUNS=1 run "POST scans ($kind)" "$WORK/$kind.lua" "$BASE/api/scans"
  AFTER=$(curl -s "$BASE/api/scans?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  echo "  scans saved: $((AFTER - BEFORE)); nothing is lost when 0 <= saved - requests <= $CONNECTIONS (requests in flight at the end) and errors are 0."
done
