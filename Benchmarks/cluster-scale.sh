#!/usr/bin/env bash
# Full mode end to end at cluster scale: a release `nncp-guard serve`
# (--kubeconfig, certificates from files) syncing realistic Nodes and
# NodeNetworkStates through its informers (paged list, then watch) from a
# fake kube-apiserver in another process, then NodeNetworkState updates,
# then /validate. Benchmarks/cluster.sh measures the rules on a view built
# directly; this one measures what a cluster costs the running server.
#
#   Benchmarks/cluster-scale.sh                          # 1,000 and 5,000 nodes
#   NODES=1000 Benchmarks/cluster-scale.sh               # quick run
#   BEFORE=/path/to/old/nncp-guard Benchmarks/cluster-scale.sh   # the same, for both binaries
#   NNCP_GUARD=/path/to/nncp-guard BENCH=/path/to/nncp-guard-bench Benchmarks/cluster-scale.sh   # no build
#
# Knobs: NODES ("1000 5000"), EVENTS (2000), REQUESTS (300), WARMUP (20),
# PROBE_MAX_SECONDS (240: past it a probe stops once 20 requests are
# measured), SETTLE (5 s), MEMORY_LIMIT_MB (4096), READY_TIMEOUT (600 s),
# FAIL_FAST (3 failed lists/watches end the wait for ready),
# BEFORE_MAX_PAGE (50), SERVER_CPUS (0) and CLIENT_CPUS (1) for taskset,
# SCRATCH (.build-bench).
#
# With BEFORE, the other binary runs twice: "before", against the same
# cluster as "after", and "before-pN", against one that returns at most
# BEFORE_MAX_PAGE items per list page (an API server may return fewer
# than `limit`; clients follow `continue`). The second shows what the old
# binary costs when its own page size would not let it sync at all.
#
# The cluster (`nncp-guard-bench fake-cluster`, KubeAPITesting's
# FakeAPIServer in its own process, so the server's RSS is its own):
# N Nodes and N NodeNetworkStates from RealisticCluster (a normal node's
# state is tens of KB of JSON; every tenth node is a telco node with a
# thousand VLANs), 20 literal NNCPs on racks and 2 with captures. Plain
# HTTP with a bearer token; a fresh cluster for every binary and size.
#
# For each N and binary, printed in one table:
#   - ready: from exec to the first 200 on /readyz (every cache synced);
#     the API answers from the start; and the server's CPU time until then
#   - RSS (VmRSS) and peak (VmHWM) at ready and after SETTLE seconds
#   - CPU (utime+stime) per NodeNetworkState update: EVENTS MODIFIED events
#     spread over the nodes (each node's next revision), from the first
#     push until the server's CPU has stopped for a second
#   - /validate over TLS, one connection, one request at a time, WARMUP then
#     REQUESTS: first (cold) request, p50, p99, max, for (a) a literal policy
#     selecting one node (an MTU change on ens35) and (b) a bridge on the
#     default-gateway NIC with captures, selecting every worker
# then ready(largest N)/ready(smallest N) against the node ratio (linear
# first sync: equal) and RSS per node.
#
# Targets: 5,000 nodes in <= 200 MiB RSS; ready <= 15 s; p99 (a) <= 2 ms,
# (b) <= 50 ms. A server whose RSS passes MEMORY_LIMIT_MB is killed and
# reported as "exceeded" instead of taking the machine down.
#
# Wall-clock numbers (ready, latency) depend on what else runs on the
# machine; CPU times and memory do not. Next to them the report gives how
# long the server's threads waited for a core (/proc/PID/task/*/schedstat),
# and ready minus that wait. Loopback only, bounded: every
# wait has a timeout and every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/Benchmarks/out/cluster-scale
SCRATCH=${SCRATCH:-.build-bench}
NODES=${NODES:-"1000 5000"}
EVENTS=${EVENTS:-2000}
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-20}
SETTLE=${SETTLE:-5}
MEMORY_LIMIT_MB=${MEMORY_LIMIT_MB:-4096}
READY_TIMEOUT=${READY_TIMEOUT:-600}
FAIL_FAST=${FAIL_FAST:-3}
PROBE_MAX_SECONDS=${PROBE_MAX_SECONDS:-240}
BEFORE_MAX_PAGE=${BEFORE_MAX_PAGE:-50}
SERVER_CPUS=${SERVER_CPUS:-0}
CLIENT_CPUS=${CLIENT_CPUS:-1}
BEFORE=${BEFORE:-}
mkdir -p "$OUT"

log() { printf '==> %s\n' "$*" >&2; }
CLK_TCK=$(getconf CLK_TCK)

# Processes started here; stopped on exit.
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# --- 1. build ---------------------------------------------------------------------
if [ -z "${NNCP_GUARD:-}" ] || [ -z "${BENCH:-}" ]; then
  for p in nncp-guard nncp-guard-bench; do
    log "building $p (release, scratch path $SCRATCH)"
    swift build -c release --package-path Benchmarks --scratch-path "$SCRATCH" --product "$p" 2>&1 | tail -n 1 >&2
  done
  BIN_DIR="$(swift build -c release --package-path Benchmarks --scratch-path "$SCRATCH" --show-bin-path)"
fi
GUARD=${NNCP_GUARD:-$BIN_DIR/nncp-guard}
BENCH=${BENCH:-$BIN_DIR/nncp-guard-bench}
# label|binary|most items per list page ("" = as the client asks)
BINARIES=("after|$GUARD|")
if [ -n "$BEFORE" ]; then
  BINARIES+=("before|$BEFORE|")
  [ -n "$BEFORE_MAX_PAGE" ] && BINARIES+=("before-p$BEFORE_MAX_PAGE|$BEFORE|$BEFORE_MAX_PAGE")
fi

# --- 2. certificates and the two reviews ---------------------------------------------
CERTS=$OUT/certs
"$GUARD" certs generate --out-dir "$CERTS" --dns-name localhost --ip 127.0.0.1 --force >/dev/null
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
def review(uid, name, spec):
    policy = {"apiVersion": "nmstate.io/v1", "kind": "NodeNetworkConfigurationPolicy",
              "metadata": {"name": name}, "spec": spec}
    gvk = {"group": "nmstate.io", "version": "v1", "kind": "NodeNetworkConfigurationPolicy"}
    gvr = {"group": "nmstate.io", "version": "v1", "resource": "nodenetworkconfigurationpolicies"}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": uid, "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
                        "name": name, "namespace": "", "operation": "CREATE",
                        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]},
                        "object": policy, "oldObject": None, "dryRun": False,
                        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions", "fieldManager": "kubectl"}}}
# (a) literal, one node: jumbo frames on the secondary NIC of worker-00042.
literal = review("5c0a1e2b-0000-4000-8000-00000000000a", "ens35-mtu-worker-00042", {
    "nodeSelector": {"kubernetes.io/hostname": "worker-00042"},
    "desiredState": {"interfaces": [{"name": "ens35", "type": "ethernet", "state": "up", "mtu": 9000}]}})
# (b) captures, every worker: a bridge on the NIC of the default route.
capture = review("5c0a1e2b-0000-4000-8000-00000000000b", "br-ex-default-gw", {
    "nodeSelector": {"node-role.kubernetes.io/worker": ""},
    "capture": {
        "default-gw": 'routes.running.destination=="0.0.0.0/0"',
        "base-iface": "interfaces.name==capture.default-gw.routes.running.0.next-hop-interface"},
    "desiredState": {
        "interfaces": [{"name": "br-ex", "type": "linux-bridge", "state": "up",
                        "ipv4": "{{ capture.base-iface.interfaces.0.ipv4 }}",
                        "bridge": {"options": {"stp": {"enabled": False}},
                                   "port": [{"name": "{{ capture.base-iface.interfaces.0.name }}"}]}}],
        "routes": {"config": [{"destination": "0.0.0.0/0",
                               "next-hop-address": "{{ capture.default-gw.routes.running.0.next-hop-address }}",
                               "next-hop-interface": "br-ex"}]}}})
json.dump(literal, open(f"{out}/review-literal.json", "w"))
json.dump(capture, open(f"{out}/review-capture.json", "w"))
PY

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Running, not a zombie waiting to be reaped (kill -0 succeeds on those).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo -1; }
# Nanoseconds the process's threads have spent runnable but waiting for a
# core (schedstat): on a shared machine the part of wall-clock numbers
# that is other people's work.
runq_ns() { cat "/proc/$1"/task/*/schedstat 2>/dev/null | awk '{w += $2} END {printf "%.0f", w}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo -1; }
now() { date +%s.%N; }
# wait_line FILE PATTERN SECONDS: until a line of FILE matches.
wait_line() {
  local deadline=$(( $(date +%s) + $3 ))
  until grep -q "$2" "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

RESULTS=$OUT/results.txt
: >"$RESULTS"

# measure LABEL BINARY MAX_PAGE N: one row of key=value fields in $RESULTS.
measure() {
  local label=$1 bin=$2 maxpage=$3 n=$4
  local dir=$OUT/$label-$n
  rm -rf "$dir"; mkdir -p "$dir"
  local row="label=$label nodes=$n"

  # The cluster, commanded through a FIFO on its standard input.
  log "[$label, $n nodes] filling the fake cluster"
  mkfifo "$dir/control"
  taskset -c "$CLIENT_CPUS" "$BENCH" fake-cluster --nodes "$n" --kubeconfig-out "$dir/kubeconfig" \
    ${maxpage:+--max-page "$maxpage"} <"$dir/control" >"$dir/fake.log" 2>&1 &
  local fake=$!
  PIDS+=("$fake")
  exec 3>"$dir/control"
  if ! wait_line "$dir/fake.log" '^fake-cluster: ready' 1800; then
    log "the fake cluster did not come up"; cat "$dir/fake.log" >&2; exit 1
  fi
  local fakeline; fakeline=$(grep '^fake-cluster: ready' "$dir/fake.log")
  log "${fakeline#fake-cluster: }"
  row+=" states_mb=$(sed -E 's/.*states_mb=([0-9.]+).*/\1/' <<<"$fakeline")"

  # The server, with a watchdog on its RSS.
  local port mport
  port=$(free_port); mport=$(free_port)
  log "[$label, $n nodes] starting $(basename "$bin") serve (full mode, cores $SERVER_CPUS)"
  local t0 fake0 fakew0; t0=$(now); fake0=$(cpu_ticks "$fake"); fakew0=$(runq_ns "$fake")
  taskset -c "$SERVER_CPUS" "$bin" serve --kubeconfig "$dir/kubeconfig" --cert-mode files \
    --tls-cert-file "$CERTS/tls.crt" --tls-key-file "$CERTS/tls.key" \
    --bind "127.0.0.1:$port" --metrics-bind "127.0.0.1:$mport" --log-level warning >"$dir/serve.log" 2>&1 3>&- &
  local server=$!
  PIDS+=("$server")
  (
    while alive "$server"; do
      rss=$(status_kb "$server" VmRSS)
      if [ "${rss:-0}" -gt $((MEMORY_LIMIT_MB * 1024)) ]; then
        echo "$rss $(now)" >"$dir/exceeded"
        kill -9 "$server" 2>/dev/null
        exit 0
      fi
      sleep 0.1
    done
  ) 3>&- &
  local watchdog=$!
  PIDS+=("$watchdog")

  # Ready: every cache synced.
  local ready="" code failures=0
  local deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ] && alive "$server"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$mport/readyz" 2>/dev/null || true)
    if [ "$code" = 200 ]; then ready=$(now); break; fi
    failures=$(grep -c 'list/watch failed' "$dir/serve.log" || true)
    [ "$failures" -ge "$FAIL_FAST" ] && break
    sleep 0.05
  done
  if [ -z "$ready" ]; then
    sleep 0.3
    if [ -f "$dir/exceeded" ]; then
      read -r rss t <"$dir/exceeded"
      row+=" outcome=exceeded rss_mb=$((rss / 1024)) after_s=$(echo "$t - $t0" | bc -l | xargs printf '%.1f')"
      log "[$label, $n nodes] RSS passed $MEMORY_LIMIT_MB MiB: killed"
    elif ! alive "$server"; then
      row+=" outcome=exited"
      tail -n 3 "$dir/serve.log" >"$dir/why"
      log "[$label, $n nodes] the server exited before ready:"; tail -n 20 "$dir/serve.log" >&2
    elif [ "$failures" -ge "$FAIL_FAST" ]; then
      row+=" outcome=never-ready failures=$failures rss_mb=$(( $(status_kb "$server" VmRSS) / 1024 )) after_s=$(echo "$(now) - $t0" | bc -l | xargs printf '%.1f')"
      grep 'list/watch failed' "$dir/serve.log" | tail -n 1 | sed -E 's/.* error=(.*) resource=.*/\1/' >"$dir/why"
      log "[$label, $n nodes] $failures failed lists/watches, not ready: $(cat "$dir/why")"
    else
      row+=" outcome=not-ready-after-${READY_TIMEOUT}s"
    fi
    row+=" why=$dir/why"
    kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true; wait "$watchdog" 2>/dev/null || true
    echo quit >&3; exec 3>&-; wait "$fake" 2>/dev/null || true
    echo "$row" >>"$RESULTS"
    return
  fi
  row+=" outcome=ok ready_s=$(echo "$ready - $t0" | bc -l | xargs printf '%.2f') ready_ticks=$(cpu_ticks "$server")"
  row+=" api_ready_ticks=$(( $(cpu_ticks "$fake") - fake0 )) api_ready_wait_ns=$(( $(runq_ns "$fake") - fakew0 )) ready_wait_ns=$(runq_ns "$server")"
  row+=" rss_ready_kb=$(status_kb "$server" VmRSS) hwm_ready_kb=$(status_kb "$server" VmHWM)"
  log "[$label, $n nodes] ready after $(echo "$ready - $t0" | bc -l | xargs printf '%.2f') s"

  # Settle, then memory again; idle CPU over the same time.
  local idle0; idle0=$(cpu_ticks "$server")
  sleep "$SETTLE"
  row+=" rss_settled_kb=$(status_kb "$server" VmRSS) hwm_settled_kb=$(status_kb "$server" VmHWM)"
  row+=" idle_ticks=$(( $(cpu_ticks "$server") - idle0 ))"

  # Update events: CPU from the first push until the server is idle again.
  log "[$label, $n nodes] pushing $EVENTS NodeNetworkState updates"
  local c0 c1 t1 tlast last cur still=0
  c0=$(cpu_ticks "$server"); t1=$(now); local w0; w0=$(runq_ns "$server")
  echo "push $EVENTS" >&3
  if ! wait_line "$dir/fake.log" '^fake-cluster: pushed' 1800; then
    log "the fake cluster did not push"; exit 1
  fi
  last=$(cpu_ticks "$server"); tlast=$(now)
  deadline=$(( $(date +%s) + 1800 ))
  # Idle: at most one tick in a whole second.
  while [ "$(date +%s)" -lt "$deadline" ] && alive "$server"; do
    sleep 1
    cur=$(cpu_ticks "$server")
    if [ $((cur - last)) -le 1 ]; then still=1; break; fi
    last=$cur; tlast=$(now)
  done
  if [ -f "$dir/exceeded" ] || ! alive "$server"; then
    row+=" outcome=exceeded-during-events"
    [ -f "$dir/exceeded" ] && { read -r rss t <"$dir/exceeded"; row+=" rss_mb=$((rss / 1024))"; }
  else
    c1=$last
    row+=" event_ticks=$((c1 - c0)) events_wait_ns=$(( $(runq_ns "$server") - w0 )) events=$EVENTS events_wall_s=$(echo "$tlast - $t1" | bc -l | xargs printf '%.2f') events_settled=$still"
    row+=" push_s=$(sed -nE 's/^fake-cluster: pushed .*seconds=([0-9.]+).*/\1/p' "$dir/fake.log") telco_events=$(sed -nE 's/^fake-cluster: pushed .*telco=([0-9]+).*/\1/p' "$dir/fake.log")"
    row+=" rss_events_kb=$(status_kb "$server" VmRSS) hwm_events_kb=$(status_kb "$server" VmHWM)"

    # /validate, one connection, sequential.
    for c in literal capture; do
      log "[$label, $n nodes] /validate $c: $WARMUP warm-up + $REQUESTS requests"
      local pc0 pw0; pc0=$(cpu_ticks "$server"); pw0=$(runq_ns "$server")
      taskset -c "$CLIENT_CPUS" "$BENCH" probe --port "$port" --ca "$CERTS/ca.crt" --server-name localhost \
        --body "$OUT/review-$c.json" --label "$c" --requests "$REQUESTS" --warmup "$WARMUP" --max-seconds "$PROBE_MAX_SECONDS" \
        >"$dir/probe-$c.log" 2>&1 3>&- || true
      row+=" ${c}_cpu_ticks=$(( $(cpu_ticks "$server") - pc0 )) ${c}_wait_ns=$(( $(runq_ns "$server") - pw0 ))"
      grep '^probe:' "$dir/probe-$c.log" >&2 || cat "$dir/probe-$c.log" >&2
      local p; p=$(grep -E '^probe: label=[a-z]+ requests=' "$dir/probe-$c.log" || true)
      for k in requests first_us p50_us p99_us max_us bad allowed warnings wait_us; do
        row+=" ${c}_$k=$(sed -nE "s/.* $k=([^ ]+).*/\\1/p" <<<"$p")"
      done
    done
    row+=" rss_end_kb=$(status_kb "$server" VmRSS) hwm_end_kb=$(status_kb "$server" VmHWM)"
  fi

  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  kill "$watchdog" 2>/dev/null || true; wait "$watchdog" 2>/dev/null || true
  echo quit >&3; exec 3>&-
  wait "$fake" 2>/dev/null || true
  echo "$row" >>"$RESULTS"
}

for n in $NODES; do
  for entry in "${BINARIES[@]}"; do
    IFS='|' read -r label bin maxpage <<<"$entry"
    measure "$label" "$bin" "$maxpage" "$n"
  done
done

# --- report ------------------------------------------------------------------------------
python3 - "$RESULTS" "$CLK_TCK" "$EVENTS" "$REQUESTS" "$WARMUP" "$SETTLE" "$MEMORY_LIMIT_MB" "$SERVER_CPUS" "$CLIENT_CPUS" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "${BINARIES[*]}" "$BEFORE_MAX_PAGE" <<'PY'
import os, sys
(path, hz, events, requests, warmup, settle, limit, server_cpus, client_cpus, commit, binaries, max_page) = sys.argv[1:]
hz = int(hz)
rows = []
for line in open(path):
    rows.append(dict(kv.split("=", 1) for kv in line.split()))
def f(r, k, default=None):
    v = r.get(k, "")
    try: return float(v)
    except ValueError: return default
mib = lambda kb: f"{kb / 1024:.0f}" if kb is not None and kb >= 0 else "n/a"
ms = lambda us: f"{us / 1000:.2f}" if us is not None else "n/a"

print()
print(f"nncp-guard full mode at cluster scale (commit {commit}); server on cores {server_cpus}, fake API server and client on {client_cpus}")
print("binaries: " + ", ".join(f"{b.split('|')[0]} = {b.split('|')[1]}" + (f" (list pages of at most {b.split('|')[2]} items)" if b.split('|')[2] else "") for b in binaries.split()))
print(f"{events} NodeNetworkState updates; /validate: {warmup} warm-up + {requests} sequential requests on one TLS connection; settle {settle} s; RSS limit {limit} MiB")
print()
hdr = (f"{'binary':<11}{'nodes':>6} {'NNS MB':>7} {'ready s':>8} {'CPU s':>6} {'RSS@ready':>10} {'HWM@ready':>10} {'RSS settled':>12} "
       f"{'CPU ms/event':>13} {'RSS events':>11} │ {'(a) first':>9} {'p50':>6} {'p99':>6} {'max':>6} │ {'(b) first':>9} {'p50':>6} {'p99':>6} {'max':>7}")
print(hdr)
print("─" * len(hdr))
for r in rows:
    head = f"{r['label']:<11}{r['nodes']:>6} {r.get('states_mb', 'n/a'):>7} "
    why = ""
    if r.get("why") and os.path.exists(r["why"]):
        why = open(r["why"]).read().strip().replace("\n", " / ")
    if r.get("outcome") == "exceeded":
        print(head + f"exceeded {limit} MiB (RSS {r.get('rss_mb')} MiB after {r.get('after_s')} s, killed)")
        continue
    if r.get("outcome") == "never-ready":
        print(head + f"never ready: {r.get('failures')} failed lists/watches in {r.get('after_s')} s (RSS {r.get('rss_mb')} MiB); last: {why[:160]}")
        continue
    if r.get("outcome") not in ("ok", "exceeded-during-events"):
        print(head + f"{r.get('outcome')} {why[:200]}")
        continue
    cpu = f(r, "event_ticks")
    cpu_ms = f"{cpu * 1000 / hz / int(r['events']):.2f}" if cpu is not None else "n/a"
    line = (head + f"{r['ready_s']:>8} {f(r, 'ready_ticks', 0) / hz:>6.1f} {mib(f(r, 'rss_ready_kb')):>10} {mib(f(r, 'hwm_ready_kb')):>10} {mib(f(r, 'rss_settled_kb')):>12} "
            f"{cpu_ms:>13} {mib(f(r, 'rss_events_kb')):>11} │ ")
    if r.get("outcome") == "exceeded-during-events":
        print(line + f"exceeded {limit} MiB during the updates (killed)")
        continue
    line += (f"{ms(f(r, 'literal_first_us')):>9} {ms(f(r, 'literal_p50_us')):>6} {ms(f(r, 'literal_p99_us')):>6} {ms(f(r, 'literal_max_us')):>6} │ "
             f"{ms(f(r, 'capture_first_us')):>9} {ms(f(r, 'capture_p50_us')):>6} {ms(f(r, 'capture_p99_us')):>6} {ms(f(r, 'capture_max_us')):>7}")
    short = [f"{c} {r.get(c + '_requests')} requests" for c in ("literal", "capture") if r.get(c + "_requests") not in (None, "", requests)]
    print(line + (f"  ({', '.join(short)})" if short else ""))
print("(CPU s: the server's CPU time from exec to ready; memory in MiB: VmRSS / VmHWM; latency in ms;")
print(" (a) literal policy on one node, (b) captures on every worker)")
print()
for r in rows:
    if r.get("outcome") != "ok": continue
    extra = []
    if r.get("events_settled") != "1": extra.append("server CPU had not settled")
    per_request = []
    for c, name in (("literal", "(a)"), ("capture", "(b)")):
        t, n, w = f(r, c + "_cpu_ticks"), f(r, c + "_requests"), f(r, c + "_wait_ns", 0)
        if t is not None and n:
            total = n + int(warmup)
            cw = f(r, c + "_wait_us", 0)
            per_request.append(f"{name} server CPU {t * 1000 / hz / total:.2f} ms, waits for a core: server {w / 1e6 / total:.2f} ms, client {cw / 1e3 / total:.2f} ms")
    wait_s = f(r, "ready_wait_ns", 0) / 1e9
    print(f"{r['label']:<11}{r['nodes']:>6}: until ready: {r['ready_s']} s, of which the server waited {wait_s:.1f} s for a core "
          f"(ready minus that: {f(r, 'ready_s') - wait_s:.1f} s); the fake API server used {f(r, 'api_ready_ticks', 0) / hz:.1f} s CPU "
          f"and waited {f(r, 'api_ready_wait_ns', 0) / 1e9:.1f} s for a core")
    print(f"{'':<17}  /validate per request: {'; '.join(per_request)}")
    print(f"{'':<17}  updates: {r['events']} events ({r.get('telco_events')} telco) pushed in {r.get('push_s')} s, "
          f"server busy {r.get('events_wall_s')} s (waiting for a core {f(r, 'events_wait_ns', 0) / 1e9:.1f} s); idle CPU {int(f(r, 'idle_ticks', 0)) * 1000 // hz} ms over {settle} s; "
          f"peak RSS {mib(f(r, 'hwm_end_kb'))} MiB; verdicts (a) allowed={r.get('literal_allowed')} warnings={r.get('literal_warnings')}, "
          f"(b) allowed={r.get('capture_allowed')} warnings={r.get('capture_warnings')}; bad answers {r.get('literal_bad')}/{r.get('capture_bad')}"
          + (f" [{'; '.join(extra)}]" if extra else ""))
print()

# Linearity and targets, per binary.
for label in dict.fromkeys(r["label"] for r in rows):
    ok = sorted((r for r in rows if r["label"] == label and r.get("outcome") == "ok"), key=lambda r: int(r["nodes"]))
    if len(ok) >= 2:
        a, b = ok[0], ok[-1]
        na, nb = int(a["nodes"]), int(b["nodes"])
        ra, rb = f(a, "ready_s"), f(b, "ready_s")
        ma, mb = f(a, "rss_settled_kb"), f(b, "rss_settled_kb")
        ca, cb = f(a, "ready_ticks"), f(b, "ready_ticks")
        print(f"{label}: ready({nb})/ready({na}) = {rb / ra:.2f}, CPU to ready {cb / ca:.2f}, for {nb / na:.1f}x the nodes (linear: equal); "
              f"RSS per node: {mb / nb:.1f} KiB at {nb}, {ma / na:.1f} KiB at {na}, marginal {(mb - ma) / (nb - na):.1f} KiB")
    for r in ok:
        n = int(r["nodes"])
        checks = [("ready <= 15 s", f(r, "ready_s") <= 15),
                  ("ready minus waits for a core <= 15 s", f(r, "ready_s") - f(r, "ready_wait_ns", 0) / 1e9 <= 15)]
        if n >= 5000:
            checks.append(("RSS <= 200 MiB", f(r, "rss_settled_kb") <= 200 * 1024))
        checks.append(("(a) p99 <= 2 ms", (f(r, "literal_p99_us") or 1e12) <= 2000))
        checks.append(("(b) p99 <= 50 ms", (f(r, "capture_p99_us") or 1e12) <= 50000))
        print(f"{label} {n:>5} nodes, targets: " + ", ".join(f"{name} {'yes' if good else 'NO'}" for name, good in checks))
PY
