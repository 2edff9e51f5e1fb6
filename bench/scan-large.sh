#!/usr/bin/env bash
# Whole-process benchmark: one generated template with 10,000 resources and 50 conditions (JSON and YAML),
# process start included. Target (issue 3): under 1 s. The generator is bench/Demarc.Benchmarks/GeneratedTemplate.cs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
dotnet build src/Demarc.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Demarc.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
BENCH="dotnet $ROOT/bench/Demarc.Benchmarks/bin/Release/net10.0/Demarc.Benchmarks.dll"
DEMARC="dotnet $ROOT/src/Demarc.Cli/bin/Release/net10.0/demarc.dll"
$BENCH generate /tmp/demarc-large.json
$BENCH generate /tmp/demarc-large.yaml yaml
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs ${RUNS:-10} --export-markdown /tmp/demarc-scan-large.md \
    "$DEMARC scan /tmp/demarc-large.json --format json" \
    "$DEMARC scan /tmp/demarc-large.yaml --format json"
fi
for f in /tmp/demarc-large.json /tmp/demarc-large.yaml; do
  /usr/bin/time -f "%e s wall, %U s user, %M KB peak  <- $f" $DEMARC scan "$f" --format json >/dev/null
  $BENCH phases "$f" 10
done
