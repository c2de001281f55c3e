#!/usr/bin/env bash
# Runs every test suite against real services (mosquitto, SQLite, ...) started on loopback,
# then prints one plain summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

./setup.sh || exit 1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet test EdgeSecurity.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

# Sum the counters of every test run's TRX report: dotnet test's own summary is per assembly.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["notExecuted"] }')

# A test host that crashed leaves no TRX counters: never let that read as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
