/// The process's working directory, which relative report paths (SARIF
/// artifact URIs) are resolved against.
public enum WorkingDirectory {
    public static var path: String? { FileSystem.currentDirectory() }
}
