/// Turns command-line arguments into the list of inputs to lint.
///
/// Directories are walked recursively for `*.yaml`, `*.yml` and `*.json`,
/// skipping hidden entries (`.git`, `.github`, editor folders, dotfiles such
/// as `.pre-commit-hooks.yaml`) and symbolic links to directories (no
/// cycles). A file named explicitly is always linted, whatever its name:
/// pre-commit passes exactly the files it wants checked. The result is
/// sorted by path and de-duplicated, so output never depends on directory
/// order or argument repetition.
public struct InputDiscovery: Sendable {
    public var extensions: Set<String>

    public init(extensions: Set<String> = ["yaml", "yml", "json"]) {
        self.extensions = extensions
    }

    /// A path that could not be turned into inputs (missing, unreadable
    /// directory). Reported as an I/O error, exit status 2.
    public struct Problem: Sendable, Hashable {
        public var path: String
        /// Why, without the path: `No such file or directory`.
        public var reason: String

        public var message: String { "\(path): \(reason)" }
    }

    public func discover(_ arguments: [String]) -> (inputs: [LintInput], problems: [Problem]) {
        var files: [LintInput] = []
        var problems: [Problem] = []
        var wantsStandardInput = false
        for argument in arguments {
            if argument == "-" {
                wantsStandardInput = true
                continue
            }
            switch FileSystem.kind(of: argument) {
            case .directory:
                walk(argument, into: &files, problems: &problems)
            case .file, .other:
                files.append(.file(argument))
            case .missing:
                problems.append(Problem(path: argument, reason: "No such file or directory"))
            }
        }
        var seen = Set<String>()
        files = files.filter { seen.insert($0.displayPath).inserted }
        files.sort { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
        if wantsStandardInput { files.insert(.standardInput, at: 0) }
        return (files, problems)
    }

    private func walk(_ directory: String, into files: inout [LintInput], problems: inout [Problem]) {
        let names: [String]
        switch FileSystem.entries(of: directory) {
        case .success(let n): names = n
        case .failure(let failure):
            problems.append(Problem(path: directory, reason: failure.reason))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = Self.join(directory, name)
            let isLink = FileSystem.isSymbolicLink(path)
            switch FileSystem.kind(of: path) {
            case .directory:
                if !isLink { walk(path, into: &files, problems: &problems) }
            case .file:
                if hasLintableExtension(name) { files.append(.file(path)) }
            case .other, .missing:
                continue
            }
        }
    }

    func hasLintableExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
