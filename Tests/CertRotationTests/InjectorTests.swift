import Foundation
import KubeAPI
import KubeAPITesting
import SourceModel
import Testing
@testable import CertRotation

@Suite("caBundle injection")
struct InjectorTests {
    let configurations = [WebhookConfigurationRef(.mutating, TestNames.mutating), WebhookConfigurationRef(.validating, TestNames.validating)]

    func seed(_ server: FakeAPIServer, caBundle: String? = "T0xE") {
        server.cluster.put(.mutatingWebhooks, webhookConfiguration(.mutating, TestNames.mutating, hooks: ["mutate.nncp-guard.io", "status-mutate.nncp-guard.io"], caBundle: caBundle))
        server.cluster.put(.validatingWebhooks, webhookConfiguration(.validating, TestNames.validating, hooks: ["validate.nncp-guard.io"], caBundle: caBundle))
    }

    @Test func everyEntryOfBothConfigurationsGetsTheBundle() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let bundle = try firstIssue(now: Date()).bundlePEM()
            let injector = CABundleInjector(client: client, configurations: configurations, logger: quietLogger)
            let report = try await injector.inject(bundlePEM: bundle)
            #expect(report.written == [
                "mutatingwebhookconfigurations/\(TestNames.mutating)#mutate.nncp-guard.io",
                "mutatingwebhookconfigurations/\(TestNames.mutating)#status-mutate.nncp-guard.io",
                "validatingwebhookconfigurations/\(TestNames.validating)#validate.nncp-guard.io",
            ])
            let mutating = server.cluster.get(.mutatingWebhooks, name: TestNames.mutating)
            let validating = server.cluster.get(.validatingWebhooks, name: TestNames.validating)
            #expect(injectedBundles(mutating) == ["mutate.nncp-guard.io": bundle, "status-mutate.nncp-guard.io": bundle])
            #expect(injectedBundles(validating) == ["validate.nncp-guard.io": bundle])
            // The rest of each entry is untouched.
            #expect(mutating?["webhooks"]?[0]?["sideEffects"]?.string == "None")
            #expect(mutating?["webhooks"]?[0]?.at("clientConfig", "service", "path")?.string == "/validate")

            // Keyed by name, conditional on the version read.
            let patches = server.requests.filter { $0.method == "PATCH" }
            #expect(patches.count == 2)
            #expect(patches.allSatisfy { $0.header("Content-Type") == "application/strategic-merge-patch+json" })
            let body = try JSONReader().parse(try #require(patches.first).body)
            #expect(body.at("metadata", "resourceVersion")?.string != nil)
            #expect(body["webhooks"]?[0]?["name"]?.string == "mutate.nncp-guard.io")

            // Idempotent: nothing to write the second time.
            server.clearRequests()
            let again = try await injector.inject(bundlePEM: bundle)
            #expect(again.written.isEmpty)
            #expect(again.unchanged.count == 3)
            #expect(server.requests.allSatisfy { $0.method == "GET" })

            #expect(try await injector.currentBundles().map(\.pem) == [bundle, bundle, bundle])
        }
    }

    @Test func conflictsAreRetriedFromAFreshRead() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let bundle = try firstIssue(now: Date()).bundlePEM()
            server.addFault(method: "PATCH", pathContains: TestNames.validating, .status(409, reason: "Conflict"))
            let injector = CABundleInjector(client: client, configurations: configurations, logger: quietLogger)
            let report = try await injector.inject(bundlePEM: bundle)
            #expect(report.written.count == 3)
            #expect(server.requests.filter { $0.method == "PATCH" && $0.path.contains(TestNames.validating) }.count == 2)
            #expect(injectedBundles(server.cluster.get(.validatingWebhooks, name: TestNames.validating)) == ["validate.nncp-guard.io": bundle])
        }
    }

    @Test func anEntryRemovedMeanwhileIsNotRecreated() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let bundle = try firstIssue(now: Date()).bundlePEM()
            // Hold our PATCH while the operator drops the status hook.
            let gate = Gate()
            server.addFault(method: "PATCH", pathContains: TestNames.mutating, .hold(gate))
            let injector = CABundleInjector(client: client, configurations: configurations, logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await injector.inject(bundlePEM: bundle) }
                try await eventually("the PATCH is held") { server.requests.contains { $0.method == "PATCH" } }
                server.cluster.put(.mutatingWebhooks, webhookConfiguration(.mutating, TestNames.mutating, hooks: ["mutate.nncp-guard.io"], caBundle: "T0xE"))
                gate.open()
                try await group.waitForAll()
            }
            let mutating = server.cluster.get(.mutatingWebhooks, name: TestNames.mutating)
            #expect(injectedBundles(mutating) == ["mutate.nncp-guard.io": bundle], "the removed entry did not come back half-empty")
        }
    }

    @Test func missingAndForeignConfigurationsAreLeftAlone() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.validatingWebhooks, webhookConfiguration(
                .validating, TestNames.validating, hooks: ["validate.nncp-guard.io"], caBundle: "T0xE",
                annotations: ["service.beta.openshift.io/inject-cabundle": "true"]))
            let bundle = try firstIssue(now: Date()).bundlePEM()
            let injector = CABundleInjector(client: client, configurations: configurations, logger: quietLogger)
            let report = try await injector.inject(bundlePEM: bundle)
            #expect(report.missing == [WebhookConfigurationRef(.mutating, TestNames.mutating)])
            #expect(report.skipped == [WebhookConfigurationRef(.validating, TestNames.validating)])
            #expect(report.written.isEmpty)
            #expect(injectedBundles(server.cluster.get(.validatingWebhooks, name: TestNames.validating)) == ["validate.nncp-guard.io": "OLD"])
            #expect(try await injector.currentBundles().isEmpty)
        }
    }

    @Test func webhookConfigurationFlag() throws {
        #expect(try WebhookConfigurationRef.parseList("m,v") == [.init(.mutating, "m"), .init(.validating, "v")])
        #expect(try WebhookConfigurationRef.parseList(",v") == [.init(.validating, "v")])
        #expect(try WebhookConfigurationRef.parseList("validating/a, mutating/b,c") == [.init(.validating, "a"), .init(.mutating, "b"), .init(.mutating, "c")])
        #expect(throws: CertRotationError.self) { try WebhookConfigurationRef.parseList("a,b,c") }
        #expect(throws: CertRotationError.self) { try WebhookConfigurationRef.parseList("conversion/x") }
    }
}
