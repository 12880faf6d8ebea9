import Foundation
import GuardCore
import X509

/// Decides what to do with the stored certificates at a given moment.
///
/// A pure function of its inputs (the time, the stored PEM text, the
/// injected caBundles): no clock, no I/O, no key generation, so every
/// rule below is tested by handing it a date. The order of checks follows
/// upstream's `Reconcile` (kube-admission-webhook), with three differences
/// that each close a known failure mode:
///
/// - The CA Secret is compared with *our own* stored bundle (the serving
///   Secret's `ca.crt`), never with the webhook configurations' caBundle.
///   Upstream compares with the latter, so when another injector (the
///   OpenShift service-ca operator) writes caBundle too, every reconcile
///   forces a CA rotation (kubernetes-nmstate#1264). Here a foreign caBundle
///   is just re-injected.
/// - A serving certificate's effective expiry is the earlier of its own
///   and its issuing CA's `notAfter`, so it is renewed before its CA leaves
///   the bundle rather than failing verification afterwards.
/// - SANs are checked against the configuration, so changing `--service`
///   or adding a `--dns-name` reissues instead of serving a certificate
///   the API server rejects.
public struct RotationPlanner: Sendable {
    public let options: RotationOptions

    public init(options: RotationOptions) {
        self.options = options
    }

    /// The plan for `stored` at `now`. `injected` lists the caBundle of
    /// every webhook entry to keep in sync (empty: no injection).
    public func plan(_ stored: StoredCertificates, injected: [InjectedCABundle] = [], now: Date) -> RotationPlan {
        let parsed = ParsedCertificates(stored)
        if stored.isEmpty {
            return RotationPlan(actions: [.issueFirst] + injectAll(injected), caDeadline: nil, servingDeadline: nil,
                                caNotAfter: nil, servingNotAfter: nil, nextWakeUp: now, parsed: parsed)
        }
        let intervals = options.intervals
        var actions: [RotationAction] = []
        var caDeadline: Date?
        var caNotAfter: Date?
        var servingDeadline: Date?
        var servingNotAfter: Date?
        let bundle = parsed.bundleCertificates

        // 1. The CA: usable, agreeing with the bundle, before its deadline.
        var caReason: RotationReason?
        var authority: CertificateAuthority?
        switch parsed.authority {
        case nil:
            caReason = .caUnusable("the CA Secret does not exist")
        case .failure(let error)?:
            caReason = .caUnusable(error.detail)
        case .success(let ca)?:
            let certificate = ca.certificate
            if now >= certificate.notValidAfter {
                caReason = .caUnusable("expired at \(RotationPlan.timestamp(certificate.notValidAfter))")
            } else if now < certificate.notValidBefore {
                caReason = .caUnusable("not valid before \(RotationPlan.timestamp(certificate.notValidBefore))")
            } else if case .failure(let error)? = parsed.bundle {
                caReason = .bundleDisagrees("ca.crt of the serving Secret: \(error.detail)")
            } else if parsed.bundle == nil {
                caReason = .bundleDisagrees("the serving Secret does not exist")
            } else if bundle.first != certificate {
                caReason = .bundleDisagrees("CA bundle and CA secret certificate are different")
            } else {
                authority = ca
                caNotAfter = certificate.notValidAfter
                let deadline = certificate.notValidAfter.addingTimeInterval(-intervals.caOverlap.inSeconds)
                caDeadline = deadline
                if now >= deadline { caReason = .deadlineReached(notAfter: certificate.notValidAfter) }
            }
        }
        if let caReason { actions.append(.rotateCA(caReason)) }

        // 2. The serving certificate, unless a new CA reissues it anyway.
        if caReason == nil, authority != nil {
            let (reason, notAfter) = servingCheck(parsed, bundle: bundle, now: now)
            if let notAfter {
                servingNotAfter = notAfter
                servingDeadline = notAfter.addingTimeInterval(-intervals.certificateOverlap.inSeconds)
            }
            if let reason { actions.append(.rotateServing(reason)) }
        }

        // 3. Pruning. A new CA rebuilds bundle and chain, a new serving
        //    certificate rebuilds the chain: prune only what survives.
        let prunedBundle = Self.prune(bundle: bundle, now: now, limit: options.maxBundleSize)
        if caReason == nil, prunedBundle.count != bundle.count {
            let kept = Set(prunedBundle.map(CertificateFacts.serialHex))
            actions.append(.pruneBundle(serials: bundle.map(CertificateFacts.serialHex).filter { !kept.contains($0) }))
        }
        let rotatesServing = actions.contains { if case .rotateServing = $0 { return true }; return false }
        if caReason == nil, !rotatesServing {
            let stale = parsed.chain.filter { !CertificateFacts.isCA($0) || now >= $0.notValidAfter }
            if !stale.isEmpty { actions.append(.pruneChain(serials: stale.map(CertificateFacts.serialHex))) }
        }

        // 4. Injection: entries whose caBundle is not the bundle we keep.
        if caReason != nil {
            actions += injectAll(injected)
        } else {
            let stale = injected.filter { entry in
                guard let pem = entry.pem, let certificates = try? PEM.certificates(pem) else { return true }
                return certificates != prunedBundle
            }
            if !stale.isEmpty { actions.append(.injectBundle(targets: stale.map(\.target))) }
        }

        // 5. When to look again.
        var wake: [Date] = [caDeadline, servingDeadline].compactMap { $0 }
        wake += prunedBundle.dropFirst().map(\.notValidAfter)
        wake += parsed.chain.filter { now < $0.notValidAfter }.map(\.notValidAfter)
        let nextWakeUp = actions.isEmpty ? (wake.min() ?? now) : now
        return RotationPlan(actions: actions, caDeadline: caDeadline, servingDeadline: servingDeadline,
                            caNotAfter: caNotAfter, servingNotAfter: servingNotAfter, nextWakeUp: max(nextWakeUp, now), parsed: parsed)
    }

    /// Why the serving certificate must be reissued (nil: it need not), and
    /// its effective expiry when it verifies.
    private func servingCheck(_ parsed: ParsedCertificates, bundle: [Certificate], now: Date)
        -> (RotationReason?, Date?)
    {
        let leaf: Certificate
        switch parsed.certificates {
        case nil: return (.servingUnusable("the serving Secret does not exist"), nil)
        case .failure(let error)?: return (.servingUnusable("tls.crt: \(error.detail)"), nil)
        case .success(let certificates)?: leaf = certificates[0]
        }
        switch parsed.servingKey {
        case nil: return (.servingUnusable("the serving Secret does not exist"), nil)
        case .failure(let error)?: return (.servingUnusable("tls.key: \(error.detail)"), nil)
        case .success(let key)?:
            guard key.publicKey == leaf.publicKey else {
                return (.servingUnusable("tls.key does not belong to the certificate in tls.crt"), nil)
            }
        }
        if CertificateFacts.isCA(leaf) { return (.servingUnusable("the first certificate in tls.crt is a CA"), nil) }
        if now < leaf.notValidBefore { return (.chainBroken("not valid before \(RotationPlan.timestamp(leaf.notValidBefore))"), nil) }
        if now >= leaf.notValidAfter { return (.chainBroken("expired at \(RotationPlan.timestamp(leaf.notValidAfter))"), nil) }
        guard let issuerExpiry = Self.verifiedIssuerExpiry(leaf: leaf, chain: parsed.chain, bundle: bundle, now: now) else {
            return (.chainBroken("not signed by a CA in the bundle"), nil)
        }
        let request = options.servingRequest
        let (missing, unexpected) = CertificateFacts.sanDifference(leaf, dnsNames: request.dnsNames, ipAddresses: request.ipAddresses)
        if !missing.isEmpty || !unexpected.isEmpty { return (.wrongNames(missing: missing, unexpected: unexpected), nil) }

        let effective = min(leaf.notValidAfter, issuerExpiry)
        let deadline = effective.addingTimeInterval(-options.intervals.certificateOverlap.inSeconds)
        return (now >= deadline ? .deadlineReached(notAfter: effective) : nil, effective)
    }

    /// If the leaf verifies against the bundle at `now` (directly, or
    /// through one chain certificate), the earliest `notAfter` along the
    /// path; the direct path is preferred. `nil` when it does not verify.
    static func verifiedIssuerExpiry(leaf: Certificate, chain: [Certificate], bundle: [Certificate], now: Date) -> Date? {
        let roots = bundle.filter { CertificateFacts.isValid($0, at: now) }
        if let root = roots.first(where: { CertificateFacts.isSigned(leaf, by: $0) }) {
            return root.notValidAfter
        }
        for intermediate in chain where CertificateFacts.isValid(intermediate, at: now) && CertificateFacts.isSigned(leaf, by: intermediate) {
            if let root = roots.first(where: { CertificateFacts.isSigned(intermediate, by: $0) }) {
                return min(intermediate.notValidAfter, root.notValidAfter)
            }
        }
        return nil
    }

    /// The bundle without expired certificates, at most `limit` long (the
    /// newest kept).
    static func prune(bundle: [Certificate], now: Date, limit: Int) -> [Certificate] {
        Array(bundle.filter { now < $0.notValidAfter }.prefix(limit))
    }

    private func injectAll(_ injected: [InjectedCABundle]) -> [RotationAction] {
        injected.isEmpty ? [] : [.injectBundle(targets: injected.map(\.target))]
    }
}
