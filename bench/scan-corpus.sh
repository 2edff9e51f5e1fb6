#!/usr/bin/env bash
# Whole-process benchmark: `demarc scan` over the shared corpus of ~300 real AWS templates, process start included.
# Target (issue 3): under 2 s wall on the 2-core machine. Uses hyperfine when installed (Debian package `hyperfine`),
# otherwise /usr/bin/time. Also reports peak memory for the corpus, for the corpus five times over (memory must not
# grow with the number of files) and for the largest corpus file alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus/aws-cloudformation-templates}
dotnet build src/Demarc.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
DEMARC="dotnet $ROOT/src/Demarc.Cli/bin/Release/net10.0/demarc.dll"

echo "== wall time: demarc scan over $(find "$CORPUS" -type f | wc -l) corpus files"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs ${RUNS:-10} --export-json /tmp/demarc-scan-corpus.json \
    "$DEMARC scan $CORPUS --format json --fail-on none" \
    "$DEMARC scan $CORPUS --fail-on none" \
    "$DEMARC services --format json"
  python3 -c 'import json,sys; [print("median %.3f s (min %.3f, max %.3f, user %.3f s): %s" % (r["median"], r["min"], r["max"], r["user"], r["command"])) for r in json.load(open(sys.argv[1]))["results"]]' /tmp/demarc-scan-corpus.json
else
  for i in 1 2 3 4 5; do /usr/bin/time -f "%e s wall, %U s user, %M KB peak" $DEMARC scan "$CORPUS" --format json --fail-on none >/dev/null; done
fi

echo "== peak memory (KB): corpus once, corpus five times, largest file alone"
MANY=$(mktemp -d /tmp/demarc-corpus-x5.XXXXXX)
for i in 1 2 3 4 5; do ln -s "$CORPUS" "$MANY/copy$i"; done
LARGEST=$(find "$CORPUS" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
for target in "$CORPUS" "$MANY" "$LARGEST"; do
  /usr/bin/time -f "%M KB peak, %e s wall  <- $target" $DEMARC scan "$target" --format json --fail-on none >/dev/null
done
rm -rf "$MANY"

# The same as the shipped tool would run when published ReadyToRun (no JIT at start-up): set R2R=1.
if [ "${R2R:-0}" = 1 ]; then
  dotnet publish src/Demarc.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/demarc-r2r -nologo >/dev/null
  hyperfine --warmup 2 --runs ${RUNS:-10} --export-json /tmp/demarc-scan-corpus-r2r.json "/tmp/demarc-r2r/demarc scan $CORPUS --format json --fail-on none" "/tmp/demarc-r2r/demarc scan $CORPUS --fail-on none"
  python3 -c 'import json,sys; [print("median %.3f s (min %.3f, max %.3f, user %.3f s): %s" % (r["median"], r["min"], r["max"], r["user"], r["command"])) for r in json.load(open(sys.argv[1]))["results"]]' /tmp/demarc-scan-corpus-r2r.json
fi
