// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tributary",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "TributaryCore"),
        .testTarget(name: "TributaryCoreTests", dependencies: ["TributaryCore"]),
    ]
)
