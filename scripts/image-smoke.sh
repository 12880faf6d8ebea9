#!/usr/bin/env bash
# Starts the binaries of an image archive as the image would run them,
# without a container engine:
#
#   scripts/image-smoke.sh dist/<version>/nncp-guard-<version>-image-linux-amd64.tar [VERSION]
#
# The archive is read back with skopeo (as `docker load` would) and unpacked
# with umoci; then, in the unpacked root file system, as the image's user and
# in its working directory, with the image's entry point:
#
#   - `--version` (must print VERSION, then the commit, when given) and `version`,
#   - `nncp-guard-slim --version`,
#   - `serve --dev` on free loopback ports, answering /validate for an
#     allowed and a denied review, /readyz, and /metrics (with # HELP),
#   - the same certificates served by nncp-guard-slim, one /validate,
#   - SIGTERM: both servers exit 0.
#
# The binaries run under chroot with /proc mounted. Where chroot or the
# mount is not allowed, each runs through the image's own dynamic loader
# and libraries instead (ld.so --library-path), which still runs the
# image's binaries on the image's glibc. Needs root for chroot; curl,
# python3, umoci and skopeo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ARCHIVE=${1:?usage: image-smoke.sh ARCHIVE [VERSION]}
EXPECT_VERSION=${2:-}
case $ARCHIVE in /*) ;; *) ARCHIVE=$ROOT/$ARCHIVE ;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nncp-guard-smoke.XXXXXX")
pids=()
mounted=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$mounted" ] || umount "$mounted" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '==> %s\n' "$*" >&2; }
fail() { echo "image-smoke: FAIL: $*" >&2; exit 1; }

# --- load and unpack ---------------------------------------------------------------
log "loading $(basename "$ARCHIVE") with skopeo, unpacking with umoci"
skopeo copy --quiet "docker-archive:$ARCHIVE" "oci:$WORK/oci:smoke"
unpack=(umoci unpack)
[ "$(id -u)" = 0 ] || unpack+=(--rootless)
"${unpack[@]}" --image "$WORK/oci:smoke" "$WORK/bundle" >/dev/null
rootfs=$WORK/bundle/rootfs
# The runtime spec umoci made from the image config: what a container runs.
read -r uid gid cwd entrypoint < <(python3 - "$WORK/bundle/config.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
process = spec["process"]
print(process["user"]["uid"], process["user"]["gid"], process.get("cwd", "/"), process["args"][0])
PY
)
log "image runs $entrypoint as $uid:$gid in $cwd"
[ -x "$rootfs$entrypoint" ] || fail "entry point $entrypoint is not in the image"
slim=$(dirname "$entrypoint")/nncp-guard-slim
[ -x "$rootfs$slim" ] || fail "$slim is not in the image"

# --- how to start a binary of the image ----------------------------------------------
mode=chroot
if [ "$(id -u)" = 0 ] && chroot --userspec="$uid:$gid" "$rootfs" "$entrypoint" --version >/dev/null 2>&1; then
  if mount -t proc proc "$rootfs/proc" 2>/dev/null; then mounted=$rootfs/proc; fi
else
  mode=loader
  # The loader the binary names (PT_INTERP), resolved inside the image: its
  # symbolic links are absolute paths of the image, not of this machine.
  interp=$(python3 - "$rootfs" "$rootfs$entrypoint" <<'PY'
import os, sys
root, binary = sys.argv[1], sys.argv[2]
data = open(binary, "rb").read(1 << 16)
# ELF64 little endian: program headers, PT_INTERP = 3.
phoff = int.from_bytes(data[32:40], "little"); phentsize = int.from_bytes(data[54:56], "little"); phnum = int.from_bytes(data[56:58], "little")
path = None
for i in range(phnum):
    h = data[phoff + i * phentsize: phoff + (i + 1) * phentsize]
    if int.from_bytes(h[0:4], "little") == 3:
        off, size = int.from_bytes(h[8:16], "little"), int.from_bytes(h[32:40], "little")
        path = data[off:off + size].rstrip(b"\0").decode()
def resolve(p, depth=0):
    parts, out = [x for x in p.split("/") if x], ""
    for i, part in enumerate(parts):
        candidate = out + "/" + part
        full = root + candidate
        if os.path.islink(full) and depth < 40:
            target = os.readlink(full)
            base = target if target.startswith("/") else out + "/" + target
            return resolve(base + "/" + "/".join(parts[i + 1:]), depth + 1)
        out = candidate
    return root + os.path.normpath(out)
print(resolve(path))
PY
)
  [ -x "$interp" ] || fail "no loader in the image ($interp)"
  libs="$rootfs/usr/lib/$(uname -m)-linux-gnu:$rootfs/lib/$(uname -m)-linux-gnu"
fi
log "starting binaries with $mode"

# run BINARY ARGS...: a binary of the image (path inside the image), in the
# image's working directory; the environment pins the allocator tunables so
# the server's one-time re-exec (through /proc/self/exe) is not needed.
# It execs (chroot and env exec in turn), so that a `run … &` PID is the
# binary's own and a SIGTERM reaches the server, not a wrapping shell: call
# it only in a subshell ($(…), a pipeline, or `&`).
run() {
  local binary=$1; shift
  if [ "$mode" = chroot ]; then
    exec chroot --userspec="$uid:$gid" "$rootfs" /usr/bin/env -C "$cwd" -i PATH=/usr/local/bin:/usr/bin:/bin \
      GLIBC_TUNABLES=glibc.malloc.tcache_count=200:glibc.malloc.mxfast=0 "$binary" "$@"
  else
    cd "$rootfs$cwd" && exec env -i PATH=/usr/bin:/bin GLIBC_TUNABLES=glibc.malloc.tcache_count=200:glibc.malloc.mxfast=0 \
      "$interp" --library-path "$libs" "$rootfs$binary" "$@"
  fi
}

# --- version -----------------------------------------------------------------------------
reported=$(run "$entrypoint" --version)
log "nncp-guard --version: $reported"
[ -z "$EXPECT_VERSION" ] || [ "${reported%% (commit *}" = "$EXPECT_VERSION" ] || fail "--version printed '$reported', expected '$EXPECT_VERSION'"
run "$entrypoint" version | sed 's/^/    /' >&2
slim_reported=$(run "$slim" --version)
[ "$slim_reported" = "$reported" ] || fail "nncp-guard-slim --version printed '$slim_reported', nncp-guard '$reported'"

# --- serve --dev ---------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); metrics_port=$(free_port)
run "$entrypoint" serve --dev --bind "127.0.0.1:$port" --metrics-bind "127.0.0.1:$metrics_port" --log-format json \
  >"$WORK/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
# --dev writes its certificates to certs/ in the working directory.
ca=$rootfs$cwd/certs/ca.crt
wait_ready() {  # PORT PID LOG
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null --max-time 2 --cacert "$ca" "https://127.0.0.1:$1/readyz" 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { tail -n 20 "$3" >&2; fail "the server exited before it was ready"; }
    sleep 0.2
  done
  tail -n 20 "$3" >&2
  fail "the server was not ready within 60 s"
}
wait_ready "$port" "$serve_pid" "$WORK/serve.log"

validate() {  # PORT REVIEW EXPECTED-ALLOWED
  local response
  response=$(curl -fsS --max-time 10 --cacert "$ca" -H 'Content-Type: application/json' \
    --data-binary "@testdata/admission/$2" "https://127.0.0.1:$1/validate") || fail "/validate with $2 failed"
  case $response in
    *"\"allowed\":$3"*) log "/validate $2: allowed=$3" ;;
    *) fail "/validate with $2 answered: $response" ;;
  esac
}
validate "$port" update-bond-vlan.json true
validate "$port" create-invalid.json false
metrics=$(curl -fsS --max-time 10 "http://127.0.0.1:$metrics_port/metrics") || fail "/metrics did not answer"
for family in nncp_guard_admission_requests_total process_resident_memory_bytes; do
  grep -q "^# HELP $family " <<<"$metrics" || fail "/metrics has no # HELP for $family"
done
log "/metrics: $(grep -c '^# HELP' <<<"$metrics") families, each with # HELP"

# --- nncp-guard-slim on the same certificates ------------------------------------------------
slim_port=$(free_port)
run "$slim" --tls-cert-file certs/tls.crt --tls-key-file certs/tls.key \
  --bind "127.0.0.1:$slim_port" --metrics-bind off >"$WORK/slim.log" 2>&1 &
slim_pid=$!
pids+=("$slim_pid")
wait_ready "$slim_port" "$slim_pid" "$WORK/slim.log"
validate "$slim_port" create-invalid.json false

# --- graceful stop -------------------------------------------------------------------------------
for pid in "$serve_pid" "$slim_pid"; do
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" = 0 ] || fail "a server exited $status after SIGTERM"
done
pids=()
log "image smoke test passed ($mode)"
