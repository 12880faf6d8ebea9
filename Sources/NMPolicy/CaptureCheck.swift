import SourceModel

/// Static checks of an NNCP's `spec.capture` and the `{{ capture.… }}`
/// templates in its `spec.desiredState`, for the admission rules and the
/// linter.
///
/// Everything here can be decided without the node's current state:
/// expression syntax, references to captures that are not defined,
/// template syntax, ordering nmstate cannot resolve, and templates reading
/// a property a capture's result cannot have. Each finding carries
/// nmstate's message (with its caret snippet) so users see the same text
/// the node would report.
public enum CaptureCheck {
    /// - Parameters:
    ///   - capture: the value of `spec.capture` (nil when absent).
    ///   - desiredState: the value of `spec.desiredState`.
    ///   - capturePath, desiredPath: where those values sit in the object;
    ///     diagnostics are reported below them.
    ///   - dialect: the nmstate capture language to read the expressions in.
    public static func check(capture: Value?, desiredState: Value?, capturePath: DocumentPath, desiredPath: DocumentPath, dialect: CaptureDialect = .latest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let captures = CaptureTable(capture, path: capturePath, dialect: dialect, diagnostics: &diagnostics)
        captures.checkReferences(into: &diagnostics)
        captures.checkOrdering(into: &diagnostics)
        if let desiredState {
            TemplateCheck(captures: captures).walk(desiredState, path: desiredPath, into: &diagnostics)
        }
        return diagnostics
    }
}
