import SourceModel

/// An NNCP `spec.nodeSelector`: equality-only label matching, where an empty
/// selector matches every node.
public struct NodeSelector: Sendable, Hashable, CustomStringConvertible {
    public var labels: [String: String]

    public init(_ labels: [String: String] = [:]) { self.labels = labels }

    /// Reads `spec.nodeSelector`, ignoring entries that are not strings
    /// (the object rules report those).
    public init(spec: Value?) {
        var labels: [String: String] = [:]
        for m in spec?["nodeSelector"]?.members ?? [] {
            if let v = m.value.string { labels[m.key] = v }
        }
        self.labels = labels
    }

    public func matches(_ nodeLabels: [String: String]) -> Bool {
        labels.allSatisfy { nodeLabels[$0.key] == $0.value }
    }

    /// Whether some node could match both selectors: true unless they require
    /// different values for the same label.
    public func canOverlap(_ other: NodeSelector) -> Bool {
        let (small, large) = labels.count <= other.labels.count ? (labels, other.labels) : (other.labels, labels)
        for (k, v) in small where large[k].map({ $0 != v }) ?? false { return false }
        return true
    }

    /// Whether the selector pins a single node by hostname.
    public var pinsOneNode: Bool { labels["kubernetes.io/hostname"] != nil }

    public var description: String {
        labels.isEmpty ? "{} (every node)" : "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
    }
}
