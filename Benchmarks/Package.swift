// swift-tools-version:6.0
// Benchmarks for nncp-guard (see the *.sh scripts beside this file). A
// package of its own, as swift-nio keeps its benchmarks, so the product
// package holds nothing outside Sources/ and Tests/ and builds from exactly
// what the Dockerfile copies.
//
// Build (from the repository root):
//   swift build -c release --package-path Benchmarks --product nncp-guard-bench
// The main package's executables build from here too
// (`--product nncp-guard`), sharing one scratch path with the benchmarks.
import PackageDescription

let package = Package(
    name: "nncp-guard-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "main", path: ".."),
        // Same requirements as the main package.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .executableTarget(name: "nncp-guard-bench", dependencies: [
            .product(name: "PolicyRules", package: "main"),
            .product(name: "NMStateSchema", package: "main"),
            .product(name: "SourceModel", package: "main"),
            .product(name: "SourceModelYAML", package: "main"),
            .product(name: "StateStore", package: "main"),
            .product(name: "KubeAPITesting", package: "main"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
    ]
)
