import Glibc
import SourceModel
import SourceModelYAML

/// The repository's fixtures, read without Foundation (this target links none).
enum Files {
    /// The repository root, from this file's path (Tests/PolicyRulesTests/Support/Files.swift).
    static let repository: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()

    /// Every YAML document of the file at `path` (none when it cannot be read).
    static func documents(_ path: String) -> [Value] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return YAMLLoader().loadStream(String(decoding: bytes, as: UTF8.self)).documents
    }
}
