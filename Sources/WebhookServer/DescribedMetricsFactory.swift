import CoreMetrics
import Prometheus

/// The swift-metrics backend of the executables: swift-prometheus's, with a
/// `# HELP` line for every metric it knows the meaning of.
///
/// swift-prometheus's own factory registers every metric without help text,
/// and its registry refuses (traps on) a second registration of one name
/// with a different text, so the texts have to be given where the metric is
/// first made, which is here. The modules that record through swift-metrics
/// publish their texts next to their metric names (`AdmissionMetricNames`,
/// the certificate manager's `RotationMetrics.help`).
public struct DescribedMetricsFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry
    /// Metric name → help text.
    public let help: [String: String]
    /// Histogram buckets for timers, by metric name; others get the
    /// swift-prometheus defaults (which start at 5 ms).
    public let timerBuckets: [String: [Duration]]
    private let plain: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry, help: [String: String] = [:], timerBuckets: [String: [Duration]] = [:]) {
        self.registry = registry
        self.help = help
        self.timerBuckets = timerBuckets
        var plain = PrometheusMetricsFactory(registry: registry)
        plain.durationHistogramBuckets = timerBuckets
        self.plain = plain
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor? {
        guard let text = help[label] else { return nil }
        return MetricNameDescriptor(metricName: label, unitName: "", helpText: text)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let descriptor = descriptor(label) else { return plain.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let descriptor = descriptor(label) else { return plain.makeFloatingPointCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let descriptor = descriptor(label) else { return plain.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate) }
        if aggregate {
            return registry.makeValueHistogram(descriptor: descriptor, labels: dimensions, buckets: plain.defaultValueHistogramBuckets)
        }
        return registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let descriptor = descriptor(label) else { return plain.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let descriptor = descriptor(label) else { return plain.makeTimer(label: label, dimensions: dimensions) }
        let buckets = timerBuckets[label] ?? plain.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: descriptor, labels: dimensions, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) { plain.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { plain.destroyFloatingPointCounter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { plain.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { plain.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { plain.destroyTimer(handler) }
}
