#!/usr/bin/env bash
# Cluster-rule cost: 5,000 nodes (with NodeNetworkStates) and 1,000 / 10,000
# NNCPs in the cache; p50/p99 of validating a new policy (stateless rules +
# cluster rules), cache memory, and the 10k/1k ratio (1.0 = cost does not
# grow with unrelated policies). Release build; runs in well under a minute.
# It builds the view directly, without a server, informers or realistic
# states: Benchmarks/cluster-scale.sh is the end-to-end one (a running
# `nncp-guard serve` syncing realistic NodeNetworkStates from a fake API
# server: memory, time to ready, CPU per update, /validate latency).
set -euo pipefail
cd "$(dirname "$0")/.."
# The benchmarks are a package of their own (Benchmarks/Package.swift).
swift build -c release --package-path Benchmarks --product nncp-guard-bench >/dev/null
exec "$(swift build -c release --package-path Benchmarks --show-bin-path)/nncp-guard-bench" cluster "${NODES:-5000}" "${POLICIES:-1000,10000}" "${ITERATIONS:-3000}"
