#!/usr/bin/env bash
# Long fuzz runs: every target of tests/Fuzz.Tests for [seconds] (default 60) with [seed] (default 20261122).
# Prints per target: inputs tried, accepted, rejected by reason, crashes (each crash with its input as base64).
# Targets of one test class run one after another, classes in parallel; the exit status is dotnet test's.
set -euo pipefail
seconds="${1:-60}"
seed="${2:-20261122}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

dotnet build "$root/tests/Fuzz.Tests" -c Release -v quiet -nologo >/dev/null
status=0
FUZZ_SECONDS="$seconds" FUZZ_SEED="$seed" FUZZ_REPORT="$report" \
    dotnet test "$root/tests/Fuzz.Tests" -c Release --no-build -nologo >/dev/null || status=$?
cat "$report"
awk '/ inputs in /{ for (i = 1; i <= NF; i++) { if ($i == "inputs") n += $(i-1); if ($i == "crashes") c += $(i-1) } }
     END { printf "fuzz: %d targets, %d inputs, %d crashes (seed %s, %s s per target)\n", NR_T, n, c, seed, seconds }' \
    NR_T="$(grep -c ' inputs in ' "$report")" seed="$seed" seconds="$seconds" "$report"
exit "$status"
