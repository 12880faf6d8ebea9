#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum Base64 {
    /// Decodes standard base64 (kubeconfig `*-data` fields, Secret data),
    /// tolerating line breaks and missing padding as Go's decoder in
    /// client-go does not, but as hand-edited kubeconfigs often need.
    static func decode(_ text: String) -> [UInt8]? {
        var cleaned = text.filter { !$0.isWhitespace }
        let remainder = cleaned.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { cleaned += String(repeating: "=", count: 4 - remainder) }
        guard let data = Data(base64Encoded: cleaned) else { return nil }
        return [UInt8](data)
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
