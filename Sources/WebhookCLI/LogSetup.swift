import Logging
import WebhookServer

/// Process-wide logging setup for the executables.
///
/// Separate from the server so that libraries never bootstrap logging
/// themselves (swift-log allows it once per process), and so tests can run
/// many servers with their own `Logger`s.
package enum LogSetup {
    package enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// Bootstraps swift-log with the chosen format and level. Call once, first.
    package static func bootstrap(format: Format, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch format {
            case .text: handler = StreamLogHandler.standardError(label: label)
            case .json: handler = JSONLogHandler(label: label, fileDescriptor: 2)
            }
            handler.logLevel = level
            return handler
        }
    }
}
