#!/usr/bin/env bash
# CI fuzz stage: every libFuzzer target in Fuzz/run.sh's `all` list, for
# FUZZ_SECONDS each (default 60), built with -sanitize=fuzzer,address.
#
#   .ci/fuzz.sh                    # called by .ci/run after the tests
#   FUZZ_SECONDS=5 .ci/fuzz.sh     # quick check
#   FUZZ_SEED=7 .ci/fuzz.sh        # another libFuzzer -seed (default 1)
#
# Fails when the fuzz build fails, when any target crashes (new artifacts are
# copied to Fuzz/crashes/<target>/ by run.sh; this prints the reproduce
# command), or when a target produced no libFuzzer stats. A fixed -seed
# makes runs comparable; with a time bound they are not bit-for-bit
# reproducible (the number of executions depends on machine speed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${FUZZ_SECONDS:-60}
case "$seconds" in ''|*[!0-9]*|0) echo "FUZZ_SECONDS must be a positive integer, got '$seconds'" >&2; exit 2 ;; esac
# Fuzz/run.sh passes -seed=$FUZZ_SEED to each target when it is set.
export FUZZ_SEED=${FUZZ_SEED:-1}
export SWIFT_BACKTRACE=enable=no

# The targets run.sh's `all` runs, for the summary check below.
read -r -a targets <<<"$(sed -nE 's/^all_targets=\((.*)\)/\1/p' Fuzz/run.sh)"
if [ ${#targets[@]} -eq 0 ]; then
  echo "could not read all_targets from Fuzz/run.sh" >&2
  exit 1
fi
echo "targets: ${targets[*]} (${seconds}s each, seed $FUZZ_SEED)"

mkdir -p "$root/.build"
log=$root/.build/ci-fuzz.log  # .build/ is git-ignored
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
started=$(date +%s)
set +e
bash Fuzz/run.sh all "$seconds" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - started ))

# Every target must have a summary line with crashes=0, even if run.sh's own
# exit status were to miss one.
missing=()
for t in "${targets[@]}"; do
  if ! grep -qE "^${t} +execs=.* crashes=0\$" <(sed -n '/^== summary/,$p' "$log"); then
    missing+=("$t")
  fi
done

echo "== fuzz stage: ${elapsed}s (build + ${#targets[@]} targets x ${seconds}s)"
if [ "$status" -ne 0 ] || [ ${#missing[@]} -gt 0 ]; then
  [ ${#missing[@]} -eq 0 ] || echo "no clean summary for: ${missing[*]}"
  # Reproducers run.sh copied during this run.
  new=$(find Fuzz/crashes -type f ! -name '*.log' -newer "$marker" 2>/dev/null | sort || true)
  if [ -n "$new" ]; then
    echo "reproducers (run from Fuzz/, e.g. with ASAN_OPTIONS=detect_leaks=0):"
    while IFS= read -r f; do
      echo "  .build-fuzz/debug/$(basename "$(dirname "$f")") ${f#Fuzz/}"
    done <<<"$new"
  fi
  echo "fuzzing failed (run.sh exit $status)"
  exit 1
fi
