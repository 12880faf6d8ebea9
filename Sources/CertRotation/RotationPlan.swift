import Foundation
import GuardCore

/// Why a certificate is (re)issued. The scheduled case is
/// ``deadlineReached(notAfter:)``; every other case is a forced rotation:
/// the stored material cannot be trusted to work as it is.
public enum RotationReason: Sendable, Hashable, CustomStringConvertible {
    /// Nothing is stored: a first install.
    case nothingStored
    /// `now ≥ notAfter − overlap`: the scheduled rotation.
    case deadlineReached(notAfter: Date)
    /// The CA Secret is missing, unreadable, its key does not match, it is
    /// not a CA, or it is outside its validity period.
    case caUnusable(String)
    /// The trust bundle does not start with the CA Secret's certificate, or
    /// does not parse (upstream: "CA bundle and CA secret certificate are
    /// different").
    case bundleDisagrees(String)
    /// `tls.crt` or `tls.key` is missing or unreadable, or the key does not
    /// belong to the certificate.
    case servingUnusable(String)
    /// The serving certificate does not verify against the bundle now: not
    /// signed by a CA in it, expired, or not yet valid.
    case chainBroken(String)
    /// The serving certificate's SANs are not the configured ones.
    case wrongNames(missing: [String], unexpected: [String])

    /// Whether this is anything but the scheduled rotation.
    public var isForced: Bool {
        if case .deadlineReached = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .nothingStored: return "no certificates stored yet"
        case .deadlineReached(let notAfter): return "rotation deadline reached (expires \(RotationPlan.timestamp(notAfter)))"
        case .caUnusable(let why): return "CA unusable: \(why)"
        case .bundleDisagrees(let why): return "CA bundle disagrees with the CA Secret: \(why)"
        case .servingUnusable(let why): return "serving certificate unusable: \(why)"
        case .chainBroken(let why): return "serving certificate does not verify: \(why)"
        case .wrongNames(let missing, let unexpected):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("not configured \(unexpected.joined(separator: ", "))") }
            return "serving certificate names differ from the configuration: " + parts.joined(separator: "; ")
        }
    }
}

/// One thing the planner wants done.
public enum RotationAction: Sendable, Hashable, CustomStringConvertible {
    /// First install: a new CA, a serving certificate from it, a bundle of one.
    case issueFirst
    /// A new CA, prepended to the bundle (older, still valid CAs stay until
    /// they expire); the serving certificate is reissued from it.
    case rotateCA(RotationReason)
    /// A new serving certificate from the current CA.
    case rotateServing(RotationReason)
    /// Drop these CA certificates (serials) from the bundle: expired, or
    /// beyond ``RotationOptions/maxBundleSize``.
    case pruneBundle(serials: [String])
    /// Drop these certificates (serials) after the leaf in `tls.crt`:
    /// expired chain certificates, or old leaves an upstream-style Secret
    /// kept (their keys are gone; they are dead weight in every handshake).
    case pruneChain(serials: [String])
    /// Write the bundle into these webhook entries, whose `caBundle` differs.
    case injectBundle(targets: [String])

    public var description: String {
        switch self {
        case .issueFirst: return "issue the first CA and serving certificate"
        case .rotateCA(let reason): return "rotate the CA (\(reason))"
        case .rotateServing(let reason): return "rotate the serving certificate (\(reason))"
        case .pruneBundle(let serials): return "prune from the CA bundle: \(serials.joined(separator: ", "))"
        case .pruneChain(let serials): return "prune from tls.crt: \(serials.joined(separator: ", "))"
        case .injectBundle(let targets): return "inject caBundle into \(targets.joined(separator: ", "))"
        }
    }
}

/// The caBundle a webhook entry carries now, as the planner's input.
public struct InjectedCABundle: Sendable, Hashable {
    /// Which entry: `mutatingwebhookconfigurations/<name>#<webhook>`.
    public var target: String
    /// The decoded PEM text; `nil` when the entry has no `caBundle`.
    public var pem: String?

    public init(target: String, pem: String?) {
        self.target = target
        self.pem = pem
    }
}

/// What the planner decided for one moment: the actions (empty when all
/// is well), the deadlines it found, and when to look again.
public struct RotationPlan: Sendable {
    public var actions: [RotationAction]
    /// `notAfter − caOverlap` of the current CA, when there is a usable one.
    public var caDeadline: Date?
    /// `min(leaf notAfter, issuing CA notAfter) − certOverlap`, when the
    /// serving certificate is usable.
    public var servingDeadline: Date?
    public var caNotAfter: Date?
    public var servingNotAfter: Date?
    /// When the plan changes next without anyone touching the store: the
    /// earliest deadline or expiry of a bundle or chain certificate; `now`
    /// when there are actions to take.
    public var nextWakeUp: Date

    /// The parsed input, so the executor need not parse again.
    let parsed: ParsedCertificates

    public var isUpToDate: Bool { actions.isEmpty }

    /// Whether a new CA is made (first issue or rotation).
    public var issuesCA: Bool {
        actions.contains { if case .issueFirst = $0 { return true }; if case .rotateCA = $0 { return true }; return false }
    }

    /// Whether a new serving certificate is issued (always with a new CA).
    public var issuesServing: Bool {
        issuesCA || actions.contains { if case .rotateServing = $0 { return true }; return false }
    }

    /// Whether the stored material changes (anything but injection).
    public var changesStore: Bool {
        actions.contains { if case .injectBundle = $0 { return false }; return true }
    }

    /// `2024-05-01T12:00:00Z`, for messages and logs.
    static func timestamp(_ date: Date) -> String {
        RFC3339.format(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
