// swift-tools-version:6.0
// libFuzzer harnesses for nncp-guard. A separate package so the main build and
// CI never see the sanitizer flags; see run.sh and docs/security.md.
//
// Build (from Fuzz/):
//   swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
import PackageDescription

// The main package exports the modules the harnesses drive as library products.
let fuzzDeps: [Target.Dependency] = [
    "FuzzDriver",
    .product(name: "SourceModel", package: "main"),
    .product(name: "SourceModelYAML", package: "main"),
    .product(name: "NMPolicy", package: "main"),
    .product(name: "NMStateSchema", package: "main"),
    .product(name: "PolicyRules", package: "main"),
    .product(name: "Admission", package: "main"),
]

let package = Package(
    name: "nncp-guard-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "main", path: ".."),
        // Same requirements as the main package (Package.resolved is copied from there).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Hands each harness's entry point to libFuzzer's driver.
        .target(name: "FuzzDriver"),
        // bytes → YAMLLoader.loadStream → PolicyValidator + DesiredStateValidator per document.
        .executableTarget(name: "FuzzYAMLValidate", dependencies: fuzzDeps + [
            .product(name: "ManifestLint", package: "main"),
        ]),
        // bytes → JSONReader (AdmissionReview-like) → PolicyValidator on request.object / oldObject.
        .executableTarget(name: "FuzzJSONPolicy", dependencies: fuzzDeps),
        // bytes → nmpolicy CaptureExpression.parse, and PolicyDocument over YAML.
        .executableTarget(name: "FuzzCaptureExpression", dependencies: fuzzDeps),
        // bytes as an AdmissionReview body → AdmissionController: decode → review
        // (validate and every mutation) → encode, with codec round trips.
        .executableTarget(name: "FuzzAdmissionReview", dependencies: fuzzDeps + [
            .product(name: "Logging", package: "swift-log"),
        ]),
        // raw bytes → the server's real HTTP pipeline (NIO HTTP/1.1
        // codec, HTTPConnectionHandler, the admission routes) on an EmbeddedChannel, no TLS.
        .executableTarget(name: "FuzzHTTPRequest", dependencies: fuzzDeps + [
            .product(name: "WebhookServer", package: "main"),
            .product(name: "WebhookCLI", package: "main"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
