#!/usr/bin/env bash
# Runs `swift test` RUNS times in a row (default 10) while one CPU-bound
# process per core keeps the machine busy, as other jobs do on a shared CI
# machine. A test that depends on the clock or on how fast the machine is
# fails here sooner or later; every run must pass.
#
# Builds once first (not counted), then prints each run's result and the
# test run's own summary line, and at the end how many runs passed and how
# long they took. Exits 1 if any run failed. Each run's full output is kept
# in .build/stress-tests/run-N.log.
#
#   .ci/stress-tests.sh            # 10 runs
#   RUNS=3 .ci/stress-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no

runs="${RUNS:-10}"
case "$runs" in ''|*[!0-9]*|0) echo "RUNS must be a positive whole number, not '$runs'" >&2; exit 2 ;; esac
logs=".build/stress-tests"

echo "== build (swift build --build-tests)"
swift build --build-tests 2>&1 | tail -n 1
mkdir -p "$logs"

cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
hogs=()
stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${hogs[@]}"; do wait "$pid" 2>/dev/null || true; done
  hogs=()
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$cores"); do
  yes > /dev/null &
  hogs+=("$!")
done
echo "== load: $cores busy processes (yes > /dev/null, pids ${hogs[*]}) on $cores cores"

failed=0
started=$SECONDS
for i in $(seq "$runs"); do
  log="$logs/run-$i.log"
  run_started=$SECONDS
  if swift test > "$log" 2>&1; then result=pass; else result=FAIL; failed=$((failed + 1)); fi
  summary="$(grep -E '(✔|✘) Test run with' "$log" | tail -n 1 || true)"
  echo "run $i/$runs: $result ($((SECONDS - run_started)) s) ${summary:-no test summary, see $log}"
  if [ "$result" = FAIL ]; then
    grep -E '✘ Test .*(recorded an issue|failed)|error:' "$log" | head -n 20 | sed 's/^/    /' || true
  fi
done
stop_hogs

total=$((SECONDS - started))
echo "== $((runs - failed))/$runs runs passed, $failed failed; $total s for $runs runs (logs: $logs/)"
[ "$failed" -eq 0 ]
