import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/tributary-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(name))), as: UTF8.self)
    }

    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Sets a file's modification (and access) time exactly, as `touch -d` does; the kernel moves its ctime.
func setModificationTime(_ path: String, seconds: Int64, nanoseconds: Int64) -> Int32 {
    var times = [
        timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)),
        timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)),
    ]
    return utimensat(AT_FDCWD, path, &times, 0)
}
