import SourceModel

/// How an enforcement config file's bytes become documents.
///
/// Why a parameter rather than always YAML: a YAML parser (Yams) brings
/// Foundation with it, and loading Foundation alone costs the process about
/// 6.5 MB of resident memory. `nncp-guard` reads YAML; `nncp-guard-slim`,
/// whose budget is a small idle footprint, reads the JSON form, which is
/// also valid YAML (the Helm chart renders the file that way, so one file
/// serves both).
public struct ConfigFileFormat: Sendable {
    /// For messages: "YAML", "JSON".
    public var name: String
    /// Every document of the stream, or the first error.
    public var loadDocuments: @Sendable ([UInt8]) -> (documents: [Value], error: LoadError?)
    /// Appended to a load error, e.g. how to get a readable file.
    public var hint: String

    public init(name: String, hint: String = "", loadDocuments: @escaping @Sendable ([UInt8]) -> (documents: [Value], error: LoadError?)) {
        self.name = name
        self.hint = hint
        self.loadDocuments = loadDocuments
    }

    /// One JSON value (or nothing: an empty or blank file gives the defaults).
    public static let json = ConfigFileFormat(
        name: "JSON",
        hint: " (this binary reads the config as JSON, YAML's flow form: {\"rules\": {\"schema.*\": \"warn\"}}; `nncp-guard serve` also reads block YAML)"
    ) { bytes in
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return ([], nil) }
        do throws(LoadError) {
            return ([try JSONReader().parse(bytes)], nil)
        } catch {
            return ([], error)
        }
    }
}
