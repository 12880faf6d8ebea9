#!/usr/bin/env bash
# Usage: Fuzz/run.sh TARGET SECONDS     (TARGET: FuzzYAMLValidate | FuzzJSONPolicy | FuzzCaptureExpression |
#                                        FuzzAdmissionReview | FuzzHTTPRequest,
#        Fuzz/run.sh all SECONDS         or the short names yaml | json | capture | review | http)
#
# Builds the harnesses with libFuzzer + ASan, seeds the working corpus, runs
# each target for SECONDS and prints executions, coverage (cov:/ft: from
# libFuzzer's final stats line) and crashes. Reproducers are copied to
# Fuzz/crashes/<target>/ (git-ignored: each fixed crash becomes a regression
# test under Tests/); the working corpus, logs and raw
# artifacts stay under Fuzz/corpus-work/ and Fuzz/.build-fuzz/ (ignored).
#
# Reproduce one crash:  Fuzz/.build-fuzz/debug/<target> Fuzz/crashes/<target>/<file>
# FUZZ_SEED=N passes -seed=N to every target (comparable CI runs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

all_targets=(FuzzYAMLValidate FuzzJSONPolicy FuzzCaptureExpression FuzzAdmissionReview FuzzHTTPRequest)
usage() { echo "usage: $0 {all|yaml|json|capture|review|http|$(IFS='|'; echo "${all_targets[*]}")} SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
case "$2" in ''|*[!0-9]*) usage ;; esac
seconds="$2"
case "$1" in
  all) targets=("${all_targets[@]}") ;;
  yaml|FuzzYAMLValidate) targets=(FuzzYAMLValidate) ;;
  json|FuzzJSONPolicy) targets=(FuzzJSONPolicy) ;;
  capture|FuzzCaptureExpression) targets=(FuzzCaptureExpression) ;;
  review|FuzzAdmissionReview) targets=(FuzzAdmissionReview) ;;
  http|FuzzHTTPRequest) targets=(FuzzHTTPRequest) ;;
  *) usage ;;
esac

# Under ASan the Swift crash backtracer can hang holding stdout.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer flags the schema's lazily built global tables (indirect-enum
# boxes referenced through spare-bit pointers) as leaks on the first input;
# they are one-time and reachable, so leak detection is off. Memory growth
# per input is still bounded by -rss_limit_mb / -malloc_limit_mb.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}"

scratch="$here/.build-fuzz"
# Use the main package's pins so the harnesses fuzz exactly what ships.
if [ ! -f "$here/Package.resolved" ] && [ -f "$here/../Package.resolved" ]; then
  cp "$here/../Package.resolved" "$here/Package.resolved"
fi

echo "== build (debug, -sanitize=fuzzer,address)"
build_log="$scratch/build.log"
mkdir -p "$scratch"
if ! swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address >"$build_log" 2>&1; then
  grep -E "error:" "$build_log" | head -n 40 || tail -n 40 "$build_log"
  echo "build failed (log: $build_log)"; exit 1
fi
tail -n 1 "$build_log"
bin="$(swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --show-bin-path)"

echo "== seed corpora"
"$here/seed-corpus.sh"

summary=()
total_crashes=0
for t in "${targets[@]}"; do
  corpus="$here/corpus-work/$t"
  artifacts="$here/corpus-work/artifacts/$t"
  log="$here/corpus-work/$t.log"
  mkdir -p "$corpus" "$artifacts"
  before="$(find "$artifacts" -type f | wc -l)"
  echo "== $t for ${seconds}s (log: ${log#$here/})"
  set +e
  "$bin/$t" "$corpus" \
    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -max_len=65536 \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    >"$log" 2>&1
  status=$?
  set -e
  # Final stats: "#N DONE cov: C ft: F corp: …", or the last "#N … cov:" line
  # before a crash; "stat::number_of_executed_units: N" from -print_final_stats.
  last="$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -n 1 || true)"
  cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")"
  ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")"
  corp="$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[bKM]?b?).*/\1/p' <<<"$last")"
  execs="$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log" | tail -n 1)"
  [ -n "$execs" ] || execs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
  persec="$(sed -nE 's/^stat::average_exec_per_sec:[[:space:]]+([0-9]+)/\1/p' "$log" | tail -n 1)"
  crashes="$(( $(find "$artifacts" -type f | wc -l) - before ))"
  if [ -z "$last" ] && [ "$crashes" -eq 0 ]; then
    echo "   !! no libFuzzer stats in $log (exit $status); is the binary built with -sanitize=fuzzer?"
    tail -n 5 "$log"
    total_crashes=$((total_crashes + 1))
  fi
  if [ "$crashes" -gt 0 ]; then
    mkdir -p "$here/crashes/$t"
    find "$artifacts" -type f -exec cp -n {} "$here/crashes/$t/" \;
    cp "$log" "$here/crashes/$t/last-run.log"
    echo "   !! $crashes new artifact(s) copied to Fuzz/crashes/$t/ (libFuzzer exit $status)"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*fatal error|artifact_prefix|Test unit written)" "$log" | head -n 10 || true
  fi
  total_crashes=$((total_crashes + crashes))
  line="$(printf '%-22s execs=%-9s exec/s=%-6s cov=%-6s ft=%-6s corpus=%-10s crashes=%s' "$t" "${execs:-?}" "${persec:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")"
  echo "   $line"
  summary+=("$line")
done

echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
[ "$total_crashes" -eq 0 ] || { echo "$total_crashes crash artifact(s): see Fuzz/crashes/"; exit 1; }
