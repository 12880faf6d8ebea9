import SourceModel

/// A request rejected before it became an admission review: wrong path,
/// method or content type, or a body that is not an AdmissionReview.
///
/// Answered with an HTTP 4xx and a small JSON body. The apiserver treats a
/// non-200 as a failed call and applies the webhook's `failurePolicy`; for
/// a person probing with curl the body says what was expected.
public struct HTTPRejection: Sendable, Equatable {
    public var status: Int
    /// Machine-readable, CamelCase like a Kubernetes Status reason.
    public var reason: String
    public var message: String
    /// `Allow: POST` on a 405.
    public var headers: [String: String]

    public init(status: Int, reason: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.reason = reason
        self.message = message
        self.headers = headers
    }

    /// `{"error":"…","reason":"…"}`.
    public var body: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(48 + message.utf8.count)
        out.append(contentsOf: #"{"error":"#.utf8)
        JSONWriter.writeString(message, into: &out)
        out.append(contentsOf: #","reason":"#.utf8)
        JSONWriter.writeString(reason, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func notFound(_ path: String) -> HTTPRejection {
        let shown = path.utf8.count > 100 ? String(path.prefix(100)) + "..." : path
        let known = AdmissionEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
        return HTTPRejection(status: 404, reason: "NotFound", message: "no admission endpoint at \(JSONWriter.quoted(shown)); served paths: \(known)")
    }

    static func methodNotAllowed(_ method: String) -> HTTPRejection {
        let shown = method.utf8.count > 20 ? String(method.prefix(20)) + "..." : method
        return HTTPRejection(status: 405, reason: "MethodNotAllowed", message: "method \(shown) is not allowed; admission reviews are sent with POST", headers: ["Allow": "POST"])
    }

    static func unsupportedMediaType(_ contentType: String?) -> HTTPRejection {
        let got = contentType.map { JSONWriter.quoted(String($0.prefix(100))) } ?? "none"
        return HTTPRejection(status: 415, reason: "UnsupportedMediaType", message: "content type must be application/json, got \(got)")
    }

    static func badReview(_ error: AdmissionReviewError) -> HTTPRejection {
        HTTPRejection(status: error.httpStatus, reason: error.code.rawValue, message: error.message)
    }
}

/// `Content-Type` checks without allocating: `application/json`, any case,
/// optional parameters; a `charset` parameter must be UTF-8 (RFC 8259).
enum MediaType {
    static func isJSON(_ header: String?) -> Bool {
        guard let header else { return false }
        // What the apiserver sends, answered without the general parse.
        if header.utf8.count == 16, header == "application/json" { return true }
        var utf8 = Substring(header).utf8[...]
        trim(&utf8)
        let semicolon = utf8.firstIndex(of: UInt8(ascii: ";"))
        var type = semicolon.map { utf8[..<$0] } ?? utf8
        trim(&type)
        guard equalsIgnoringCase(type, "application/json") else { return false }
        guard let semicolon else { return true }
        // Parameters: `; charset=utf-8; other=x`.
        var rest = utf8[utf8.index(after: semicolon)...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            var param = rest[..<end]
            trim(&param)
            if let eq = param.firstIndex(of: UInt8(ascii: "=")) {
                var name = param[..<eq]
                trim(&name)
                if equalsIgnoringCase(name, "charset") {
                    var value = param[param.index(after: eq)...]
                    trim(&value)
                    if value.first == UInt8(ascii: "\""), value.count >= 2, value.last == UInt8(ascii: "\"") {
                        value = value.dropFirst().dropLast()
                    }
                    if !equalsIgnoringCase(value, "utf-8") && !equalsIgnoringCase(value, "utf8") { return false }
                }
            }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return true
    }

    private static func trim(_ s: inout Substring.UTF8View.SubSequence) {
        while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
    }

    private static func equalsIgnoringCase(_ s: Substring.UTF8View.SubSequence, _ lower: StaticString) -> Bool {
        guard s.count == lower.utf8CodeUnitCount else { return false }
        let p = lower.utf8Start
        var i = 0
        for b in s {
            let folded = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if folded != p[i] { return false }
            i += 1
        }
        return true
    }
}
