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

mkdir -p "$work/FuzzYAMLValidate" "$work/FuzzJSONPolicy" "$work/FuzzCaptureExpression"

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

for t in FuzzYAMLValidate FuzzJSONPolicy FuzzCaptureExpression; do
  echo "seeds: $t $(ls "$work/$t" | wc -l)"
done
