import Foundation
import KubeAPI

/// A webhook configuration whose entries get the caBundle.
public struct WebhookConfigurationRef: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case mutating
        case validating

        public var resource: APIResource {
            switch self {
            case .mutating: return .mutatingWebhookConfigurations
            case .validating: return .validatingWebhookConfigurations
            }
        }
    }

    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// `mutatingwebhookconfigurations/<name>`.
    public var description: String { "\(kind.resource.resource)/\(name)" }

    /// Parses `--webhook-configurations`: comma-separated, either explicit
    /// (`mutating/NAME`, `validating/NAME`) or positional (`MWC,VWC`: the
    /// first plain name is the mutating configuration, the second the
    /// validating one, as the Helm chart passes them). An empty position
    /// skips that kind (`,VWC`).
    ///
    /// Positional rather than "try both kinds" because RBAC grants `get` on
    /// each configuration by kind and name: a guess at the wrong kind is a
    /// 403, not a 404.
    public static func parseList(_ text: String) throws(CertRotationError) -> [WebhookConfigurationRef] {
        var out: [WebhookConfigurationRef] = []
        var position = 0
        for rawPart in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = rawPart.trimmingCharacters(in: .whitespaces)
            if let slash = part.firstIndex(of: "/") {
                let kindText = part[..<slash].lowercased()
                let name = String(part[part.index(after: slash)...])
                let kind: Kind?
                switch kindText {
                case "mutating", "mutatingwebhookconfiguration", "mutatingwebhookconfigurations", "mwc": kind = .mutating
                case "validating", "validatingwebhookconfiguration", "validatingwebhookconfigurations", "vwc": kind = .validating
                default: kind = nil
                }
                guard let kind, !name.isEmpty else {
                    throw CertRotationError(.invalidOptions, "webhook configuration \"\(part)\": expected mutating/NAME or validating/NAME")
                }
                out.append(WebhookConfigurationRef(kind, name))
                continue
            }
            defer { position += 1 }
            if part.isEmpty { continue }
            guard position < 2 else {
                throw CertRotationError(.invalidOptions, "webhook configuration \"\(part)\": only two plain names (mutating, validating) are positional; write mutating/NAME or validating/NAME")
            }
            out.append(WebhookConfigurationRef(position == 0 ? .mutating : .validating, part))
        }
        return out
    }
}
