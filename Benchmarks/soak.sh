#!/usr/bin/env bash
# Soak: 1,000,000 checked /validate requests over TLS against the slim server.
#
#   Benchmarks/soak.sh                              # 1,000,000 requests at c=256 (~2-4 min on 2 cores)
#   REQUESTS=20000 Benchmarks/soak.sh               # smoke test
#   REQUESTS=200000 CONCURRENCY=64 WARMUP=5000 Benchmarks/soak.sh
#   PRODUCT=nncp-guard Benchmarks/soak.sh           # `nncp-guard serve --slim` instead of nncp-guard-slim
#   SERVER_BIN=/path/to/nncp-guard-slim Benchmarks/soak.sh   # a server built elsewhere (A/B runs)
#   LOG_LEVEL=notice SERVER_LOG=/tmp/server.log Benchmarks/soak.sh   # keep the whole server log
#
# The server (one event loop, JSON access log at info; the last 2 MB of its
# output kept in Benchmarks/out/soak/server.log unless SERVER_LOG names a
# file for all of it) runs pinned to core 0 on a free loopback port with
# throwaway certificates from `nncp-guard certs generate`. Release builds
# use their own scratch path (SCRATCH, default .build-soak).
# `nncp-guard-bench soak` (Benchmarks/Sources/nncp-guard-bench/Soak.swift)
# loads it from core 1: CONCURRENCY keep-alive TLS connections, one request
# in flight on each, WARMUP + REQUESTS requests cycling through a fixed mix of
# valid reviews (65 %, 200 allowed), invalid ones (20 %, 200 denied with the
# expected rule ids) and malformed requests (15 %: broken JSON, wrong kind,
# missing uid, unsupported version, wrong content type, GET, unknown path,
# and 0.1 % a 64 MiB Content-Length that must get 413 and a close). Every
# response is checked (status, uid echo, allowed, rule ids, error reason);
# anything else, and any close the server did not announce, is "unexpected".
#
# The server's VmRSS and open fds are read from /proc after the warm-up
# ("start"), half way and at the end of the measured requests; fds also
# before the load and after the client has closed every connection.
#
# PASS/FAIL (exit 1 on any FAIL):
#   - 0 unexpected outcomes, every request completed, server still running
#   - RSS at the middle and the end within RSS_TOLERANCE_PCT (10) of the start
#   - open fds after the run within FD_TOLERANCE (2) of the count before it
#
# Loopback only, bounded: the client has a per-request timeout and an
# overall --max-seconds, every wait here has a timeout, and the server
# started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/Benchmarks/out/soak
SCRATCH=${SCRATCH:-.build-soak}
PRODUCT=${PRODUCT:-nncp-guard-slim}
REQUESTS=${REQUESTS:-1000000}
CONCURRENCY=${CONCURRENCY:-256}
WARMUP=${WARMUP:-20000}
INPUTS=${INPUTS:-$ROOT/testdata/admission}
LOG_LEVEL=${LOG_LEVEL:-info}
LOG_FORMAT=${LOG_FORMAT:-json}
SERVER_LOG=${SERVER_LOG:-}
RSS_TOLERANCE_PCT=${RSS_TOLERANCE_PCT:-10}
FD_TOLERANCE=${FD_TOLERANCE:-2}
MAX_SECONDS=${MAX_SECONDS:-3600}
SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}
mkdir -p "$OUT"

log() { printf '==> %s\n' "$*" >&2; }
T_START=$(date +%s)

SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

# --- 1. build -----------------------------------------------------------------
# Everything from the Benchmarks package (it depends on the main one), so
# the server and the client share one scratch path and one set of packages.
case $SCRATCH in /*) ;; *) SCRATCH=$ROOT/$SCRATCH ;; esac
products=(nncp-guard nncp-guard-bench)
[ "$PRODUCT" = nncp-guard ] || [ -n "${SERVER_BIN:-}" ] || products+=("$PRODUCT")
for p in "${products[@]}"; do
  log "building $p (release, scratch path ${SCRATCH#$ROOT/})"
  swift build -c release --package-path Benchmarks --scratch-path "$SCRATCH" --product "$p" 2>&1 | tail -n 1 >&2
done
BIN_DIR="$(swift build -c release --package-path Benchmarks --scratch-path "$SCRATCH" --show-bin-path)"
GUARD="$BIN_DIR/nncp-guard"
BENCH="$BIN_DIR/nncp-guard-bench"
if [ -n "${SERVER_BIN:-}" ]; then
  PRODUCT=$(basename "$SERVER_BIN")
  [ "$PRODUCT" = nncp-guard ] && SERVE=("$SERVER_BIN" serve --slim) || SERVE=("$SERVER_BIN")
elif [ "$PRODUCT" = nncp-guard ]; then
  SERVE=("$GUARD" serve --slim)
else
  SERVE=("$BIN_DIR/$PRODUCT")
fi

# --- 2. dev certificates ----------------------------------------------------------
CERTS=$OUT/certs
log "generating certificates in ${CERTS#$ROOT/}"
"$GUARD" certs generate --out-dir "$CERTS" --dns-name localhost --ip 127.0.0.1 --force >/dev/null

# --- 3. server on a free loopback port, core 0 -------------------------------------
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
log "starting ${SERVE[*]##*/} on 127.0.0.1:$PORT (core $SERVER_CORE, $LOG_FORMAT log at $LOG_LEVEL)"
SERVER_ARGS=(--tls-cert-file "$CERTS/tls.crt" --tls-key-file "$CERTS/tls.key"
  --bind "127.0.0.1:$PORT" --metrics-bind off --event-loop-threads 1
  --log-level "$LOG_LEVEL" --log-format "$LOG_FORMAT")
if [ -n "$SERVER_LOG" ]; then
  taskset -c "$SERVER_CORE" "${SERVE[@]}" "${SERVER_ARGS[@]}" >"$SERVER_LOG" 2>&1 &
else
  # One access-log line per request: keep only the last 2 MB (a crash
  # report ends up there), read on the client's core.
  SERVER_LOG=$OUT/server.log
  taskset -c "$SERVER_CORE" "${SERVE[@]}" "${SERVER_ARGS[@]}" \
    > >(taskset -c "$CLIENT_CORE" tail -c 2000000 >"$SERVER_LOG") 2>&1 &
fi
SERVER=$!
ready=0
for _ in $(seq 1 200); do
  if curl -s -o /dev/null --max-time 2 --cacert "$CERTS/ca.crt" "https://localhost:$PORT/healthz" \
       --resolve "localhost:$PORT:127.0.0.1" 2>/dev/null; then ready=1; break; fi
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.05
done
if [ "$ready" -ne 1 ]; then
  log "server did not come up"; kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""
  sleep 0.2; tail -n 20 "$SERVER_LOG" >&2; exit 1
fi

fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Settle: the readiness probe's connection must be gone before the baseline.
FDS_BEFORE=$(fd_count "$SERVER")
for _ in $(seq 1 50); do
  sleep 0.1
  now=$(fd_count "$SERVER")
  [ "$now" -eq "$FDS_BEFORE" ] && break
  FDS_BEFORE=$now
done
RSS_IDLE_KB=$(rss_kb "$SERVER")
CPU_BEFORE=$(cpu_ticks "$SERVER")
log "server pid $SERVER: idle RSS $((RSS_IDLE_KB / 1024)) MB, $FDS_BEFORE open fds"

# --- 4. load from core 1 --------------------------------------------------------------
log "nncp-guard-bench soak: $WARMUP warm-up + $REQUESTS requests at concurrency $CONCURRENCY (core $CLIENT_CORE)"
T_LOAD=$(date +%s.%N)
set +e
taskset -c "$CLIENT_CORE" "$BENCH" soak --host 127.0.0.1 --server-name localhost --port "$PORT" --ca "$CERTS/ca.crt" \
  --requests "$REQUESTS" --warmup "$WARMUP" --concurrency "$CONCURRENCY" --inputs "$INPUTS" \
  --server-pid "$SERVER" --max-seconds "$MAX_SECONDS" --progress $(( (REQUESTS + WARMUP) / 10 )) \
  | tee "$OUT/soak.log"
BENCH_STATUS=${PIPESTATUS[0]}
set -e
T_LOAD_END=$(date +%s.%N)

# --- 5. after the run -------------------------------------------------------------------
ALIVE=1
SERVER_EXIT=""
if ! kill -0 "$SERVER" 2>/dev/null; then
  ALIVE=0
  set +e; wait "$SERVER"; SERVER_EXIT=$?; set -e
  SERVER=""
  sleep 0.5  # let the log reader flush
  log "the server exited during the run (status $SERVER_EXIT); last lines of $SERVER_LOG:"
  tail -n 20 "$SERVER_LOG" >&2 || true
fi
FDS_AFTER=-1
RSS_AFTER_KB=-1
CPU_AFTER=$CPU_BEFORE
if [ "$ALIVE" -eq 1 ]; then
  # The client closed its connections before exiting; give the server's
  # event loop up to 10 s to process the closes.
  for _ in $(seq 1 100); do
    FDS_AFTER=$(fd_count "$SERVER")
    [ "$FDS_AFTER" -le $((FDS_BEFORE + FD_TOLERANCE)) ] && break
    sleep 0.1
  done
  RSS_AFTER_KB=$(rss_kb "$SERVER")
  CPU_AFTER=$(cpu_ticks "$SERVER")
fi

val() { sed -nE "s/^soak: .*\\b$1=(-?[0-9.]+).*/\\1/p" "$OUT/soak.log" | tail -n 1; }
COMPLETED=$(val completed); UNEXPECTED=$(val unexpected); ABORTED=$(val aborted)
RSS_START=$(val rss_kb_start); RSS_MIDDLE=$(val rss_kb_middle); RSS_END=$(val rss_kb_end)
RPS=$(val rps); P50=$(val p50_us); P99=$(val p99_us); MAX=$(val max_us)

python3 - "$REQUESTS" "$WARMUP" "${COMPLETED:--1}" "${UNEXPECTED:--1}" "${ABORTED:-1}" "$BENCH_STATUS" "$ALIVE" \
  "${RSS_START:--1}" "${RSS_MIDDLE:--1}" "${RSS_END:--1}" "$RSS_IDLE_KB" "$RSS_AFTER_KB" "$RSS_TOLERANCE_PCT" \
  "$FDS_BEFORE" "$FDS_AFTER" "$FD_TOLERANCE" "$CPU_BEFORE" "$CPU_AFTER" "$(getconf CLK_TCK)" \
  "$T_LOAD" "$T_LOAD_END" "$T_START" "$(date +%s)" "${RPS:-0}" "${P50:--1}" "${P99:--1}" "${MAX:--1}" "$CONCURRENCY" \
  "$PRODUCT" "$SERVER_LOG" "$SERVER_EXIT" <<'PY'
import sys
a = sys.argv[1:]
(requests, warmup, completed, unexpected, aborted, bench_status, alive,
 rss_start, rss_middle, rss_end, rss_idle, rss_after, rss_tol,
 fds_before, fds_after, fd_tol, cpu0, cpu1, hz) = (int(x) for x in a[:19])
t_load, t_load_end, t_start, t_end = (float(x) for x in a[19:23])
rps, p50, p99, mx, conc = a[23], a[24], a[25], a[26], a[27]
product, server_log, server_exit = a[28], a[29], a[30]
mb = lambda kb: f"{kb / 1024:.1f} MB" if kb >= 0 else "n/a"
print()
print(f"== soak summary: {product}, {requests} requests (+{warmup} warm-up) at concurrency {conc}, TLS keep-alive")
print(f"throughput {rps} req/s; latency p50 {p50} µs, p99 {p99} µs, max {mx} µs")
cpu_us = (cpu1 - cpu0) * 1e6 / hz / max(1, completed)
print(f"server CPU {cpu_us:.1f} µs per request; load phase {t_load_end - t_load:.1f} s; script wall time {t_end - t_start:.0f} s")
print(f"server RSS: idle {mb(rss_idle)}, start {mb(rss_start)}, middle {mb(rss_middle)}, end {mb(rss_end)}, after {mb(rss_after)}")
print(f"server open fds: before {fds_before}, after {fds_after}")
print(f"server log: {server_log}")
fails = 0
def check(ok, what):
    global fails
    print(f"{'PASS' if ok else 'FAIL'}: {what}")
    fails += 0 if ok else 1
check(unexpected == 0 and aborted == 0 and bench_status == 0 and completed == requests + warmup,
      f"unexpected outcomes: {unexpected} (completed {completed} of {requests + warmup}, client exit {bench_status})")
check(alive == 1, "server still running after the run" + ("" if alive else f" (it exited with status {server_exit})"))
def flat(x):
    return rss_start > 0 and x > 0 and abs(x - rss_start) * 100 <= rss_tol * rss_start
def pct(x):
    return f"{(x - rss_start) * 100 / rss_start:+.1f} %" if rss_start > 0 and x > 0 else "n/a"
check(flat(rss_middle) and flat(rss_end),
      f"RSS flat within {rss_tol} %: start {mb(rss_start)}, middle {mb(rss_middle)} ({pct(rss_middle)}), end {mb(rss_end)} ({pct(rss_end)})")
check(fds_after >= 0 and abs(fds_after - fds_before) <= fd_tol,
      f"open fds back to baseline (± {fd_tol}): before {fds_before}, after {fds_after}")
sys.exit(1 if fails else 0)
PY
