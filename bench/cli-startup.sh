#!/usr/bin/env bash
# Whole-process timing of the CLI: process start to answer, as a user runs it.
# Builds Release once (plain JIT build, and a ReadyToRun publish), then times each with hyperfine
# (installed from Debian's packages when missing) or, failing that, /usr/bin/time over repeated runs.
# Usage: bench/cli-startup.sh [runs]
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
commands=(
  "$JIT who rds 'patch the operating system'"
  "$R2R who rds 'patch the operating system'"
  "$JIT compare ec2 rds lambda"
  "$R2R compare ec2 rds lambda"
  "$JIT --version"
)
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$RUNS" --style basic --export-markdown artifacts/cli-startup.md "${commands[@]}"
  cat artifacts/cli-startup.md
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
