#!/usr/bin/env bash
# Whole-process benchmark: one generated template with 10,000 resources and 50 conditions (JSON and YAML) and a
# generated Terraform plan with 10,000 resources, process start included. Targets (issues 3 and 6): under 1 s.
# Generators: bench/Demarc.Benchmarks/GeneratedTemplate.cs, TerraformWorkload.Plan in TerraformBenchmarks.cs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
dotnet build src/Demarc.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Demarc.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
BENCH="dotnet $ROOT/bench/Demarc.Benchmarks/bin/Release/net10.0/Demarc.Benchmarks.dll"
DEMARC="dotnet $ROOT/src/Demarc.Cli/bin/Release/net10.0/demarc.dll"
$BENCH generate /tmp/demarc-large.json
$BENCH generate /tmp/demarc-large.yaml yaml
$BENCH generate-plan /tmp/demarc-plan.json
if command -v hyperfine >/dev/null; then
  hyperfine -i --warmup 1 --runs ${RUNS:-10} --export-json /tmp/demarc-scan-large.json \
    "$DEMARC scan /tmp/demarc-large.json --format json" \
    "$DEMARC scan /tmp/demarc-large.yaml --format json" \
    "$DEMARC scan /tmp/demarc-plan.json --format json"
  python3 -c 'import json,sys; [print("median %.3f s (min %.3f, max %.3f, user %.3f s): %s" % (r["median"], r["min"], r["max"], r["user"], r["command"])) for r in json.load(open(sys.argv[1]))["results"]]' /tmp/demarc-scan-large.json
fi
for f in /tmp/demarc-large.json /tmp/demarc-large.yaml /tmp/demarc-plan.json; do
  /usr/bin/time -f "%e s wall, %U s user, %M KB peak  <- $f" $DEMARC scan "$f" --format json >/dev/null || true
  $BENCH scan-phases "$f" 5
done

# Published ReadyToRun (no JIT at start-up): set R2R=1. DEMARC_TIMINGS=1 on any run prints the time, GC pauses and JIT
# time of each phase of the scan to standard error.
if [ "${R2R:-0}" = 1 ]; then
  dotnet publish src/Demarc.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/demarc-r2r -nologo >/dev/null
  hyperfine -i --warmup 1 --runs ${RUNS:-10} --export-json /tmp/demarc-scan-large-r2r.json "/tmp/demarc-r2r/demarc scan /tmp/demarc-large.json --format json" "/tmp/demarc-r2r/demarc scan /tmp/demarc-large.yaml --format json" "/tmp/demarc-r2r/demarc scan /tmp/demarc-plan.json --format json"
  python3 -c 'import json,sys; [print("median %.3f s (min %.3f, max %.3f, user %.3f s): %s" % (r["median"], r["min"], r["max"], r["user"], r["command"])) for r in json.load(open(sys.argv[1]))["results"]]' /tmp/demarc-scan-large-r2r.json
fi

# The packed tool as users install it (`dotnet pack` makes a ReadyToRun package for linux-x64): set TOOL=1.
if [ "${TOOL:-0}" = 1 ]; then
  rm -rf /tmp/demarc-nupkg /tmp/demarc-tool "$HOME/.nuget/packages/demarc.cli" "$HOME/.nuget/packages/demarc.cli.linux-x64" "$HOME/.nuget/packages/demarc.cli.any"
  dotnet pack src/Demarc.Cli -c Release -o /tmp/demarc-nupkg -nologo -clp:ErrorsOnly >/dev/null
  dotnet tool install --tool-path /tmp/demarc-tool --add-source /tmp/demarc-nupkg Demarc.Cli >/dev/null
  python3 bench/interleaved.py --rounds "${RUNS:-10}" \
    "$DEMARC scan /tmp/demarc-large.json --format json -o /dev/null" "/tmp/demarc-tool/demarc scan /tmp/demarc-large.json --format json -o /dev/null" \
    "$DEMARC scan /tmp/demarc-plan.json --format json -o /dev/null" "/tmp/demarc-tool/demarc scan /tmp/demarc-plan.json --format json -o /dev/null"
fi
