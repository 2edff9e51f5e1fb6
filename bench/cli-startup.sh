#!/usr/bin/env bash
# Whole-process timing of the CLI: process start to answer, as a user runs it.
# Builds Release once (plain JIT build, and a ReadyToRun publish), then times each with hyperfine
# (installed from Debian's packages when missing) or, failing that, /usr/bin/time over repeated runs.
# Prints the median, range and CPU time of each command and the load average before and after (docs/performance.md).
# Usage: bench/cli-startup.sh [runs]      BASE=DIR adds the same commands from another checkout's Release build
#                                          (for a before/after comparison in one run, e.g. a `git archive` of main)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
dotnet build src/Demarc.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet publish src/Demarc.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/r2r -nologo -clp:ErrorsOnly >/dev/null
JIT="dotnet src/Demarc.Cli/bin/Release/net10.0/demarc.dll"
R2R="artifacts/r2r/demarc"
if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine) >/dev/null 2>&1 || true; fi
fi
commands=()
for args in "who rds 'patch the operating system'" "services" "ask 'who patches the OS on RDS?'" "compare ec2 rds lambda" "--version"; do
  [ -n "${BASE:-}" ] && commands+=("dotnet $BASE/src/Demarc.Cli/bin/Release/net10.0/demarc.dll $args")
  commands+=("$JIT $args" "$R2R $args")
done
if command -v hyperfine >/dev/null; then
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-json artifacts/cli-startup.json "${commands[@]}" >/dev/null
  echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - <<'PY'
import json
for r in json.load(open("artifacts/cli-startup.json"))["results"]:
    print("%7.1f ms median (%5.1f-%6.1f)  CPU %4.0f ms  %s" % (r["median"] * 1e3, r["min"] * 1e3, r["max"] * 1e3, (r["user"] + r["system"]) * 1e3, r["command"]))
PY
else
  for c in "${commands[@]}"; do
    times=()
    for _ in $(seq "$RUNS"); do
      t=$( { /usr/bin/time -f "%e" bash -c "$c >/dev/null" ; } 2>&1 )
      times+=("$t")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "median ${median}s  $c"
  done
fi
