#!/usr/bin/env bash
# Copies seed inputs into Fuzz/corpus-work/<target>/ (git-ignored) from the
# repository's testdata/ and, when present, the shared conformance corpus
# (../../shared/corpus beside the clone, or $NNCP_GUARD_CORPUS).
# Idempotent: files are named by content hash, so re-running adds nothing twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/corpus-work"
shared="${NNCP_GUARD_CORPUS:-}"
if [ -z "$shared" ]; then
  for c in "$root/../shared/corpus" /work/shared/corpus; do
    if [ -d "$c" ]; then shared="$c"; break; fi
  done
fi
sources=("$root/testdata")
[ -n "$shared" ] && [ -d "$shared" ] && sources+=("$shared")

targets=(FuzzYAMLValidate FuzzJSONPolicy FuzzCaptureExpression FuzzAdmissionReview FuzzHTTPRequest)
for t in "${targets[@]}"; do mkdir -p "$work/$t"; done

add() { # add TARGET FILE
  local sum
  sum="$(sha1sum "$2" | cut -c1-40)"
  [ -e "$work/$1/seed-$sum" ] || cp "$2" "$work/$1/seed-$sum"
}

while IFS= read -r -d '' f; do
  case "$f" in
    *.yaml|*.yml)
      add FuzzYAMLValidate "$f"
      if grep -q '^[[:space:]]*capture:' "$f"; then add FuzzCaptureExpression "$f"; fi
      ;;
    *.json)
      add FuzzJSONPolicy "$f"
      add FuzzAdmissionReview "$f"
      add FuzzYAMLValidate "$f"   # JSON is YAML too
      ;;
  esac
done < <(find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -256k -print0)

# Single capture expressions, one per seed: the values of the keys under each
# `capture:` block (first line of the input is what the harness parses alone).
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r -d '' f; do
  awk '
    /^[[:space:]]*capture:[[:space:]]*$/ { match($0, /^[[:space:]]*/); ind = RLENGTH; inblock = 1; next }
    inblock {
      match($0, /^[[:space:]]*/)
      if ($0 ~ /^[[:space:]]*$/) next
      if (RLENGTH <= ind) { inblock = 0; next }
      line = $0; sub(/^[[:space:]]*[A-Za-z0-9_-]+:[[:space:]]*/, "", line)
      if (line ~ /^".*"$/ || line ~ /^\047.*\047$/) line = substr(line, 2, length(line) - 2)
      sub(/^[[:space:]]+/, "", line)
      if (line != "") print line
    }' "$f"
done < <(find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' \) -size -256k -print0) | sort -u > "$tmp"
i=0
while IFS= read -r expr; do
  printf '%s\n' "$expr" > "$work/FuzzCaptureExpression/expr-$(printf '%s' "$expr" | sha1sum | cut -c1-40)"
  i=$((i + 1))
done < "$tmp"

# FuzzHTTPRequest: whole HTTP/1.1 byte streams. The harness takes the first
# byte as the seed for splitting the stream into reads, so each seed starts
# with one (\x00: one read, \x01/\x02/\x03: two to four reads).
http_seed() { # http_seed NAME SPLIT-BYTE-OCTAL  (stream on stdin)
  { printf "\\$2"; cat; } > "$work/FuzzHTTPRequest/seed-http-$1"
}
post() { # post PATH FILE [EXTRA-HEADER-LINES]
  printf 'POST %s HTTP/1.1\r\nHost: nncp-guard.nmstate.svc:443\r\nContent-Type: application/json\r\nAccept: application/json, */*\r\n%bContent-Length: %d\r\n\r\n' \
    "$1" "${3:-}" "$(wc -c < "$2")"
  cat "$2"
}
for f in "$root"/testdata/admission/*.json; do
  b="$(basename "$f" .json)"
  post '/validate?timeout=10s' "$f" | http_seed "validate-$b" 000
  post /mutate "$f" | http_seed "mutate-$b" 001
done
first="$(ls "$root"/testdata/admission/*.json | head -n 1)"
# Keep-alive: two reviews pipelined on one connection, split across reads.
{ post /validate "$first"; post /nodenetworkconfigurationpolicies-timestamp-mutate "$first"; } | http_seed pipelined 003
# Expect: 100-continue, then the body.
post /validate "$first" 'Expect: 100-continue\r\n' | http_seed expect-continue 002
# Chunked body.
{ printf 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
  printf '%x\r\n' "$(wc -c < "$first")"; cat "$first"; printf '\r\n0\r\n\r\n'; } | http_seed chunked 002
# Probes, HEAD, HTTP/1.0, unknown path and method.
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /readyz HTTP/1.1\r\nHost: x\r\n\r\nGET /livez HTTP/1.0\r\n\r\n' | http_seed probes 000
printf 'GET /validate HTTP/1.1\r\nHost: x\r\n\r\nDELETE /nope?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | http_seed method-path 001
# Malformed: both Content-Length and chunked, two lengths, a length over the
# cap, a bad version, LF-only lines, a header without a colon, a long header.
printf 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' | http_seed cl-te 000
printf 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}' | http_seed two-lengths 000
printf 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{"a":' | http_seed too-long 000
printf 'POST /validate HTTP/2.0\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}' | http_seed bad-version 000
printf 'POST /validate HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 2\n\n{}' | http_seed lf-only 000
printf 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n' | http_seed no-colon 000
{ printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: '; head -c 5000 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } | http_seed long-header 000
printf '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' | http_seed tls-hello 000

for t in "${targets[@]}"; do
  echo "seeds: $t $(ls "$work/$t" | wc -l)"
done
