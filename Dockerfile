# syntax=docker/dockerfile:1
#
# nncp-guard container image: both binaries, nothing else.
#
#   docker build --build-arg COMMIT=$(git rev-parse --short=12 HEAD) -t nncp-guard:0.1.0 .
#   docker build --build-arg SWIFT_VERSION=6.2 -t nncp-guard:dev .
#
# COMMIT is what `nncp-guard version` reports (the build context has no
# .git to read it from); without it the binaries say "commit unknown".
#
# The build stage links the Swift runtime and Foundation statically
# (--static-swift-stdlib), so the runtime stage needs only glibc and
# libstdc++, which debian:bookworm-slim has. Both stages are Debian 12, so
# the glibc the binaries were linked against is the one they run on.

ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
ARG COMMIT=unknown
WORKDIR /src

# Dependencies first: this layer is reused until the manifest changes. A
# Package.resolved in the build context pins the versions; without one
# (it is not committed) the newest versions the manifest allows are used.
COPY Package.swift Package.resolved* ./
RUN if [ -f Package.resolved ]; then swift package resolve --force-resolved-versions; \
    else swift package resolve; fi

# SwiftPM checks every target's directory, test targets and plugins included.
COPY Plugins ./Plugins
COPY Sources ./Sources
COPY Tests ./Tests
RUN export NNCP_GUARD_COMMIT="$COMMIT" \
 && swift build -c release --static-swift-stdlib --product nncp-guard \
 && swift build -c release --static-swift-stdlib --product nncp-guard-slim \
 && mkdir -p /out \
 && cp "$(swift build -c release --show-bin-path)/nncp-guard" \
       "$(swift build -c release --show-bin-path)/nncp-guard-slim" /out/ \
 && strip /out/nncp-guard /out/nncp-guard-slim \
 && /out/nncp-guard --version && /out/nncp-guard-slim --version

FROM debian:bookworm-slim AS runtime
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="nncp-guard" \
      org.opencontainers.image.description="Admission webhook and linter for kubernetes-nmstate NodeNetworkConfigurationPolicies" \
      org.opencontainers.image.version="${VERSION}"

COPY --from=build /out/nncp-guard /out/nncp-guard-slim /usr/local/bin/

# 65532 is the conventional "nonroot" ID; the Helm chart runs as it too
# (runAsNonRoot needs a numeric USER to verify).
USER 65532:65532
WORKDIR /tmp
EXPOSE 9443 9090
ENTRYPOINT ["/usr/local/bin/nncp-guard"]
CMD ["--help"]
