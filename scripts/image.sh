#!/usr/bin/env bash
# Builds the nncp-guard container image without a Docker engine and writes
# it as an archive that `docker load` and `podman load` accept.
#
#   scripts/image.sh --bin DIR --out FILE [--ref NAME:TAG] [--version V] [--commit SHA] [--created RFC3339]
#
# DIR holds the release binaries the Dockerfile's build stage makes
# (nncp-guard and nncp-guard-slim, built with --static-swift-stdlib);
# scripts/release.sh builds them and calls this. The image is what the
# Dockerfile's runtime stage describes, which this script reads
# (scripts/dockerfile-runtime.py): a Debian bookworm root file system made
# by debootstrap (minbase, slimmed as debian:bookworm-slim is: no apt
# lists, caches, manuals or locales; copyright files kept), the binaries
# in /usr/local/bin, and the stage's user, working directory, ports,
# entry point, command and labels. umoci writes the OCI image, skopeo
# turns it into a docker-archive.
#
# Needs root (debootstrap, and umoci to keep file owners), network access
# to a Debian mirror (DEBIAN_MIRROR, default: the first Debian mirror in
# /etc/apt/sources.list*), and debootstrap, umoci and skopeo, which it
# installs with apt-get when missing. Downloaded packages are kept in
# DEBOOTSTRAP_CACHE (default /var/cache/nncp-guard/debootstrap), so a
# second run does not fetch them again.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BIN= OUT= REF= VERSION= COMMIT= CREATED=
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --ref) REF=$2; shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    --commit) COMMIT=$2; shift 2 ;;
    --created) CREATED=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "image.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$BIN" ] && [ -n "$OUT" ] || { echo "image.sh: --bin and --out are required (see --help)" >&2; exit 2; }
VERSION=${VERSION:-0.1.0}
REF=${REF:-nncp-guard:$VERSION}
CREATED=${CREATED:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
SUITE=${DEBIAN_SUITE:-bookworm}
CACHE=${DEBOOTSTRAP_CACHE:-/var/cache/nncp-guard/debootstrap}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nncp-guard-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log() { printf '==> %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  echo "image.sh: run as root (debootstrap makes device files and chroots; umoci keeps file owners)" >&2
  exit 2
fi

# --- tools ----------------------------------------------------------------------
missing=()
for tool in debootstrap:debootstrap umoci:umoci skopeo:skopeo; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# --- the Dockerfile's runtime stage -----------------------------------------------
runtime=$(python3 scripts/dockerfile-runtime.py Dockerfile VERSION="$VERSION" COMMIT="$COMMIT")
field() { printf '%s\n' "$runtime" | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }
for binary in $(field copy); do
  [ -x "$BIN/$binary" ] || { echo "image.sh: $BIN/$binary is missing (the Dockerfile copies it)" >&2; exit 1; }
done

# --- root file system ------------------------------------------------------------
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # deb822 (URIs: …) or one-line (deb URI suite …) sources; the first
  # mirror of the main archive, not the security one.
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i } /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }' |
    grep -v -- '-security' | head -n 1 || true)
fi
[ -n "$mirror" ] || { echo "image.sh: no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR" >&2; exit 1; }
rootfs=$WORK/rootfs
mkdir -p "$CACHE"
log "debootstrap --variant=minbase $SUITE (packages cached in $CACHE)"
if ! debootstrap --variant=minbase --cache-dir="$CACHE" "$SUITE" "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
  tail -n 20 "$WORK/debootstrap.log" >&2
  exit 1
fi
# What debian:bookworm-slim leaves out, and nothing of the build machine.
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/tmp/* "$rootfs"/run/* "$rootfs"/root/.bash_history
: >"$rootfs/etc/resolv.conf"
: >"$rootfs/etc/hostname"
chmod 0644 "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
chmod 1777 "$rootfs/tmp"

# --- OCI image -------------------------------------------------------------------
layout=$WORK/oci
umoci init --layout "$layout"
umoci new --image "$layout:build"
log "layer 1: root file system ($(du -sh "$rootfs" | cut -f1))"
umoci insert --image "$layout:build" --history.created "$CREATED" \
  --history.created_by "debootstrap --variant=minbase $SUITE" "$rootfs" /
staging=$WORK/bin
destination=$(printf '%s\n' "$runtime" | awk -F'\t' '$1 == "copy" { print $3; exit }')
mkdir -p "$staging"
for binary in $(field copy); do
  install -m 0755 "$BIN/$binary" "$staging/$binary"
done
log "layer 2: $(field copy | tr '\n' ' ')in $destination"
umoci insert --image "$layout:build" --history.created "$CREATED" \
  --history.created_by "COPY --from=build $(field copy | sed 's|^|/out/|' | tr '\n' ' ')$destination" "$staging" "$destination"

config=(--created "$CREATED" --history.created "$CREATED" --history.created_by "Dockerfile runtime stage"
  --config.user "$(field user)" --config.workingdir "$(field workdir)"
  --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --os linux --architecture "$(dpkg --print-architecture)")
for port in $(field expose); do config+=(--config.exposedports "$port"); done
while IFS= read -r label; do
  [ -n "$label" ] && config+=(--config.label "$label")
done < <(field label)
while IFS= read -r word; do config+=("--config.entrypoint=$word"); done < <(field entrypoint | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')
while IFS= read -r word; do config+=("--config.cmd=$word"); done < <(field cmd | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')
umoci config --image "$layout:build" "${config[@]}"

# --- archive ---------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
skopeo copy --quiet "oci:$layout:build" "docker-archive:$OUT:$REF"
log "wrote $OUT ($(du -h "$OUT" | cut -f1), $REF)"
