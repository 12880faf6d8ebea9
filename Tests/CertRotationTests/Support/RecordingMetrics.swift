import CoreMetrics
import Foundation

/// A swift-metrics factory that remembers the last value of every gauge and
/// the total of every counter, keyed `label{k=v,…}`.
final class RecordingMetrics: MetricsFactory, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Double] = [:]

    func value(_ label: String, _ dimensions: [(String, String)] = []) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return values[Self.key(label, dimensions)]
    }

    fileprivate func set(_ key: String, _ value: Double) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }

    fileprivate func add(_ key: String, _ value: Double) {
        lock.lock()
        values[key, default: 0] += value
        lock.unlock()
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        dimensions.isEmpty ? label : label + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(factory: self, key: Self.key(label, dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(factory: self, key: Self.key(label, dimensions))
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        Handler(factory: self, key: Self.key(label, dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(factory: self, key: Self.key(label, dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Handler: CounterHandler, RecorderHandler, MeterHandler, TimerHandler, @unchecked Sendable {
        let factory: RecordingMetrics
        let key: String
        init(factory: RecordingMetrics, key: String) {
            self.factory = factory
            self.key = key
        }

        func increment(by amount: Int64) { factory.add(key, Double(amount)) }
        func reset() { factory.set(key, 0) }
        func record(_ value: Int64) { factory.set(key, Double(value)) }
        func record(_ value: Double) { factory.set(key, value) }
        func set(_ value: Int64) { factory.set(key, Double(value)) }
        func set(_ value: Double) { factory.set(key, value) }
        func increment(by amount: Double) { factory.add(key, amount) }
        func decrement(by amount: Double) { factory.add(key, -amount) }
        func recordNanoseconds(_ duration: Int64) { factory.set(key, Double(duration)) }
    }
}
