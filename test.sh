#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
# It provides what the tests need by itself, idempotently: Chromium for the browser tests, a throwaway PostgreSQL
# server for the storage tests (installed from Debian's packages when missing, started on loopback), and clang for
# the Native AOT build.
# The last line it prints is "N passed, N failed"; it exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RESULTS="$ROOT/TestResults"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]} from Debian's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

PG_STARTED=""
start_postgres() {
  apt_install postgresql
  local pgbin; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local port=${DEMARC_PG_PORT:-55432}
  PGDATA_DIR=$(mktemp -d /tmp/demarc-pg.XXXXXX)
  chmod 755 "$PGDATA_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PGDATA_DIR"
    RUNPG=(runuser -u postgres --)
  else
    RUNPG=()
  fi
  "${RUNPG[@]}" "$pgbin/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  "${RUNPG[@]}" "$pgbin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  PG_STARTED="$pgbin"
  "${RUNPG[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres demarc_test
  export DEMARC_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=demarc_test"
  echo "test.sh: PostgreSQL ready on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "$PG_STARTED" ]; then
    "${RUNPG[@]}" "$PG_STARTED/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
}
trap stop_postgres EXIT

# Only what the present test projects need.
if [ -d tests/Demarc.Web.Tests ]; then
  apt_install chromium
  export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
fi
if grep -rqs "DEMARC_TEST_PG" tests --include='*.cs'; then
  start_postgres
fi

rm -rf "$RESULTS"
status=0
# The Native AOT build, which the linux-x64 tool package ships: tests/Demarc.Cli.Tests/NativeAot compare it with the JIT
# build command by command. Its compiler links with clang. It is published before the solution build, into its own
# artifacts folder, so it never rewrites the bin folders the other tests run from.
apt_install clang zlib1g-dev
aot_status=0   # a failed AOT build fails the run, but the other tests still run (the NativeAot ones then fail by name)
dotnet publish src/Demarc.Cli -c Release -r linux-x64 -p:PublishAot=true -nologo -clp:ErrorsOnly \
  --artifacts-path "$ROOT/artifacts/aot/build" -o "$ROOT/artifacts/aot/demarc" || aot_status=$?
export DEMARC_AOT_EXE="$ROOT/artifacts/aot/demarc/demarc"
dotnet build Demarc.slnx -c Release -nologo -clp:ErrorsOnly || status=$?
if [ $status -eq 0 ]; then
  dotnet test Demarc.slnx -c Release --no-build --nologo --logger trx --results-directory "$RESULTS" || status=$?
fi

[ $aot_status -eq 0 ] || status=$aot_status
passed=0; failed=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi   # a build or run failure counts as a failure
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
