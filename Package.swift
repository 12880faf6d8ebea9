// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nncp-guard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nncp-guard", targets: ["nncp-guard"]),
        .executable(name: "nncp-guard-slim", targets: ["nncp-guard-slim"]),
        .library(name: "NMStateSchema", targets: ["NMStateSchema"]),
        .library(name: "PolicyRules", targets: ["PolicyRules"]),
        // Exported for the Fuzz/ package's harnesses (and embedders).
        .library(name: "SourceModel", targets: ["SourceModel"]),
        .library(name: "SourceModelYAML", targets: ["SourceModelYAML"]),
        .library(name: "NMPolicy", targets: ["NMPolicy"]),
        .library(name: "ManifestLint", targets: ["ManifestLint"]),
        .library(name: "Admission", targets: ["Admission"]),
        .library(name: "WebhookServer", targets: ["WebhookServer"]),
        .library(name: "StateStore", targets: ["StateStore"]),
        // For the Benchmarks/ package (a package of its own, so this one
        // has no path outside Sources/ and Tests/).
        .library(name: "KubeAPI", targets: ["KubeAPI"]),
        .library(name: "KubeAPITesting", targets: ["KubeAPITesting"]),
        .library(name: "ClusterWatch", targets: ["ClusterWatch"]),
        .library(name: "CertRotation", targets: ["CertRotation"]),
        .library(name: "RuleCatalog", targets: ["RuleCatalog"]),
        // For the Fuzz/ package's HTTP harness: the admission routes exactly
        // as both executables serve them (everything else in it is `package`).
        .library(name: "WebhookCLI", targets: ["WebhookCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Helpers several modules need, each written once: base64, RFC 3339,
        // Go durations, IP address literals, JSON string escaping. No
        // Foundation and no dependencies (the slim binary links it); every
        // symbol is `package`, not part of any product's API.
        .target(name: "GuardCore"),
        // A YAML/JSON value model that remembers where every value came from.
        .target(name: "SourceModel", dependencies: ["GuardCore"]),
        // Every rule id, typed, with what it means and how to fix it (no
        // Foundation: the slim binary checks its configuration against it).
        .target(name: "RuleCatalog", dependencies: ["SourceModel"]),
        // YAML streams into SourceModel values (libyaml events via Yams' copy).
        // Separate so that the slim handler links neither Yams nor Foundation.
        .target(name: "SourceModelYAML", dependencies: ["SourceModel", .product(name: "Yams", package: "Yams")]),
        // Compact, deduplicated, immutable storage of node states (no Foundation: linked into the slim binary).
        .target(name: "StateStore", dependencies: ["SourceModel"]),
        // nmpolicy capture expressions and `{{ capture.… }}` templates.
        .target(name: "NMPolicy", dependencies: ["RuleCatalog", "SourceModel", "StateStore"]),
        // The embedded nmstate desired-state schema and nmstate's semantic rules.
        .target(name: "NMStateSchema", dependencies: ["GuardCore", "RuleCatalog", "SourceModel"]),
        // NodeNetworkConfigurationPolicy object rules and cross-policy checks.
        .target(name: "PolicyRules", dependencies: ["NMStateSchema", "NMPolicy", "RuleCatalog", "SourceModel", "StateStore"]),
        // Manifest discovery, classification and lint reports.
        .target(name: "ManifestLint", dependencies: ["PolicyRules", "NMStateSchema", "NMPolicy", "RuleCatalog", "SourceModel", "SourceModelYAML"]),
        // AdmissionReview codec, JSON Patch, enforcement decisions.
        .target(name: "Admission", dependencies: [
            "GuardCore", "PolicyRules", "NMStateSchema", "RuleCatalog", "SourceModel",
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Self-signed CA and serving certificates (dev certs; rotation later).
        .target(name: "CertRotation", dependencies: [
            "GuardCore", "KubeAPI",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Minimal Kubernetes API client: config, list/watch caches, patch, Lease.
        .target(name: "KubeAPI", dependencies: [
            "GuardCore", "SourceModel", "SourceModelYAML",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // In-process fake kube-apiserver speaking the real wire format, for tests.
        .target(name: "KubeAPITesting", dependencies: [
            "GuardCore", "KubeAPI", "SourceModel", "SourceModelYAML",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Full mode: keeps a ClusterView in sync with the API server for the cluster-aware rules.
        .target(name: "ClusterWatch", dependencies: [
            "GuardCore", "KubeAPI", "PolicyRules", "Admission", "NMStateSchema", "SourceModel",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // NIO TLS server: routing, limits, hot reload, health, metrics.
        .target(name: "WebhookServer", dependencies: [
            "GuardCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCertificateReloading", package: "swift-nio-extras"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Process set-up and the serve flags shared by both executables (logging
        // and metrics bootstrap, allocator tuning, routes), and the build's version and commit.
        .target(name: "WebhookCLI", dependencies: [
            "WebhookServer", "Admission", "GuardCore", "NMStateSchema", "RuleCatalog", "SourceModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], plugins: ["BuildInfoPlugin"]),
        // Writes the commit a build from a clone is made from (git) into WebhookCLI.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),
        .executableTarget(
            name: "nncp-guard",
            dependencies: [
                "ManifestLint", "PolicyRules", "NMStateSchema", "NMPolicy", "SourceModel", "SourceModelYAML", "Admission", "WebhookServer", "WebhookCLI", "CertRotation", "ClusterWatch", "KubeAPI", "RuleCatalog", "GuardCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The slim enforcing handler: stateless rules, certificates from files, no API client.
        .executableTarget(
            name: "nncp-guard-slim",
            dependencies: [
                "Admission", "WebhookServer", "WebhookCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Release builds link the Swift runtime statically (lld, packed
            // relative relocations): the binary needs only libc and libstdc++,
            // and idle RSS drops by about 3 MB because only the runtime code
            // it uses is mapped (Benchmarks/webhook.sh measures it). The two
            // Foundation support archives are what FoundationEssentials needs
            // when the objects were compiled against the shared SDK.
            linkerSettings: [.unsafeFlags([
                "-static-stdlib", "-use-ld=lld",
                "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
            ], .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "GuardCoreTests", dependencies: ["GuardCore"]),
        .testTarget(name: "SourceModelTests", dependencies: ["SourceModel", "SourceModelYAML"]),
        .testTarget(name: "StateStoreTests", dependencies: ["StateStore", "SourceModel", "KubeAPITesting"]),
        .testTarget(name: "NMPolicyTests", dependencies: ["NMPolicy", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "NMStateSchemaTests", dependencies: ["NMStateSchema", "GuardCore", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "PolicyRulesTests", dependencies: ["PolicyRules", "NMStateSchema", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "ManifestLintTests", dependencies: ["ManifestLint", "PolicyRules", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "KubeAPITests", dependencies: [
            "KubeAPI", "KubeAPITesting", "SourceModel", "SourceModelYAML",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ClusterWatchTests", dependencies: ["ClusterWatch", "KubeAPITesting", "PolicyRules", "Admission", "ManifestLint", "NMStateSchema", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "AdmissionTests", dependencies: ["Admission", "GuardCore", "WebhookCLI", "WebhookServer", "SourceModel", "SourceModelYAML"]),
        .testTarget(name: "RuleCatalogTests", dependencies: [
            "RuleCatalog", "ManifestLint", "Admission", "PolicyRules", "NMStateSchema", "SourceModel", "SourceModelYAML",
        ]),
        // The command-line front end: usage errors, messages, subcommands.
        .testTarget(name: "NNCPGuardTests", dependencies: [
            "nncp-guard", "WebhookCLI", "Admission", "ManifestLint", "RuleCatalog", "CertRotation", "SourceModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CertRotationTests", dependencies: [
            "CertRotation", "GuardCore", "KubeAPI", "KubeAPITesting", "SourceModel", "SourceModelYAML", "WebhookServer",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The command line: flags that reach the libraries as they should.
        .testTarget(name: "NNCPGuardCLITests", dependencies: [
            "nncp-guard", "CertRotation", "WebhookCLI", "WebhookServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "WebhookServerTests", dependencies: [
            "WebhookServer", "WebhookCLI", "Admission", "CertRotation", "SourceModel", "SourceModelYAML",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
    ]
)
