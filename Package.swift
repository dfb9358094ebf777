// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tributary",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tributary", targets: ["tributary"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
        .library(name: "TributaryPipeline", targets: ["TributaryPipeline"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "TributaryCore"),
        .target(name: "TributaryFormats", dependencies: ["TributaryCore", "CZlib"]),
        .target(name: "TributaryExtractors", dependencies: ["TributaryCore", "TributaryFormats"]),
        .target(name: "TributaryTransformers", dependencies: ["TributaryCore"]),
        .target(name: "TributaryClickHouse", dependencies: ["TributaryCore", "CZlib"]),
        .target(name: "TributaryDetectors", dependencies: ["TributaryCore"]),
        .target(
            name: "TributaryPipeline",
            dependencies: [
                "TributaryCore", "TributaryFormats", "TributaryExtractors", "TributaryTransformers",
                "TributaryClickHouse", "TributaryDetectors",
            ]
        ),
        .executableTarget(name: "tributary", dependencies: ["TributaryPipeline", "CMalloc"]),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TributaryFormats"]),
        // A loopback HTTP/1.1 server for the API and end-to-end tests; a regular target so that several test
        // targets can share it, and dependent on nothing of Tributary's so that it tests the client from outside.
        .target(name: "TributaryTestSupport", path: "Tests/TributaryTestSupport"),
        .testTarget(name: "TributaryCoreTests", dependencies: ["TributaryCore"]),
        .testTarget(name: "TributaryFormatsTests", dependencies: ["TributaryFormats", "TributaryCore"]),
        .testTarget(
            name: "TributaryExtractorsTests",
            dependencies: ["TributaryExtractors", "TributaryFormats", "TributaryCore", "TributaryTestSupport"]),
        .testTarget(name: "TributaryTransformersTests", dependencies: ["TributaryTransformers"]),
        .testTarget(name: "TributaryClickHouseTests", dependencies: ["TributaryClickHouse", "TributaryCore"]),
        .testTarget(
            name: "TributaryDetectorsTests", dependencies: ["TributaryDetectors", "TributaryCore", "TributaryPipeline"]),
        .testTarget(
            name: "TributaryPipelineTests",
            dependencies: [
                "TributaryPipeline", "TributaryFormats", "TributaryTransformers", "TributaryCore", "TributaryTestSupport",
            ]),
    ]
)
