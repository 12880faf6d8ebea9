#!/usr/bin/env bash
# Release artefacts for a tag (or any commit): both binaries, the container
# image as an archive for `docker load` / `podman load`, and SHA256SUMS.
#
#   scripts/release.sh v0.2.0          # the tag v0.2.0: version 0.2.0
#   scripts/release.sh                 # HEAD: its tag, else <version>-dev.<short commit>
#   scripts/release.sh --worktree      # the work tree as it is, uncommitted changes included
#   scripts/release.sh --no-image v0.2.0   # binaries and sums only (no root, no network)
#
# Environment: OUT (default dist), SCRATCH (SwiftPM scratch path, default
# .build-release: a second run rebuilds only what changed), IMAGE (image
# name, default nncp-guard; the archive is tagged IMAGE:VERSION), and
# scripts/image.sh's DEBIAN_MIRROR and DEBOOTSTRAP_CACHE.
#
# 1. Sources: `git archive` of the ref, only what the Dockerfile copies
#    (Package.swift, Sources, Tests), with the work tree's Package.resolved
#    when there is one (the versions the tests ran with), and
#    Sources/WebhookCLI/BuildStamp.swift written by scripts/build-info.sh,
#    so `nncp-guard version` names the tag and commit.
# 2. Binaries: the Dockerfile's build commands (release, the Swift runtime
#    linked statically; they need only glibc and libstdc++), stripped, and
#    started once (`--version` must print the version).
# 3. Image: scripts/image.sh (root, a Debian mirror).
# 4. $OUT/<version>/: nncp-guard-<version>-linux-<arch>,
#    nncp-guard-slim-<version>-linux-<arch>,
#    nncp-guard-<version>-image-linux-<arch>.tar, SHA256SUMS
#    (`sha256sum -c SHA256SUMS` there checks them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ref= worktree=0 image=1
while [ $# -gt 0 ]; do
  case $1 in
    --worktree) worktree=1; shift ;;
    --no-image) image=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "release.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$ref" ] || { echo "release.sh: one ref only" >&2; exit 2; }; ref=$1; shift ;;
  esac
done
[ "$worktree" = 0 ] || [ -z "$ref" ] || { echo "release.sh: --worktree builds the work tree, not a ref" >&2; exit 2; }

OUT=${OUT:-dist}
SCRATCH=${SCRATCH:-.build-release}
IMAGE=${IMAGE:-nncp-guard}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
case $SCRATCH in /*) ;; *) SCRATCH=$ROOT/$SCRATCH ;; esac
log() { printf '==> %s\n' "$*" >&2; }
started=$(date +%s)

# --- version, tag, commit ---------------------------------------------------------
ref=${ref:-HEAD}
commit=$(git rev-parse --verify "$ref^{commit}")
tag=$(git describe --tags --exact-match "$commit" 2>/dev/null || true)
if [ "$ref" != HEAD ] && git rev-parse -q --verify "refs/tags/$ref" >/dev/null; then tag=$ref; fi
base=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/WebhookCLI/BuildStamp.swift)
if [ "$worktree" = 1 ]; then
  tag=
  version="$base-dev.$(git rev-parse --short=12 HEAD)"
  git diff --quiet HEAD -- Package.swift Sources Tests || version="$version.dirty"
elif [ -n "$tag" ]; then
  version=${tag#v}
else
  version="$base-dev.$(git rev-parse --short=12 "$commit")"
fi
arch=$(uname -m)
case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
created=$(git log -1 --format=%cI "$commit" | sed 's/+00:00$/Z/')
log "nncp-guard $version (tag ${tag:-none}, commit $commit$([ "$worktree" = 1 ] && echo ', work tree'))"

# --- 1. sources: what the Dockerfile copies ---------------------------------------
src=$SCRATCH/src
rm -rf "$src"
mkdir -p "$src"
if [ "$worktree" = 1 ]; then
  cp -R Package.swift Sources Tests "$src/"
else
  git archive --format=tar "$commit" Package.swift Sources Tests | tar -x -C "$src"
fi
[ -f Package.resolved ] && cp Package.resolved "$src/"
sh scripts/build-info.sh "$version" "$tag" "$commit" > "$src/Sources/WebhookCLI/BuildStamp.swift"

# --- 2. binaries: the Dockerfile's build commands --------------------------------------
bin=$SCRATCH/out
rm -rf "$bin"
mkdir -p "$bin"
for product in nncp-guard nncp-guard-slim; do
  log "swift build -c release --static-swift-stdlib --product $product"
  if ! swift build -c release --static-swift-stdlib --product "$product" --package-path "$src" \
      --scratch-path "$SCRATCH/swiftpm" >"$SCRATCH/build-$product.log" 2>&1; then
    grep -E "error:" "$SCRATCH/build-$product.log" | head -n 20 >&2 || true
    tail -n 20 "$SCRATCH/build-$product.log" >&2
    echo "release.sh: building $product failed (log: ${SCRATCH#$ROOT/}/build-$product.log)" >&2
    exit 1
  fi
  tail -n 1 "$SCRATCH/build-$product.log" >&2
done
built=$(swift build -c release --package-path "$src" --scratch-path "$SCRATCH/swiftpm" --show-bin-path)
for product in nncp-guard nncp-guard-slim; do
  cp "$built/$product" "$bin/$product"
  strip "$bin/$product"
  reported=$("$bin/$product" --version)
  [ "$reported" = "$version (commit $commit)" ] || { echo "release.sh: $product --version says '$reported', expected '$version (commit $commit)'" >&2; exit 1; }
done
log "binaries need: $(ldd "$bin/nncp-guard" | awk '{print $1}' | grep -v -e linux-vdso -e ld-linux | tr '\n' ' ')"

# --- 3. image ---------------------------------------------------------------------------
dist=$OUT/$version
rm -rf "$dist"
mkdir -p "$dist"
cp "$bin/nncp-guard" "$dist/nncp-guard-$version-linux-$arch"
cp "$bin/nncp-guard-slim" "$dist/nncp-guard-slim-$version-linux-$arch"
if [ "$image" = 1 ]; then
  bash scripts/image.sh --bin "$bin" --out "$dist/nncp-guard-$version-image-linux-$arch.tar" \
    --ref "$IMAGE:$version" --version "$version" --commit "$commit" --created "$created"
fi

# --- 4. sums ------------------------------------------------------------------------------
(cd "$dist" && sha256sum -- * > SHA256SUMS)
log "artefacts in ${dist#$ROOT/}/ ($(( $(date +%s) - started ))s):"
(cd "$dist" && ls -l | awk 'NR > 1 { printf "    %10d  %s\n", $5, $9 }') >&2
echo "$dist"
