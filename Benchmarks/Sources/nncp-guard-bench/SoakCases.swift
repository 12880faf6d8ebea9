import Foundation
import NIOHTTP1

/// One kind of request the soak client sends, and what must come back.
struct SoakCase {
    enum Class: String, CaseIterable {
        case valid, invalid, malformed
    }

    enum Expectation {
        /// HTTP 200 with an AdmissionReview of `apiVersion` whose
        /// `response.uid` echoes the request's and whose `response.allowed`
        /// is `allowed`; a denial's `status.message` names every rule in `rules`.
        case review(apiVersion: String, allowed: Bool, rules: [String])
        /// An HTTP error with a JSON body; `reason` is the body's `reason`
        /// (nil: only `error` is checked). `closes`: the response carries
        /// `Connection: close` and the server then closes the connection.
        case httpError(status: Int, reason: String?, closes: Bool)
    }

    var name: String
    var klass: Class
    var method: HTTPMethod = .POST
    var uri: String = "/validate?timeout=10s"
    var contentType: String? = "application/json"
    var body: [UInt8]
    /// Overrides Content-Length (a body announced but never sent).
    var contentLength: Int?
    /// Byte offset of the 36-character `request.uid` value in `body`, when
    /// the uid is rewritten per request.
    var uidOffset: Int?
    var expectation: Expectation
    /// Share of the mix, out of `SoakCases.cycleLength`.
    var weight: Int

    var expectsClose: Bool {
        if case .httpError(_, _, true) = expectation { return true }
        return false
    }
}

enum SoakCaseError: Error, CustomStringConvertible {
    case missingFixture(String)
    case badFixture(String, String)

    var description: String {
        switch self {
        case .missingFixture(let path): return "missing fixture \(path)"
        case .badFixture(let name, let why): return "fixture \(name): \(why)"
        }
    }
}

/// The request mix: every fixture of testdata/admission/ with its expected
/// verdict, invalid variants, and malformed requests (broken JSON, wrong
/// kind, missing uid, unsupported version, wrong content type, wrong method,
/// unknown path, oversized body). Mostly 200s.
enum SoakCases {
    static let cycleLength = 1000
    static let v1 = "admission.k8s.io/v1"
    static let v1beta1 = "admission.k8s.io/v1beta1"

    static func load(directory: String) throws -> [SoakCase] {
        func fixture(_ name: String) throws -> [UInt8] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { throw SoakCaseError.missingFixture(path) }
            return Array(data)
        }
        func review(_ name: String, _ klass: SoakCase.Class, apiVersion: String = v1, allowed: Bool, rules: [String] = [], weight: Int, body: [UInt8]? = nil) throws -> SoakCase {
            let bytes = try body ?? fixture(name)
            return SoakCase(name: name, klass: klass, body: bytes, uidOffset: try uidOffset(in: bytes, name: name),
                            expectation: .review(apiVersion: apiVersion, allowed: allowed, rules: rules), weight: weight)
        }
        func malformed(_ name: String, body: [UInt8], status: Int, reason: String?, weight: Int) -> SoakCase {
            SoakCase(name: name, klass: .malformed, body: body, expectation: .httpError(status: status, reason: reason, closes: false), weight: weight)
        }

        let update = try fixture("update-bond-vlan.json")
        let create = try fixture("create-bond-vlan.json")

        var cases: [SoakCase] = [
            // valid: 200, allowed
            try review("update-bond-vlan.json", .valid, allowed: true, weight: 300),
            try review("create-bond-vlan.json", .valid, allowed: true, weight: 150),
            try review("create-v1beta1.json", .valid, apiVersion: v1beta1, allowed: true, weight: 50),
            try review("update-status.json", .valid, allowed: true, weight: 50),
            try review("create-configmap.json", .valid, allowed: true, weight: 50),
            try review("delete-bond-vlan.json", .valid, allowed: true, weight: 50),
            // invalid: 200, denied, naming the rules
            try review("create-invalid.json", .invalid, allowed: false,
                       rules: ["policy.name", "policy.node-selector", "schema.unknown-field", "schema.invalid-value"], weight: 100),
            try review("update-in-progress.json", .invalid, allowed: false, rules: ["policy.in-progress"], weight: 50),
            try review("create-bond-vlan.json+bond-mode-802.3xx", .invalid, allowed: false, rules: ["schema.invalid-value"], weight: 50,
                       body: replacing(#""mode":"802.3ad""#, with: #""mode":"802.3xx""#, in: create, name: "create-bond-vlan.json")),
        ]
        // malformed: 4xx
        cases.append(malformed("truncated-json", body: Array(update.prefix(update.count / 2)), status: 400, reason: "InvalidJSON", weight: 25))
        cases.append(malformed("wrong-kind", body: try replacing(#""kind":"AdmissionReview""#, with: #""kind":"AdmissionRequest""#, in: update, name: "update-bond-vlan.json"),
                               status: 400, reason: "NotAdmissionReview", weight: 25))
        cases.append(malformed("missing-uid", body: try removingRequestUID(update, name: "update-bond-vlan.json"), status: 400, reason: "MissingUID", weight: 25))
        cases.append(malformed("unsupported-version", body: try replacing(#""apiVersion":"admission.k8s.io/v1""#, with: #""apiVersion":"admission.k8s.io/v2""#, in: update, name: "update-bond-vlan.json"),
                               status: 400, reason: "UnsupportedVersion", weight: 20))
        var textPlain = malformed("wrong-content-type", body: update, status: 415, reason: "UnsupportedMediaType", weight: 25)
        textPlain.contentType = "text/plain"
        cases.append(textPlain)
        var get = malformed("get-method", body: [], status: 405, reason: "MethodNotAllowed", weight: 15)
        get.method = .GET
        get.contentType = nil
        cases.append(get)
        var unknownPath = malformed("unknown-path", body: update, status: 404, reason: "NotFound", weight: 14)
        unknownPath.uri = "/validate-nncp-v1?timeout=10s"
        cases.append(unknownPath)
        // 64 MiB announced, nothing sent: 413 from the header alone, then close.
        cases.append(SoakCase(name: "oversized", klass: .malformed, body: [], contentLength: 64 << 20,
                              expectation: .httpError(status: 413, reason: nil, closes: true), weight: 1))

        let total = cases.reduce(0) { $0 + $1.weight }
        precondition(total == cycleLength, "weights add up to \(total), not \(cycleLength)")
        return cases
    }

    /// `only`/`exclude`: comma-separated case names, `weights`: new weights
    /// by case name (for isolating one kind of request when investigating);
    /// other weights keep their ratios.
    static func select(_ cases: [SoakCase], only: String?, exclude: String?, weights: [String: Int] = [:]) throws -> [SoakCase] {
        func names(_ list: String?) throws -> Set<String>? {
            guard let list else { return nil }
            let set = Set(list.split(separator: ",").map(String.init))
            if let unknown = set.first(where: { n in !cases.contains { $0.name == n } }) {
                throw SoakCaseError.badFixture(unknown, "no such case; cases: \(cases.map(\.name).joined(separator: ", "))")
            }
            return set
        }
        let keep = try names(only), drop = try names(exclude) ?? []
        _ = try names(weights.isEmpty ? nil : weights.keys.joined(separator: ","))
        var selected = cases.filter { (keep?.contains($0.name) ?? true) && !drop.contains($0.name) }
        for i in selected.indices { selected[i].weight = weights[selected[i].name] ?? selected[i].weight }
        guard !selected.isEmpty else { throw SoakCaseError.badFixture("--only/--exclude", "no case left") }
        return selected
    }

    /// Case indices in a fixed interleaved order: each case appears `weight`
    /// times per cycle (the sum of the weights, 1000 for the full mix),
    /// spread out (largest credit first).
    static func cycle(_ cases: [SoakCase]) -> [Int] {
        let length = cases.reduce(0) { $0 + $1.weight }
        var credit = [Int](repeating: 0, count: cases.count)
        var order: [Int] = []
        order.reserveCapacity(length)
        for _ in 0..<length {
            for i in cases.indices { credit[i] += cases[i].weight }
            let pick = credit.indices.max { credit[$0] < credit[$1] }!
            credit[pick] -= length
            order.append(pick)
        }
        return order
    }

    /// The offset of the first `"uid":"` value: `request.uid` comes first in
    /// every fixture (the object's and the user's uid follow).
    static func uidOffset(in bytes: [UInt8], name: String) throws -> Int {
        let key = Array(#""uid":""#.utf8)
        guard let at = find(key, in: bytes) else { throw SoakCaseError.badFixture(name, "no request uid") }
        let start = at + key.count
        guard start + 37 <= bytes.count, bytes[start + 36] == UInt8(ascii: "\"") else {
            throw SoakCaseError.badFixture(name, "request uid is not 36 characters")
        }
        return start
    }

    static func removingRequestUID(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        let start = try uidOffset(in: bytes, name: name)
        let keyStart = start - #""uid":""#.utf8.count
        var out = bytes
        out.removeSubrange(keyStart..<(start + 38))  // `"uid":"<36>",`
        return out
    }

    static func replacing(_ old: String, with new: String, in bytes: [UInt8], name: String) throws -> [UInt8] {
        let o = Array(old.utf8)
        guard let at = find(o, in: bytes) else { throw SoakCaseError.badFixture(name, "no \(old) to replace") }
        var out = bytes
        out.replaceSubrange(at..<(at + o.count), with: Array(new.utf8))
        return out
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
