# syntax=docker/dockerfile:1
#
# nncp-guard container image: both binaries, nothing else.
#
#   docker build -t nncp-guard:0.1.0 .
#   docker build --build-arg VERSION=0.2.0 --build-arg TAG=v0.2.0 \
#     --build-arg COMMIT="$(git rev-parse HEAD)" -t nncp-guard:0.2.0 .
#   docker build --build-arg SWIFT_VERSION=6.2 -t nncp-guard:dev .
#
# The build stage links the Swift runtime and Foundation statically
# (--static-swift-stdlib), so the runtime stage needs only glibc and
# libstdc++, which debian:bookworm-slim has. Both stages are Debian 12, so
# the glibc the binaries were linked against is the one they run on.
#
# scripts/release.sh builds the same image without a Docker engine: the
# same build commands, a debootstrap'd bookworm root file system, and the
# runtime stage below read by scripts/dockerfile-runtime.py.

ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
WORKDIR /src

# Dependencies first: this layer is reused until the manifest changes. A
# Package.resolved in the build context pins the versions; without one
# (it is not committed) the newest versions the manifest allows are used.
COPY Package.swift Package.resolved* ./
RUN if [ -f Package.resolved ]; then swift package resolve --force-resolved-versions; \
    else swift package resolve; fi

# With VERSION set, `nncp-guard version` reports it with TAG and COMMIT
# (scripts/build-info.sh writes the file the binaries read them from).
ARG VERSION=""
ARG TAG=""
ARG COMMIT=""
COPY scripts/build-info.sh /usr/local/bin/nncp-guard-build-info
# SwiftPM checks every target's directory, test targets included.
COPY Sources ./Sources
COPY Tests ./Tests
RUN if [ -n "$VERSION" ]; then \
      sh /usr/local/bin/nncp-guard-build-info "$VERSION" "$TAG" "$COMMIT" > Sources/WebhookCLI/BuildStamp.swift; \
    fi \
 && swift build -c release --static-swift-stdlib --product nncp-guard \
 && swift build -c release --static-swift-stdlib --product nncp-guard-slim \
 && mkdir -p /out \
 && cp "$(swift build -c release --show-bin-path)/nncp-guard" \
       "$(swift build -c release --show-bin-path)/nncp-guard-slim" /out/ \
 && strip /out/nncp-guard /out/nncp-guard-slim \
 && /out/nncp-guard --version && /out/nncp-guard-slim --version

FROM debian:bookworm-slim AS runtime
ARG VERSION=0.1.0
ARG COMMIT=""
LABEL org.opencontainers.image.title="nncp-guard" \
      org.opencontainers.image.description="Admission webhook and linter for kubernetes-nmstate NodeNetworkConfigurationPolicies" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"

COPY --from=build /out/nncp-guard /out/nncp-guard-slim /usr/local/bin/

# 65532 is the conventional "nonroot" ID; the Helm chart runs as it too
# (runAsNonRoot needs a numeric USER to verify).
USER 65532:65532
WORKDIR /tmp
EXPOSE 9443 9090
ENTRYPOINT ["/usr/local/bin/nncp-guard"]
CMD ["--help"]
