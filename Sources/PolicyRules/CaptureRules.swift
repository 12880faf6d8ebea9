import SourceModel

/// Capture expressions and `{{ capture.… }}` templates (wired to NMPolicy).
enum CaptureRules {
    static func check(_ object: Value, into out: inout [Diagnostic]) {
    }
}
