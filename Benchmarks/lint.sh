#!/usr/bin/env bash
# Lint throughput: `nncp-guard lint` against a bare Yams parse and against a
# PyYAML (CLoader) + jsonschema (Draft 2020-12) pipeline, on the same
# generated NNCP documents.
#
#   Benchmarks/lint.sh                 # 10,000 documents, 10 per file
#   DOCS=2000 PER_FILE=1 Benchmarks/lint.sh
#   SCRATCH=.build-lint Benchmarks/lint.sh   # reuse another scratch path
#   NNCP_GUARD=path/to/nncp-guard Benchmarks/lint.sh   # skip the build
#
# Targets: lint >= 3x the Python pipeline, >= 0.5x the bare Yams parse.
# Everything generated goes to Benchmarks/out/ (gitignored). Each tool runs
# REPEAT times (default 3) and the fastest run counts.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/Benchmarks/out
SCRATCH=${SCRATCH:-.build}
DOCS=${DOCS:-10000}
PER_FILE=${PER_FILE:-10}
REPEAT=${REPEAT:-3}
CORPUS=$OUT/nncps
mkdir -p "$OUT"

log() { printf '==> %s\n' "$*" >&2; }

# --- 1. nncp-guard, release build -------------------------------------------
if [ -n "${NNCP_GUARD:-}" ]; then
    BIN=$NNCP_GUARD
else
    log "building nncp-guard (release, scratch path $SCRATCH)"
    swift build -c release --scratch-path "$SCRATCH" --product nncp-guard >&2
    BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/nncp-guard"
fi

# --- 2. documents ------------------------------------------------------------
log "generating $DOCS NNCP documents ($PER_FILE per file) in $CORPUS"
rm -rf "$CORPUS"
python3 - "$CORPUS" "$DOCS" "$PER_FILE" <<'PY'
import os, random, sys

out, total, per_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
rng = random.Random(20240611)

# Realistic layout: every policy is pinned to one node (1,000 nodes, ten
# policies each) and the ten policies of a node use distinct interfaces, so
# a valid document conflicts with no other; a few cluster-wide DNS policies.
NODES = 1000

def ipv4(i, host):
    return f"10.{(i >> 8) & 255}.{i & 255}.{host}"

def bond(i, k):
    mode = ["active-backup", "802.3ad", "balance-xor", "balance-rr"][i % 4]
    return f"""      - name: bond{k}
        type: bond
        state: up
        mtu: {[1500, 9000][i % 2]}
        ipv4:
          enabled: true
          dhcp: false
          address:
            - ip: {ipv4(i, 10)}
              prefix-length: 24
        link-aggregation:
          mode: {mode}
          options:
            miimon: "100"
          port:
            - ens{k}f0
            - ens{k}f1
"""

def vlan(i, k):
    vid = 100 + k
    return f"""      - name: eth1.{vid}
        type: vlan
        state: up
        vlan:
          base-iface: eth1
          id: {vid}
        ipv4:
          enabled: true
          dhcp: false
          address:
            - ip: {ipv4(i, 20)}
              prefix-length: 24
"""

def bridge(i, k):
    return f"""      - name: br{k}
        type: linux-bridge
        state: up
        ipv4:
          enabled: false
        ipv6:
          enabled: false
        bridge:
          options:
            stp:
              enabled: false
          port:
            - name: eno{k}
              vlan:
                mode: trunk
                trunk-tags:
                  - id-range:
                      min: 100
                      max: 200
"""

def routes(i, k):
    return f"""    routes:
      config:
        - destination: 192.168.{i % 256}.0/24
          next-hop-address: {ipv4(i, 1)}
          next-hop-interface: eth1.{100 + k}
          metric: {100 + i % 50}
          table-id: {1000 + k}
"""

def document(i):
    node, k = i % NODES, i // NODES % 10
    name = f"policy-{i:05d}"
    if i % 500 == 499:
        selector = 'node-role.kubernetes.io/worker: ""'
        body = ""
        extra = f"""    dns-resolver:
      config:
        search:
          - example.com
        server:
          - 192.0.2.{i % 250 + 1}
"""
    else:
        selector = f"kubernetes.io/hostname: node{node:04d}"
        parts = [bond, vlan, bridge]
        chosen = rng.sample(parts, k=1 + i % 3)
        body = "".join(p(i, k) for p in chosen)
        extra = routes(i, k) if vlan in chosen else ""
    interfaces = f"    interfaces:\n{body}" if body else ""
    max_unavailable = "  maxUnavailable: 3\n" if i % 5 == 0 else ""
    bad = i % 20
    # About 5% invalid, in different ways.
    if bad == 7:
        name += "-"                                   # not a label value
    elif bad == 13 and body:
        interfaces = interfaces.replace("state: up", "state: upp", 1)   # bad enum value
    elif bad == 17:
        max_unavailable = "  maxUnavailable: 0\n"
    elif bad == 19 and body:
        interfaces = interfaces.replace("        type:", "        typo: x\n        type:", 1)  # unknown field
    return f"""apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata:
  name: {name}
spec:
  nodeSelector:
    {selector}
{max_unavailable}  desiredState:
{interfaces}{extra}"""

files = (total + per_file - 1) // per_file
n = 0
for f in range(files):
    docs = []
    for _ in range(per_file):
        if n == total:
            break
        docs.append(document(n))
        n += 1
    sub = os.path.join(out, f"d{f // 100:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"nncp-{f:05d}.yaml"), "w") as fh:
        fh.write("---\n".join(docs))
PY
BYTES=$(find "$CORPUS" -type f -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$CORPUS" -type f -name '*.yaml' | wc -l)
log "$FILES files, $BYTES bytes"

# --- 3. Yams bare parse (a tiny SwiftPM executable) --------------------------
YAMS_CHECKOUT="$ROOT/$SCRATCH/checkouts/Yams"
[ -d "$YAMS_CHECKOUT" ] || YAMS_CHECKOUT="$(find "$ROOT"/.build* -maxdepth 2 -type d -path '*checkouts/Yams' | head -n1)"
YAMS_PKG=$OUT/yams-parse
mkdir -p "$YAMS_PKG/Sources/yams-parse"
cat > "$YAMS_PKG/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "yams-parse",
    dependencies: [.package(path: "$YAMS_CHECKOUT")],
    targets: [.executableTarget(name: "yams-parse", dependencies: [.product(name: "Yams", package: "Yams")])]
)
SWIFT
cat > "$YAMS_PKG/Sources/yams-parse/main.swift" <<'SWIFT'
// Reads every *.yaml under a directory and parses it with Yams.load_all,
// the usual way a Swift program loads YAML. Prints documents and seconds.
import Foundation
import Yams

let root = CommandLine.arguments[1]
var paths: [String] = []
if let walker = FileManager.default.enumerator(atPath: root) {
    for case let p as String in walker where p.hasSuffix(".yaml") { paths.append(root + "/" + p) }
}
paths.sort()
let clock = ContinuousClock()
var documents = 0
let elapsed = try clock.measure {
    for p in paths {
        let text = try String(contentsOfFile: p, encoding: .utf8)
        for _ in try Yams.load_all(yaml: text) { documents += 1 }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(documents) \(seconds)")
SWIFT
log "building the Yams parse benchmark (release)"
swift build -c release --package-path "$YAMS_PKG" >&2
YAMS_BIN="$(swift build -c release --package-path "$YAMS_PKG" --show-bin-path)/yams-parse"

# --- 4. Python: PyYAML CLoader + jsonschema ------------------------------------
if ! python3 -c 'import yaml, jsonschema; assert yaml.__with_libyaml__' 2>/dev/null; then
    log "installing PyYAML and jsonschema with pip"
    python3 -m pip install --quiet pyyaml jsonschema
fi
SCHEMA=$OUT/nncp.schema.json
SCHEMA_KIND="nncp-guard schema --format json-schema"
if ! "$BIN" schema --format json-schema > "$SCHEMA" 2>/dev/null || ! python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$SCHEMA" 2>/dev/null; then
    SCHEMA_KIND="minimal fallback schema (schema export unavailable)"
    log "schema export unavailable; using a minimal NNCP schema"
    cat > "$SCHEMA" <<'JSON'
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["apiVersion", "kind", "metadata", "spec"],
  "properties": {
    "apiVersion": {"enum": ["nmstate.io/v1", "nmstate.io/v1beta1"]},
    "kind": {"const": "NodeNetworkConfigurationPolicy"},
    "metadata": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "maxLength": 63, "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"}}},
    "spec": {"type": "object", "additionalProperties": false, "properties": {
      "nodeSelector": {"type": "object", "additionalProperties": {"type": "string"}},
      "maxUnavailable": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^[1-9][0-9]?%$|^100%$"}]},
      "capture": {"type": "object", "additionalProperties": {"type": "string"}},
      "desiredState": {"type": "object", "additionalProperties": false, "properties": {
        "interfaces": {"type": "array", "items": {"$ref": "#/$defs/interface"}},
        "routes": {"type": "object", "additionalProperties": false, "properties": {
          "config": {"type": "array", "items": {"$ref": "#/$defs/route"}},
          "running": {"type": "array", "items": {"$ref": "#/$defs/route"}}}},
        "dns-resolver": {"type": "object"},
        "route-rules": {"type": "object"},
        "hostname": {"type": "object"},
        "ovs-db": {"type": "object"},
        "ovn": {"type": "object"},
        "description": {"type": "string"}}}}}
  },
  "$defs": {
    "interface": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string"},
      "type": {"enum": ["ethernet", "bond", "linux-bridge", "ovs-bridge", "ovs-interface", "vlan", "vxlan", "veth", "dummy", "loopback", "mac-vlan", "mac-vtap", "vrf", "infiniband", "team", "hsr", "ipsec", "macsec", "xfrm", "unknown"]},
      "state": {"enum": ["up", "down", "absent", "ignore", "unknown"]},
      "mtu": {"type": "integer", "minimum": 0},
      "ipv4": {"$ref": "#/$defs/ip"}, "ipv6": {"$ref": "#/$defs/ip"},
      "vlan": {"type": "object", "additionalProperties": false, "properties": {
        "base-iface": {"type": "string"}, "id": {"type": "integer", "minimum": 0, "maximum": 4094}, "protocol": {"type": "string"}}},
      "link-aggregation": {"type": "object", "properties": {
        "mode": {"type": "string"}, "options": {"type": "object"},
        "port": {"type": "array", "items": {"type": "string"}}, "ports": {"type": "array", "items": {"type": "string"}}}},
      "bridge": {"type": "object", "properties": {"options": {"type": "object"}, "port": {"type": "array", "items": {"type": "object", "required": ["name"]}}}}}},
    "ip": {"type": "object", "properties": {
      "enabled": {"type": "boolean"}, "dhcp": {"type": "boolean"},
      "address": {"type": "array", "items": {"type": "object", "required": ["ip", "prefix-length"], "properties": {
        "ip": {"type": "string"}, "prefix-length": {"type": "integer", "minimum": 0, "maximum": 128}}}}}},
    "route": {"type": "object", "additionalProperties": false, "properties": {
      "destination": {"type": "string"}, "next-hop-address": {"type": "string"}, "next-hop-interface": {"type": "string"},
      "metric": {"type": "integer"}, "table-id": {"type": "integer"}, "state": {"type": "string"}}}
  }
}
JSON
fi
PY_BENCH=$OUT/pyyaml_jsonschema.py
cat > "$PY_BENCH" <<'PY'
"""PyYAML (CLoader) + jsonschema (Draft202012Validator) over a directory.
Prints: documents seconds errors."""
import json, os, sys, time
import yaml
from jsonschema import Draft202012Validator

root, schema_path = sys.argv[1], sys.argv[2]
validator = Draft202012Validator(json.load(open(schema_path)))
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".yaml"))
start = time.perf_counter()
documents = errors = 0
for p in paths:
    with open(p, "rb") as fh:
        data = fh.read()
    for doc in yaml.load_all(data, Loader=yaml.CLoader):
        if doc is None:
            continue
        documents += 1
        errors += sum(1 for _ in validator.iter_errors(doc))
print(documents, time.perf_counter() - start, errors)
PY

# --- 5. measure ----------------------------------------------------------------
now() { date +%s.%N; }
best() { sort -g | head -n1; }

lint_time() {  # extra lint arguments...
    local t0 t1
    t0=$(now)
    "$BIN" lint --output json "$@" "$CORPUS" > "$OUT/lint-report.json" || [ $? -eq 1 ]
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}

log "measuring ($REPEAT runs each, fastest counts)"
LINT_S=$(for _ in $(seq "$REPEAT"); do lint_time; done | best)
LINT_DOCS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['documents'])" "$OUT/lint-report.json")
LINT_ERRORS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['errors'])" "$OUT/lint-report.json")
LINT1_S=$(for _ in $(seq "$REPEAT"); do lint_time --jobs 1; done | best)
LINTX_S=$(for _ in $(seq "$REPEAT"); do lint_time --no-cross-policy; done | best)
YAMS_S=$(for _ in $(seq "$REPEAT"); do "$YAMS_BIN" "$CORPUS" | awk '{print $2}'; done | best)
YAMS_DOCS=$("$YAMS_BIN" "$CORPUS" | awk '{print $1}')
PY_S=$(for _ in $(seq "$REPEAT"); do python3 "$PY_BENCH" "$CORPUS" "$SCHEMA" | awk '{print $2}'; done | best)
read -r PY_DOCS _ PY_ERRORS < <(python3 "$PY_BENCH" "$CORPUS" "$SCHEMA")

python3 - "$BYTES" "$FILES" "$LINT_DOCS" "$LINT_S" "$LINT1_S" "$LINT_ERRORS" "$YAMS_DOCS" "$YAMS_S" "$PY_DOCS" "$PY_S" "$PY_ERRORS" "$SCHEMA_KIND" "$(nproc)" "$LINTX_S" <<'PY'
import sys
a = sys.argv[1:]
size, files = int(a[0]), int(a[1])
lint_docs, lint_s, lint1_s, lint_err = int(a[2]), float(a[3]), float(a[4]), a[5]
yams_docs, yams_s = int(a[6]), float(a[7])
py_docs, py_s, py_err, schema_kind, cores = int(a[8]), float(a[9]), a[10], a[11], a[12]
lintx_s = float(a[13])
mb = size / 1e6
def row(name, docs, s, note=""):
    print(f"{name:<40} {docs:>7} docs {s:>8.3f} s {docs / s:>10.0f} docs/s {mb / s:>7.2f} MB/s  {note}")
print(f"\n{files} files, {mb:.2f} MB, {cores} cores; Python schema: {schema_kind}\n")
row("nncp-guard lint (release, all cores)", lint_docs, lint_s, f"{lint_err} errors")
row("nncp-guard lint --jobs 1", lint_docs, lint1_s)
row("nncp-guard lint --no-cross-policy", lint_docs, lintx_s)
row("Yams.load_all (parse only, 1 core)", yams_docs, yams_s)
row("PyYAML CLoader + jsonschema (1 core)", py_docs, py_s, f"{py_err} errors")
lint_rate, lint1_rate = lint_docs / lint_s, lint_docs / lint1_s
py_rate, yams_rate = py_docs / py_s, yams_docs / yams_s
print()
print(f"lint vs Python:         {lint_rate / py_rate:6.2f}x  (target >= 3x)   --jobs 1: {lint1_rate / py_rate:6.2f}x")
print(f"lint vs Yams bare parse: {lint_rate / yams_rate:6.2f}x  (target >= 0.5x) --jobs 1: {lint1_rate / yams_rate:6.2f}x")
lintx_rate = lint_docs / lintx_s
print(f"without the cross-policy step: {lintx_rate / py_rate:6.2f}x Python, {lintx_rate / yams_rate:6.2f}x Yams")
PY
