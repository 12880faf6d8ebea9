#!/usr/bin/env bash
# Certificate rotation under load (issue 5 acceptance): the real
# WebhookServer serves TLS while its serving certificate is rotated 100 times
# (files rewritten, then `reloadNow()`; rotation 50 is a CA rotation) and
# four clients send AdmissionReviews without pause: two open a new TLS
# connection per request, two keep connections alive for 50 requests. The
# clients trust only the CA bundle as it was when they started.
#
#   Benchmarks/rotation.sh
#   SCRATCH=.build-certs Benchmarks/rotation.sh   # reuse a scratch path
#
# Prints one line: requests, failed requests, handshakes, failed handshakes,
# certificates seen by clients. The run fails unless both failure counts are
# 0 and every issued certificate was served. No timing is asserted; pacing is
# by progress (each rotation waits until a new connection presents it).
#
# The work is the Swift Testing test RotationUnderLoadTests in
# Tests/CertRotationTests; this script only builds and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
swift build --scratch-path "$SCRATCH" --build-tests >/dev/null
swift test --scratch-path "$SCRATCH" --skip-build --filter 'CertRotationTests.RotationUnderLoadTests' 2>&1 \
    | tee "${TMPDIR:-/tmp}/nncp-guard-rotation.log" \
    | grep -E '^rotation under load:|✘|✔ Test run' || true
grep -q '✔ Test run' "${TMPDIR:-/tmp}/nncp-guard-rotation.log"
