#!/usr/bin/env bash
# The test command: installs and starts what the tests need on a fresh machine of our kind, builds, runs every test,
# prints "N passed, N failed, N skipped", and stops whatever it started. Fails on any failed or skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=eng/common.sh
source eng/common.sh

started_before=$(mktemp)
ps -eo pid= | sort > "$started_before"
cleanup() {
  # Anything the test run left behind (DCP, PostgreSQL clusters, project processes) is stopped.
  for pid in $(ps -eo pid= | sort | comm -13 "$started_before" -); do
    if [ "$pid" != "$$" ] && ps -o args= -p "$pid" 2>/dev/null | grep -qE 'dcp|TemporalFlow\.|temporalflow-pg|postgres|fauxqs|azurite'; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$started_before"
}
trap cleanup EXIT

ensure_postgres_binaries
ensure_local_servers
ensure_temporal_ui
ensure_chromium
ensure_walkthrough_tools

step "Building TemporalFlow.sln"
dotnet build TemporalFlow.sln -nologo -clp:ErrorsOnly

step "Checking the code's format (dotnet format --verify-no-changes)"
dotnet format TemporalFlow.sln --verify-no-changes --no-restore \
  || fail "Some files are not formatted as .editorconfig says: run 'dotnet format TemporalFlow.sln' and commit the result."

step "Running the tests (every test that talks to Temporal has its own hard timeout)"
results=$(mktemp -d)
test_projects=(TemporalFlow.Core.Tests TemporalFlow.Tests) # one at a time, each with its own results file
run_tests() { # more dotnet test arguments; runs every test project with them
  local project code=0
  for project in "${test_projects[@]}"; do
    dotnet test "$project" --no-build -nologo --logger "console;verbosity=normal" --logger "trx;LogFileName=$project.trx" \
      --results-directory "$results" --blame-hang-timeout 10m "$@"
    code=$(( code | $? ))
  done
  return $code
}
set +e
if [ $# -eq 0 ]; then
  # Every log line of the run goes to one file; after the suite, one test scans it for the secrets the tests configure.
  export TEMPORALFLOW_SUITE_LOG="$results/suite-logs.txt"
  run_tests --filter "Category!=AfterSuite"
  status=$?
  step "Scanning every log line the suite wrote for the secrets the tests configure"
  dotnet test TemporalFlow.Tests --no-build -nologo --logger "console;verbosity=normal" --logger "trx;LogFileName=after-suite.trx" \
    --results-directory "$results" --filter "Category=AfterSuite"
  status=$(( status | $? ))
else
  # Arguments (a --filter, say) as given; the log scan, if selected, covers its own process (the whole suite's file exists
  # only when the whole suite runs).
  run_tests "$@"
  status=$?
fi
set -e

read -r total passed failed skipped < <(python3 - "$results" <<'PY' 2>/dev/null || echo "0 0 0 0"
import glob, sys, xml.etree.ElementTree as ET
t = p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    t += int(c.get("total")); p += int(c.get("passed")); f += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    s += int(c.get("total")) - int(c.get("executed"))
print(t, p, f, s)
PY
)
rm -rf "$results"
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] || fail "dotnet test failed (exit $status): see the failures above."
[ "$total" -gt 0 ] || fail "No test ran."
[ "$skipped" -eq 0 ] || fail "$skipped test(s) were skipped: CI runs every test."
