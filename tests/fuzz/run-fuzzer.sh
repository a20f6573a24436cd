#!/usr/bin/env bash
# run-fuzzer.sh — one libFuzzer target as a TAP test: every input of its seed
# corpus once, then SC_FUZZ_SECONDS (default 30) of fuzzing from that corpus.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   run-fuzzer.sh BUILDDIR/tests/fuzz/fuzz-NAME SOURCEDIR/tests/fuzz/corpus/NAME
#
# A crash, a sanitizer report, a leak or a timeout fails the test; the input
# is kept in $SC_FUZZ_ARTIFACTS (the build's tests/fuzz/artifacts/) to replay
# with `fuzz-NAME FILE`. New inputs the run finds stay in a temporary folder:
# the corpus in the repository changes only by hand.
set -uo pipefail

target=$1
corpus=$2
name=$(basename "$target")
seconds=${SC_FUZZ_SECONDS:-30}
artifacts=${SC_FUZZ_ARTIFACTS:-$PWD/fuzz-artifacts}
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1..2"
mapfile -t inputs < <(find "$corpus" -type f | sort)
if [ ${#inputs[@]} -eq 0 ]; then
  echo "not ok 1 - $name: no inputs in $corpus"
else
  if "$target" -artifact_prefix="$artifacts/$name-" "${inputs[@]}" >"$work/corpus.log" 2>&1; then
    echo "ok 1 - $name: ${#inputs[@]} corpus inputs"
  else
    sed 's/^/# /' "$work/corpus.log" | tail -n 80
    echo "not ok 1 - $name: a corpus input failed (artifacts in $artifacts)"
  fi
fi

mkdir "$work/new"
if "$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
     -artifact_prefix="$artifacts/$name-" "$work/new" "$corpus" >"$work/fuzz.log" 2>&1; then
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
  echo "ok 2 - $name: ${seconds} s of fuzzing, ${runs:-?} runs, no finding"
else
  sed 's/^/# /' "$work/fuzz.log" | grep -v '^# #[0-9]' | tail -n 80
  echo "not ok 2 - $name: ${seconds} s of fuzzing found a failure (artifacts in $artifacts)"
fi
