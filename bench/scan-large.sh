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

# The Native AOT build, as the linux-x64 tool package ships it (AOT=1): published once (about 4 minutes, needs clang),
# then timed interleaved with the JIT build, process start included. DEMARC_TIMINGS=1 on any run prints the time, GC
# pauses and JIT time of each phase of the scan to standard error.
if [ "${AOT:-0}" = 1 ]; then
  dotnet publish src/Demarc.Cli -c Release -r linux-x64 -p:PublishAot=true -nologo -clp:ErrorsOnly \
    --artifacts-path /tmp/demarc-aot-build -o /tmp/demarc-aot >/dev/null
  python3 bench/interleaved.py --rounds "${RUNS:-10}" --warmup 1 \
    "$DEMARC scan /tmp/demarc-large.json --format json -o /dev/null" "/tmp/demarc-aot/demarc scan /tmp/demarc-large.json --format json -o /dev/null" \
    "$DEMARC scan /tmp/demarc-large.yaml --format json -o /dev/null" "/tmp/demarc-aot/demarc scan /tmp/demarc-large.yaml --format json -o /dev/null" \
    "$DEMARC scan /tmp/demarc-plan.json --format json -o /dev/null" "/tmp/demarc-aot/demarc scan /tmp/demarc-plan.json --format json -o /dev/null"
fi

# The packed tool as users install it (the linux-x64 package is the Native AOT build): set TOOL=1.
if [ "${TOOL:-0}" = 1 ]; then
  rm -rf /tmp/demarc-nupkg /tmp/demarc-tool "$HOME/.nuget/packages/demarc.cli" "$HOME/.nuget/packages/demarc.cli.linux-x64" "$HOME/.nuget/packages/demarc.cli.any"
  for rid in "" "-r any" "-r linux-x64"; do
    # shellcheck disable=SC2086
    dotnet pack src/Demarc.Cli -c Release $rid -o /tmp/demarc-nupkg -nologo -clp:ErrorsOnly >/dev/null
  done
  dotnet tool install --tool-path /tmp/demarc-tool --add-source /tmp/demarc-nupkg Demarc.Cli >/dev/null
  python3 bench/interleaved.py --rounds "${RUNS:-10}" \
    "$DEMARC scan /tmp/demarc-large.json --format json -o /dev/null" "/tmp/demarc-tool/demarc scan /tmp/demarc-large.json --format json -o /dev/null" \
    "$DEMARC scan /tmp/demarc-plan.json --format json -o /dev/null" "/tmp/demarc-tool/demarc scan /tmp/demarc-plan.json --format json -o /dev/null"
fi
