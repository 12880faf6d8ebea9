import Foundation
import Testing
import X509
@testable import CertRotation

/// The planner is a pure function of (stored text, time): every scenario
/// below moves time by handing it a later date; nothing sleeps.
@Suite("rotation planner")
struct PlannerTests {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    let planner = RotationPlanner(options: .test())

    @Test func firstIssueMakesEverything() async throws {
        let plan = planner.plan(StoredCertificates(), now: t0)
        #expect(plan.actions == [.issueFirst])
        #expect(plan.nextWakeUp == t0)

        let stored = try firstIssue(now: t0)
        let ca = try #require(stored.ca)
        let serving = try #require(stored.serving)
        let caCert = try stored.caCertificate()
        let bundle = try certificates(serving.caBundlePEM)
        let leafChain = try certificates(serving.certificatePEM)
        #expect(bundle == [caCert])
        #expect(leafChain.count == 1)
        #expect(CertificateFacts.isCA(caCert))
        #expect(caCert.notValidAfter == t0.adding(.hours(8760)))
        #expect(leafChain[0].notValidAfter == t0.adding(.hours(4380)))
        #expect(CertificateFacts.dnsNames(leafChain[0]) == [
            "nncp-guard", "nncp-guard.nmstate", "nncp-guard.nmstate.svc", "nncp-guard.nmstate.svc.cluster.local",
        ])
        #expect(try await verifies(serving.certificatePEM, roots: serving.caBundlePEM, at: t0))
        #expect(!ca.keyPEM.isEmpty && !serving.keyPEM.isEmpty)

        // Freshly issued material needs nothing until the serving deadline.
        let after = planner.plan(stored, now: t0)
        #expect(after.isUpToDate)
        #expect(after.caDeadline == t0.adding(.hours(8760 - 24)))
        #expect(after.servingDeadline == t0.adding(.hours(4380 - 24)))
        #expect(after.nextWakeUp == t0.adding(.hours(4380 - 24)))
    }

    @Test func servingRotatesAtItsDeadline() throws {
        let stored = try firstIssue(now: t0)
        let deadline = t0.adding(.hours(4380 - 24))
        #expect(planner.plan(stored, now: deadline.addingTimeInterval(-1)).isUpToDate)

        let (plan, rotated) = try rotate(stored, now: deadline)
        #expect(plan.actions == [.rotateServing(.deadlineReached(notAfter: t0.adding(.hours(4380))))])
        #expect(rotated.ca == stored.ca, "the CA Secret is untouched")
        #expect(rotated.serving?.caBundlePEM == stored.serving?.caBundlePEM)
        #expect(rotated.serving?.certificatePEM != stored.serving?.certificatePEM)
        #expect(rotated.serving?.keyPEM != stored.serving?.keyPEM)
        let leaf = try rotated.chain()[0]
        #expect(leaf.notValidAfter == deadline.adding(.hours(4380)))

        // The new certificate is good until its own deadline.
        let next = planner.plan(rotated, now: deadline)
        #expect(next.isUpToDate)
        #expect(next.servingDeadline == deadline.adding(.hours(4380 - 24)))
    }

    @Test func caRotatesAtItsDeadlineAndKeepsTheOldCATrusted() async throws {
        var stored = try firstIssue(now: t0)
        // Serving rotations keep the CA; advance to its deadline in steps.
        var now = t0
        for _ in 0..<3 {
            let plan = planner.plan(stored, now: now)
            now = plan.nextWakeUp
            guard now < t0.adding(.hours(8760 - 24)) else { break }
            stored = try rotate(stored, now: now).1
        }
        let caDeadline = t0.adding(.hours(8760 - 24))
        let oldCA = try stored.caCertificate()
        let oldBundle = try stored.bundlePEM()
        let (plan, rotated) = try rotate(stored, now: caDeadline)
        #expect(plan.actions.first == .rotateCA(.deadlineReached(notAfter: t0.adding(.hours(8760)))))
        let serving = try #require(rotated.serving)
        let newCA = try rotated.caCertificate()
        #expect(newCA != oldCA)
        #expect(try certificates(serving.caBundlePEM) == [newCA, oldCA], "new CA prepended, old kept")

        let chain = try certificates(serving.certificatePEM)
        #expect(CertificateFacts.isSigned(chain[0], by: newCA), "serving certificate reissued from the new CA")
        #expect(chain.count == 2, "the new CA cross-signed by the old one follows the leaf")

        // Overlap: a client holding only the old bundle still verifies the
        // new certificate, and so does one with the new bundle; the old
        // leaf (a replica not reloaded yet) verifies with the new bundle.
        let during = caDeadline.adding(.hours(1))
        #expect(try await verifies(serving.certificatePEM, roots: oldBundle, at: during))
        #expect(try await verifies(serving.certificatePEM, roots: serving.caBundlePEM, at: during))
        #expect(try await verifies(try stored.chainPEM(), roots: serving.caBundlePEM, at: during))
        // Without the cross-signed certificate the old bundle would not do.
        let leafOnly = try PEM.encode([chain[0]])
        #expect(try await !verifies(leafOnly, roots: oldBundle, at: during))

        let next = planner.plan(rotated, now: caDeadline)
        #expect(next.isUpToDate)
        #expect(next.nextWakeUp == oldCA.notValidAfter, "wake up to prune the old CA when it expires")
    }

    @Test func expiredCertificatesArePruned() async throws {
        let stored = try firstIssue(now: t0)
        let caDeadline = t0.adding(.hours(8760 - 24))
        let rotated = try rotate(stored, now: caDeadline).1
        let oldCA = try stored.caCertificate()
        let oldExpiry = oldCA.notValidAfter

        #expect(planner.plan(rotated, now: oldExpiry.addingTimeInterval(-1)).isUpToDate)
        let plan = planner.plan(rotated, now: oldExpiry)
        let chain = try rotated.chain()
        #expect(plan.actions == [
            .pruneBundle(serials: [CertificateFacts.serialHex(oldCA)]),
            .pruneChain(serials: [CertificateFacts.serialHex(chain[1])]),
        ])
        let pruned = try rotate(rotated, now: oldExpiry).1
        #expect(pruned.ca == rotated.ca)
        #expect(pruned.serving?.keyPEM == rotated.serving?.keyPEM, "pruning does not reissue")
        #expect(try pruned.bundle().count == 1)
        #expect(try pruned.chain() == [chain[0]])
        #expect(planner.plan(pruned, now: oldExpiry).isUpToDate)
        #expect(try await verifies(try pruned.chainPEM(), roots: try pruned.bundlePEM(), at: oldExpiry))
    }

    @Test func oldLeavesOfAnUpstreamStyleSecretArePruned() throws {
        let first = try firstIssue(now: t0)
        let second = try rotate(first, now: t0.adding(.hours(4380 - 24))).1
        // Upstream prepends new serving certificates to tls.crt and keeps the old ones.
        var upstreamStyle = second
        upstreamStyle.serving?.certificatePEM = try second.chainPEM() + (try first.chainPEM())
        let now = t0.adding(.hours(4380))
        let plan = planner.plan(upstreamStyle, now: now)
        let oldLeaf = try first.chain()[0]
        #expect(plan.actions == [.pruneChain(serials: [CertificateFacts.serialHex(oldLeaf)])])
        #expect(try rotate(upstreamStyle, now: now).1 == second)
    }

    @Test func bundleIsCapped() throws {
        var stored = try firstIssue(now: t0)
        let options = RotationOptions(intervals: .upstreamDefaults, serving: RotationOptions.test().serving, maxBundleSize: 3)
        // Five forced CA rotations in a row: each keeps the still-valid old CAs.
        for _ in 0..<5 {
            stored.ca?.keyPEM = ""
            stored = try rotate(stored, options: options, now: t0).1
        }
        #expect(try stored.bundle().count == 3)
        #expect(RotationPlanner(options: options).plan(stored, now: t0).isUpToDate)
    }

    // MARK: - Forced rotations

    @Test func leafNotSignedByABundleCA() throws {
        let stored = try firstIssue(now: t0)
        let foreign = try firstIssue(now: t0)
        var broken = stored
        broken.serving?.certificatePEM = try foreign.chainPEM()
        broken.serving?.keyPEM = try foreign.servingKeyPEM()
        let (plan, fixed) = try rotate(broken, now: t0)
        #expect(plan.actions == [.rotateServing(.chainBroken("not signed by a CA in the bundle"))])
        #expect(fixed.ca == stored.ca)
        #expect(planner.plan(fixed, now: t0).isUpToDate)
    }

    @Test func keyDoesNotMatchCertificate() throws {
        let stored = try firstIssue(now: t0)
        let other = try firstIssue(now: t0)
        var broken = stored
        broken.serving?.keyPEM = try other.servingKeyPEM()
        let plan = planner.plan(broken, now: t0)
        #expect(plan.actions == [.rotateServing(.servingUnusable("tls.key does not belong to the certificate in tls.crt"))])
        #expect(plan.actions.allSatisfy { if case .rotateServing(let r) = $0 { return r.isForced }; return false })
    }

    @Test func wrongNamesForTheService() throws {
        let stored = try firstIssue(now: t0)
        let moved = RotationPlanner(options: .test(extraDNSNames: ["webhook.example.com"]))
        let plan = moved.plan(stored, now: t0)
        #expect(plan.actions == [.rotateServing(.wrongNames(missing: ["webhook.example.com"], unexpected: []))])
        let fixed = try rotate(stored, options: .test(extraDNSNames: ["webhook.example.com"]), now: t0).1
        #expect(moved.plan(fixed, now: t0).isUpToDate)
    }

    @Test func bundleAndCASecretDisagree() async throws {
        let stored = try firstIssue(now: t0)
        let other = try firstIssue(now: t0)
        var broken = stored
        broken.serving?.caBundlePEM = try other.bundlePEM()
        let (plan, fixed) = try rotate(broken, now: t0)
        #expect(plan.actions == [.rotateCA(.bundleDisagrees("CA bundle and CA secret certificate are different"))])
        #expect(fixed.ca != stored.ca)
        #expect(planner.plan(fixed, now: t0).isUpToDate)
        #expect(try await verifies(try fixed.chainPEM(), roots: try fixed.bundlePEM(), at: t0))
    }

    @Test func missingOrBrokenCASecret() throws {
        let stored = try firstIssue(now: t0)
        var noCA = stored
        noCA.ca = nil
        #expect(planner.plan(noCA, now: t0).actions == [.rotateCA(.caUnusable("the CA Secret does not exist"))])

        var wrongKey = stored
        wrongKey.ca?.keyPEM = try stored.servingKeyPEM()
        #expect(planner.plan(wrongKey, now: t0).actions == [.rotateCA(.caUnusable("the CA key does not belong to the CA certificate"))])

        var notPEM = stored
        notPEM.ca?.certificatePEM = "hello"
        let plan = planner.plan(notPEM, now: t0)
        guard case .rotateCA(.caUnusable)? = plan.actions.first else {
            Issue.record("expected a forced CA rotation, got \(plan.actions)")
            return
        }
    }

    @Test func expiredServingCertificateIsForced() throws {
        let stored = try firstIssue(now: t0)
        // A replica that was down for longer than the overlap: rotate at once.
        let late = t0.adding(.hours(4380 + 1))
        let plan = planner.plan(stored, now: late)
        #expect(plan.actions.count == 1)
        guard case .rotateServing(.chainBroken)? = plan.actions.first else {
            Issue.record("expected a forced serving rotation, got \(plan.actions)")
            return
        }
    }

    // MARK: - Injection and wake-up

    @Test func staleInjectionsAreListed() throws {
        let stored = try firstIssue(now: t0)
        let bundle = try stored.bundlePEM()
        let injected = [
            InjectedCABundle(target: "mutatingwebhookconfigurations/m#a", pem: bundle),
            InjectedCABundle(target: "mutatingwebhookconfigurations/m#b", pem: "OLD"),
            InjectedCABundle(target: "validatingwebhookconfigurations/v#c", pem: nil),
            InjectedCABundle(target: "validatingwebhookconfigurations/v#d", pem: "\n" + bundle + "\n\n"),
        ]
        let plan = planner.plan(stored, injected: injected, now: t0)
        #expect(plan.actions == [.injectBundle(targets: ["mutatingwebhookconfigurations/m#b", "validatingwebhookconfigurations/v#c"])])
        #expect(!plan.changesStore)
    }

    @Test func nextWakeUpIsTheEarliestDeadline() throws {
        // Serving certificate lives longer than what is left of its CA: the
        // CA's expiry bounds it.
        let intervals = RotationIntervals(caValidity: .hours(100), caOverlap: .hours(10), certificateValidity: .hours(80), certificateOverlap: .hours(5))
        let options = RotationOptions.test(intervals: intervals)
        let stored = try firstIssue(options: options, now: t0)
        let later = t0.adding(.hours(75))
        let reissued = try rotate(stored, options: options, now: later).1
        let plan = RotationPlanner(options: options).plan(reissued, now: later)
        #expect(plan.servingNotAfter == t0.adding(.hours(100)), "effective expiry is the CA's")
        #expect(plan.caDeadline == t0.adding(.hours(90)))
        #expect(plan.servingDeadline == t0.adding(.hours(95)))
        #expect(plan.nextWakeUp == t0.adding(.hours(90)))
    }
}
