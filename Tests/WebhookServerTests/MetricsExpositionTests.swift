import Admission
import CertRotation
import Foundation
import Prometheus
import Testing
import WebhookCLI
@testable import WebhookServer

/// What a Prometheus scrape of `/metrics` gets: every nncp-guard metric
/// explained by a `# HELP` line, and the process metrics that dashboards
/// for any Prometheus-instrumented server expect.
@Suite("metrics exposition")
struct MetricsExpositionTests {
    /// Family name → (has HELP, has TYPE), from the text format.
    static func families(_ text: String) -> [String: (help: Bool, type: Bool)] {
        var out: [String: (help: Bool, type: Bool)] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 3)
            guard parts.count >= 3, parts[0] == "#" else { continue }
            let name = String(parts[2])
            var entry = out[name] ?? (false, false)
            if parts[1] == "HELP" { entry.help = parts.count == 4 && !parts[3].isEmpty }
            if parts[1] == "TYPE" { entry.type = true }
            out[name] = entry
        }
        return out
    }

    static func value(_ text: String, _ name: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    @Test func everyNNCPGuardMetricAndTheProcessMetricsHaveHelpText() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = DescribedMetricsFactory(
            registry: registry, help: AdmissionRoutes.metricHelp.merging(RotationMetrics.help) { $1 }, timerBuckets: AdmissionRoutes.timerBuckets)
        // The certificate manager's metrics exist from its start on.
        _ = RotationMetrics(factory: factory)
        let routes = AdmissionRoutes.router(controller: AdmissionController(), metrics: AdmissionMetrics(factory: factory))
        let invalid = try Data(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("testdata/admission/create-invalid.json"))
        let config = ServerConfiguration(
            bind: BindAddress(host: "127.0.0.1", port: 0), metricsBind: BindAddress(host: "127.0.0.1", port: 0),
            tls: TLSSettings(certificateFile: "/nonexistent/tls.crt", keyFile: "/nonexistent/tls.key", reloadInterval: .seconds(3600)),
            limits: testServerLimits, eventLoopThreads: 1, shutdownGracePeriod: .seconds(5))
        let server = WebhookServer(configuration: config, routes: routes, registry: registry, logger: quietLogger())
        let addresses = try await server.start()
        // One denied review, so the finding counter exists too.
        let denied = routes.respond(to: HTTPRequest(method: "POST", path: "/validate", contentType: "application/json", body: Array(invalid)))
        denied.observer?.responseWritten(status: denied.status, nanoseconds: 1000)
        #expect(String(decoding: denied.body, as: UTF8.self).contains(#""allowed":false"#))
        let scrape: TestResponse
        do {
            scrape = try await plainGET(port: try #require(addresses.metricsPort), path: "/metrics")
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        #expect(scrape.status == 200)
        let families = Self.families(scrape.text)
        let ours = families.keys.filter { $0.hasPrefix("nncp_guard_") || $0.hasPrefix("process_") }.sorted()
        let undocumented = ours.filter { families[$0]?.help != true || families[$0]?.type != true }
        #expect(undocumented.isEmpty, "no # HELP for \(undocumented)")
        for name in [AdmissionMetricNames.requestsTotal, AdmissionMetricNames.findingsTotal, AdmissionMetricNames.durationSeconds,
                     "nncp_guard_certificate_expiry_seconds", "nncp_guard_certificate_rotations_total",
                     "nncp_guard_certificate_rotation_failures_total", "nncp_guard_http_open_connections"] {
            #expect(families[name] != nil, "\(name) is exported")
        }

        let rss = try #require(Self.value(scrape.text, "process_resident_memory_bytes"))
        #expect(rss > 1_000_000)
        let open = try #require(Self.value(scrape.text, "process_open_fds"))
        let max = try #require(Self.value(scrape.text, "process_max_fds"))
        #expect(open >= 3 && open <= max)
        #expect(try #require(Self.value(scrape.text, "process_cpu_seconds_total")) > 0)
        let start = try #require(Self.value(scrape.text, "process_start_time_seconds"))
        let now = Date().timeIntervalSince1970
        #expect(start <= now + 1 && start > now - 7 * 24 * 3600)
        #expect(try #require(Self.value(scrape.text, "process_virtual_memory_bytes")) >= rss)
    }

    @Test func processStatParsesACommandNameWithSpacesAndParentheses() throws {
        // Fields 3..24 after the name; utime=150, stime=50, starttime=1000, vsize, rss (pages).
        let text = "4242 (nncp guard) (x)) S 1 4242 4242 0 -1 4194560 500 0 0 0 150 50 0 0 20 0 4 0 1000 104857600 2560 18446744073709551615\n"
        let stat = try #require(ProcessMetrics.parseStat(text, ticksPerSecond: 100, pageSize: 4096, bootTime: 1_700_000_000))
        #expect(stat.cpuSeconds == 2)
        #expect(stat.virtualBytes == 104_857_600)
        #expect(stat.residentBytes == 2560 * 4096)
        #expect(stat.startTimeSeconds == 1_700_000_010)
        #expect(ProcessMetrics.parseStat("garbage", ticksPerSecond: 100, pageSize: 4096, bootTime: nil) == nil)
    }
}
