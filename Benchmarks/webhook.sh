#!/usr/bin/env bash
# Webhook server throughput, latency and CPU cost, side by side with nginx.
#
#   Benchmarks/webhook.sh                       # 3 s per point
#   DURATION=5 CONCURRENCY="1 16" Benchmarks/webhook.sh
#   SCRATCH=.build-server Benchmarks/webhook.sh  # reuse a scratch path
#   PRODUCT=nncp-guard Benchmarks/webhook.sh      # `nncp-guard serve --slim` (default: nncp-guard-slim)
#   LOG_LEVEL=warning Benchmarks/webhook.sh      # without the access log
#   LOG_FORMAT=text Benchmarks/webhook.sh        # swift-log's text handler
#   BEFORE=/path/to/nncp-guard Benchmarks/webhook.sh  # also measure an older build, same run
#
# nncp-guard-slim (or `nncp-guard serve --slim`; one event loop) and nginx (one worker) run
# pinned to core 0, each serving HTTPS on loopback; h2load --h1 loads them
# from core 1 over keep-alive connections. nginx answers every request with a
# fixed body as large as nncp-guard's /validate response, so the difference
# is the cost of HTTP + admission logic over a minimal TLS server.
#
# Printed per endpoint and concurrency: requests/s, p50/p99 latency (from
# h2load's per-request log), server CPU per request (utime+stime from
# /proc/PID/stat over the measured run). Then idle RSS and the time from
# exec to the first 200 on /validate.
#
# With BEFORE set to another binary (an nncp-guard or nncp-guard-slim built
# from older code; a binary named nncp-guard runs as `serve --slim`), that
# server runs too, on its own port and the same core, and every point is
# measured for both, one right after the other: the before/after table
# that follows compares two builds on the same machine in the same run,
# which numbers from different runs cannot.
#
# Targets: <= ~60 us CPU per validate request, p99 <= 2 ms at c=16,
# idle RSS <= 25 MB, start to first 200 < 100 ms.
#
# Loopback only, bounded: every load run has a fixed duration, every wait a
# timeout, and all processes started here are stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/Benchmarks/out/webhook
SCRATCH=${SCRATCH:-.build-server}
PRODUCT=${PRODUCT:-nncp-guard-slim}
LOG_LEVEL=${LOG_LEVEL:-info}
LOG_FORMAT=${LOG_FORMAT:-json}
DURATION=${DURATION:-3}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
PORT=${PORT:-19443}
NGINX_PORT=${NGINX_PORT:-19444}
BEFORE=${BEFORE:-}
BEFORE_PORT=${BEFORE_PORT:-19445}
FIXTURE=${FIXTURE:-$ROOT/testdata/admission/update-bond-vlan.json}
mkdir -p "$OUT"

log() { printf '==> %s\n' "$*" >&2; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# --- 1. tools -----------------------------------------------------------------
need_apt=()
command -v h2load >/dev/null || need_apt+=(nghttp2-client)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
CLK_TCK=$(getconf CLK_TCK)

# --- 2. build -----------------------------------------------------------------
log "building $PRODUCT (release, scratch path $SCRATCH)"
swift build -c release --scratch-path "$SCRATCH" --product "$PRODUCT" >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/$PRODUCT"
# A binary named nncp-guard serves as `nncp-guard serve --slim`.
serve_command() { if [ "$(basename "$1")" = nncp-guard ]; then echo "$1 serve --slim"; else echo "$1"; fi; }
read -r -a SERVE <<<"$(serve_command "$BIN")"
if [ -n "$BEFORE" ]; then
  [ -x "$BEFORE" ] || { log "BEFORE=$BEFORE is not an executable"; exit 1; }
  read -r -a BEFORE_SERVE <<<"$(serve_command "$BEFORE")"
  log "before: ${BEFORE_SERVE[*]} on port $BEFORE_PORT"
fi

# --- 3. fixture -----------------------------------------------------------------
if [ ! -f "$FIXTURE" ]; then
  log "no fixture at $FIXTURE; generating a bond+VLAN UPDATE review"
  FIXTURE=$OUT/update-bond-vlan.json
  python3 - "$FIXTURE" <<'PY'
import json, sys
def policy(rv, mtu):
    ifaces = [{"name": f"eth{i}", "type": "ethernet", "state": "up", "mtu": mtu} for i in range(1, 3)]
    ifaces.append({"name": "bond0", "type": "bond", "state": "up", "mtu": mtu,
                   "ipv4": {"enabled": False}, "ipv6": {"enabled": False},
                   "link-aggregation": {"mode": "802.3ad", "port": ["eth1", "eth2"],
                                        "options": {"miimon": "100", "lacp_rate": "fast", "xmit_hash_policy": "layer3+4"}}})
    for vid in (100, 200, 300):
        ifaces.append({"name": f"bond0.{vid}", "type": "vlan", "state": "up",
                       "vlan": {"base-iface": "bond0", "id": vid},
                       "ipv4": {"enabled": True, "dhcp": False, "address": [{"ip": f"10.{vid // 100}.0.10", "prefix-length": 24}]}})
    return {"apiVersion": "nmstate.io/v1", "kind": "NodeNetworkConfigurationPolicy",
            "metadata": {"name": "bond0-vlans", "resourceVersion": rv, "generation": 2, "uid": "6f0d4c1e-0000-4000-8000-000000000001",
                         "annotations": {"description": "LACP bond with three tagged VLANs for storage, tenant and management traffic"}},
            "spec": {"nodeSelector": {"node-role.kubernetes.io/worker": ""}, "maxUnavailable": "50%",
                     "desiredState": {"interfaces": ifaces,
                                      "routes": {"config": [{"destination": "0.0.0.0/0", "next-hop-address": "10.1.0.1", "next-hop-interface": "bond0.100"}]},
                                      "dns-resolver": {"config": {"server": ["10.1.0.53", "10.2.0.53"], "search": ["example.internal"]}}}}}
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
          "request": {"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
                      "kind": {"group": "nmstate.io", "version": "v1", "kind": "NodeNetworkConfigurationPolicy"},
                      "resource": {"group": "nmstate.io", "version": "v1", "resource": "nodenetworkconfigurationpolicies"},
                      "name": "bond0-vlans", "namespace": "", "operation": "UPDATE",
                      "userInfo": {"username": "admin", "groups": ["system:authenticated"]},
                      "object": policy("1002", 9000), "oldObject": policy("1001", 1500), "dryRun": False,
                      "options": {"apiVersion": "meta.k8s.io/v1", "kind": "UpdateOptions"}}}
json.dump(review, open(sys.argv[1], "w"), indent=1)
PY
fi
log "fixture: $FIXTURE ($(wc -c <"$FIXTURE") bytes)"

# --- 4. certificates: a P-256 CA and a localhost serving pair ------------------
CERTS=$OUT/certs
if [ ! -f "$CERTS/tls.crt" ]; then
  mkdir -p "$CERTS"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=bench CA" \
    -keyout "$CERTS/ca.key" -out "$CERTS/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$CERTS/tls.key" -out "$CERTS/tls.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$CERTS/ext.cnf"
  openssl x509 -req -in "$CERTS/tls.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" -CAcreateserial -days 30 \
    -extfile "$CERTS/ext.cnf" -out "$CERTS/tls.crt" 2>/dev/null
fi
COMMON_ARGS=(--tls-cert-file "$CERTS/tls.crt" --tls-key-file "$CERTS/tls.key" --metrics-bind off --event-loop-threads 1)
GUARD_ARGS=("${COMMON_ARGS[@]}" --bind "127.0.0.1:$PORT")
# start_server NAME PORT COMMAND... -> sets STARTED to the server's PID
start_server() {
  local name=$1 port=$2
  shift 2
  taskset -c 0 "$@" "${COMMON_ARGS[@]}" --bind "127.0.0.1:$port" --log-level "$LOG_LEVEL" --log-format "$LOG_FORMAT" \
    >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" &
  STARTED=$!
  PIDS+=("$STARTED")
}
wait_ready() { # url
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null --cacert "$CERTS/ca.crt" "$1" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  log "server at $1 did not come up"; exit 1
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# --- 5. exec to first 200 on /validate ---------------------------------------------
STARTUP_MS=$(python3 - "$CERTS" "$PORT" "$FIXTURE" taskset -c 0 "${SERVE[@]}" "${GUARD_ARGS[@]}" --log-level warning <<'PY'
import socket, ssl, subprocess, sys, time
certs, port, fixture, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
body = open(fixture, "rb").read()
req = (f"POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
ctx = ssl.create_default_context(cafile=f"{certs}/ca.crt")
best = []
for attempt in range(5):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = None
    try:
        while time.monotonic() - t0 < 10:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    with ctx.wrap_socket(s, server_hostname="localhost") as t:
                        t.sendall(req)
                        data = b""
                        while b"\r\n" not in data:
                            chunk = t.recv(4096)
                            if not chunk: break
                            data += chunk
                        if data.startswith(b"HTTP/1.1 200"):
                            ok = (time.monotonic() - t0) * 1000
                            break
            except OSError:
                time.sleep(0.001)
    finally:
        p.terminate()
        p.wait(timeout=20)
    if ok is not None: best.append(ok)
print(f"{min(best):.1f}" if best else "n/a")
PY
)

# --- 6. nginx with a fixed body as large as the /validate response ---------------
start_server guard "$PORT" "${SERVE[@]}"
GUARD=$STARTED
wait_ready "https://127.0.0.1:$PORT/healthz"
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$GUARD/status")
BEFORE_IDLE_RSS_KB=0
if [ -n "$BEFORE" ]; then
  start_server before "$BEFORE_PORT" "${BEFORE_SERVE[@]}"
  BEFORE_PID=$STARTED
  wait_ready "https://127.0.0.1:$BEFORE_PORT/healthz"
  BEFORE_IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$BEFORE_PID/status")
fi
VALIDATE_BYTES=$(curl -s --cacert "$CERTS/ca.crt" -H 'Content-Type: application/json' --data-binary @"$FIXTURE" \
  "https://127.0.0.1:$PORT/validate" | wc -c)
MUTATE_BYTES=$(curl -s --cacert "$CERTS/ca.crt" -H 'Content-Type: application/json' --data-binary @"$FIXTURE" \
  "https://127.0.0.1:$PORT/mutate" | wc -c)
log "response sizes: /validate $VALIDATE_BYTES bytes, /mutate $MUTATE_BYTES bytes; idle RSS ${IDLE_RSS_KB} kB"

NGX=$OUT/nginx
mkdir -p "$NGX/logs" "$NGX/tmp"
FILLER=$(python3 -c "import sys; n=int(sys.argv[1]); print('x'*max(0, n-16), end='')" "$VALIDATE_BYTES")
cat >"$NGX/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
master_process on;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NGX/tmp;
  proxy_temp_path $NGX/tmp;
  fastcgi_temp_path $NGX/tmp;
  uwsgi_temp_path $NGX/tmp;
  scgi_temp_path $NGX/tmp;
  keepalive_requests 1000000;
  client_max_body_size 4m;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $CERTS/tls.crt;
    ssl_certificate_key $CERTS/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      default_type application/json;
      return 200 '{"response":"$FILLER"}\n';
    }
  }
}
NGINX
taskset -c 0 "$NGINX" -p "$NGX" -c "$NGX/nginx.conf" >"$OUT/nginx.stdout" 2>&1 &
NGINX_MASTER=$!
PIDS+=("$NGINX_MASTER")
wait_ready "https://127.0.0.1:$NGINX_PORT/"
NGINX_WORKER=$(pgrep -P "$NGINX_MASTER" | head -1)

# --- 7. load ------------------------------------------------------------------------
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run NAME PID URL CONC -> prints "rps p50_us p99_us cpu_us_per_req"
run_point() {
  local name=$1 pid=$2 url=$3 conc=$4
  local logf=$OUT/h2load-$name-c$conc.log
  # Warm-up: connections, caches, allocator.
  timeout 60 taskset -c 1 h2load --h1 -n $((conc * 200)) -c "$conc" -t 1 \
    -H 'Content-Type: application/json' -d "$FIXTURE" "$url" >/dev/null 2>&1 || true
  local t0 t1
  rm -f "$logf"  # h2load appends to an existing log file
  t0=$(cpu_ticks "$pid")
  timeout $((DURATION + 60)) taskset -c 1 h2load --h1 -D "$DURATION" -c "$conc" -t 1 \
    -H 'Content-Type: application/json' -d "$FIXTURE" --log-file="$logf" "$url" >"$OUT/h2load-$name-c$conc.out" 2>&1
  t1=$(cpu_ticks "$pid")
  python3 - "$logf" "$OUT/h2load-$name-c$conc.out" "$((t1 - t0))" "$CLK_TCK" <<'PY'
import re, sys
logf, outf, ticks, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lat, ok = [], 0
for line in open(logf):
    parts = line.split()
    if len(parts) >= 3:
        lat.append(int(parts[2]))
        ok += parts[1] == "200"
lat.sort()
text = open(outf).read()
m = re.search(r"finished in ([\d.]+)s, ([\d.]+) req/s", text)
rps = float(m.group(2)) if m else 0.0
done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded", text)
requests = int(done.group(1)) if done else len(lat)
def pct(p): return lat[min(len(lat) - 1, int(len(lat) * p))] if lat else 0
cpu = ticks * 1e6 / hz / max(1, requests)
bad = (requests - int(done.group(2))) if done else len(lat) - ok
print(f"{rps:.0f} {pct(0.50)} {pct(0.99)} {cpu:.1f} {bad}")
PY
}

RESULTS=$OUT/results.txt
: >"$RESULTS"
for conc in $CONCURRENCY; do
  log "nginx c=$conc"
  echo "nginx $conc $(run_point nginx "$NGINX_WORKER" "https://127.0.0.1:$NGINX_PORT/validate" "$conc")" >>"$RESULTS"
  for ep in validate mutate; do
    log "nncp-guard /$ep c=$conc"
    echo "$ep $conc $(run_point "$ep" "$GUARD" "https://127.0.0.1:$PORT/$ep" "$conc")" >>"$RESULTS"
    if [ -n "$BEFORE" ]; then
      log "before /$ep c=$conc"
      echo "before-$ep $conc $(run_point "before-$ep" "$BEFORE_PID" "https://127.0.0.1:$BEFORE_PORT/$ep" "$conc")" >>"$RESULTS"
    fi
  done
done
LOADED_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$GUARD/status")

# --- 8. report --------------------------------------------------------------------------
python3 - "$RESULTS" <<PY
import sys
rows = {}
for line in open(sys.argv[1]):
    name, conc, rps, p50, p99, cpu, bad = line.split()
    rows[(name, int(conc))] = (float(rps), int(p50), int(p99), float(cpu), int(bad))
print()
print("$PRODUCT (stateless rules, 1 event loop, $LOG_FORMAT logs at $LOG_LEVEL, core 0) vs nginx fixed ${VALIDATE_BYTES}-byte body (1 worker, core 0);")
print("h2load --h1 on core 1, TLS keep-alive, ${DURATION}s per point, fixture $(basename "$FIXTURE") ($(wc -c <"$FIXTURE") bytes)")
print()
hdr = f"{'endpoint':<10}{'c':>4}  {'req/s':>8} {'p50 us':>7} {'p99 us':>7} {'CPU us/req':>10} {'non-200':>8}   {'nginx req/s':>11} {'p99 us':>7} {'CPU us/req':>10}   {'rps ratio':>9} {'CPU ratio':>9}"
print(hdr)
print("-" * len(hdr))
for ep in ("validate", "mutate"):
    for conc in sorted({c for (_, c) in rows}):
        if (ep, conc) not in rows: continue
        r, n = rows[(ep, conc)], rows[("nginx", conc)]
        print(f"{'/'+ep:<10}{conc:>4}  {r[0]:>8.0f} {r[1]:>7} {r[2]:>7} {r[3]:>10.1f} {r[4]:>8}   {n[0]:>11.0f} {n[2]:>7} {n[3]:>10.1f}   {r[0]/max(n[0],1):>9.2f} {r[3]/max(n[3],0.01):>9.2f}")
print()
print(f"idle RSS after start: {${IDLE_RSS_KB}/1024:.1f} MB; after the load runs: {${LOADED_RSS_KB}/1024:.1f} MB")
print(f"exec to first 200 on /validate (best of 5): ${STARTUP_MS} ms")
if any(name.startswith("before-") for (name, _) in rows):
    print()
    print("before/after, same run: before = ${BEFORE}, after = $PRODUCT (ratio = after / before; under 1 is better for p99 and CPU)")
    print()
    hdr = (f"{'endpoint':<10}{'c':>4}  {'req/s before':>12} {'after':>8} {'ratio':>6}   {'p99 us before':>13} {'after':>7} {'ratio':>6}"
           f"   {'CPU us/req before':>17} {'after':>7} {'ratio':>6}   {'CPU x nginx before':>18} {'after':>6}")
    print(hdr)
    print("-" * len(hdr))
    for ep in ("validate", "mutate"):
        for conc in sorted({c for (_, c) in rows}):
            if (ep, conc) not in rows or ("before-" + ep, conc) not in rows: continue
            a, b, n = rows[(ep, conc)], rows[("before-" + ep, conc)], rows[("nginx", conc)]
            print(f"{'/'+ep:<10}{conc:>4}  {b[0]:>12.0f} {a[0]:>8.0f} {a[0]/max(b[0],1):>6.2f}   {b[2]:>13} {a[2]:>7} {a[2]/max(b[2],1):>6.2f}"
                  f"   {b[3]:>17.1f} {a[3]:>7.1f} {a[3]/max(b[3],0.01):>6.2f}   {b[3]/max(n[3],0.01):>18.2f} {a[3]/max(n[3],0.01):>6.2f}")
    print()
    print(f"idle RSS after start: before {${BEFORE_IDLE_RSS_KB}/1024:.1f} MB, after {${IDLE_RSS_KB}/1024:.1f} MB")
PY
