#!/usr/bin/env bash
# Runs every test project of ZlhPortal and ends with one line: "tests: N passed, M failed".
# Installs what the tests need when it is missing (Debian's chromium for the end-to-end tests).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    return 0
  fi
  echo "chromium not found; installing Debian's chromium for the end-to-end tests..."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: chromium is missing and this user cannot install packages; run: apt-get install -y chromium" >&2
      return 1
    fi
  fi
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; }; then
    echo "error: could not install chromium with apt-get; install the Debian package 'chromium' and run again" >&2
    return 1
  fi
  command -v chromium >/dev/null 2>&1
}

passed=0
failed=0

if ! ensure_chromium; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

echo "Building..."
if ! dotnet build ZlhPortal.sln -c Debug -nologo >"$results/build.log" 2>&1; then
  grep -E 'error|Error' "$results/build.log" | sort -u | head -n 40
  echo "error: the build failed (full log: $results/build.log)" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# The integration tests run twice: on SQLite (the embedded default) and on a throwaway PostgreSQL cluster (several
# instances), started here and removed at the end.
postgres_dir="$(mktemp -d)/cluster"
if ! postgres="$(bash tests/postgres.sh start "$postgres_dir")"; then
  echo "error: could not start a PostgreSQL cluster for the tests (see $postgres_dir)" >&2
  echo "tests: $passed passed, 1 failed"
  exit 1
fi
trap 'bash tests/postgres.sh stop "$postgres_dir"' EXIT

for run in UnitTests ComponentTests IntegrationTests IntegrationTests.PostgreSql EndToEndTests; do
  project="${run%%.*}"
  echo "Running ZlhPortal.$run..."
  log="$results/$run.log"
  database=""
  # Tests of several instances sharing events need PostgreSQL (they fail without it): the SQLite pass leaves them out.
  filter=()
  if [ "$run" = IntegrationTests.PostgreSql ]; then database="$postgres"; fi
  if [ "$run" = IntegrationTests ]; then filter=(--filter "Database!=PostgreSql"); fi
  ZLH_TEST_POSTGRES="$database" dotnet test "tests/ZlhPortal.$project" --no-build -c Debug -nologo "${filter[@]}" \
    --logger "trx;LogFileName=$run.trx" --results-directory "$results" >"$log" 2>&1
  summary="$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -n 1)"
  if [ -z "$summary" ]; then
    echo "  no test summary from ZlhPortal.$run (see $log):"
    tail -n 30 "$log"
    failed=$((failed + 1))
    continue
  fi
  p="$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")"
  f="$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")"
  passed=$((passed + p))
  failed=$((failed + f))
  echo "  $summary"
  if [ "$f" -ne 0 ]; then
    grep -E '^\s+Failed |Error Message' -A 3 "$log" | head -n 60
  fi
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
