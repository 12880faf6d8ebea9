// swift-tools-version:6.0
// libFuzzer harnesses for nncp-guard. A separate package so the main build and
// CI never see the sanitizer flags; see run.sh and docs/security.md.
//
// Build (from Fuzz/):
//   swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
import PackageDescription

// The main package exports only NMStateSchema and PolicyRules as library
// products. Their transitive targets (SourceModel, NMPolicy) are built into
// the same module directory, so the harnesses import them directly; once the
// main package exports SourceModel / NMPolicy products, list them here too.
let fuzzDeps: [Target.Dependency] = [
    .product(name: "NMStateSchema", package: "main"),
    .product(name: "PolicyRules", package: "main"),
]

let package = Package(
    name: "nncp-guard-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "main", path: ".."),
    ],
    targets: [
        // bytes → YAMLLoader.loadStream → PolicyValidator + DesiredStateValidator per document.
        .executableTarget(name: "FuzzYAMLValidate", dependencies: fuzzDeps),
        // bytes → JSONReader (AdmissionReview-like) → PolicyValidator on request.object / oldObject.
        .executableTarget(name: "FuzzJSONPolicy", dependencies: fuzzDeps),
        // bytes → nmpolicy CaptureExpression.parse, and PolicyDocument over YAML.
        .executableTarget(name: "FuzzCaptureExpression", dependencies: fuzzDeps),
    ]
)
