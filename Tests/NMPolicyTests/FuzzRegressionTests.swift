import Testing
import NMPolicy
import SourceModel
import SourceModelYAML

/// Inputs the fuzzers (Fuzz/) found that used to crash the capture checks.
/// Each must now produce diagnostics (or none), never a trap: the webhook
/// runs these checks on every NNCP it admits.
@Suite struct FuzzRegressionTests {
    private func check(_ yaml: String) throws -> [Diagnostic] {
        let nncp = try YAMLLoader().loadSingle(yaml)
        let spec = DocumentPath("spec")
        return CaptureCheck.check(capture: nncp["spec"]?["capture"], desiredState: nncp["spec"]?["desiredState"],
                                  capturePath: spec.appending("capture"), desiredPath: spec.appending("desiredState"))
    }

    /// A replacement keyed on a single name after a capture reference
    /// (`capture.c.enabled:=true`) gave the template check a one-name key,
    /// and the capture-shape code sliced two names out of it
    /// ("Array index is out of range").
    @Test(arguments: [
        "capture.ethernets-ulink-aggregationldp.enabled:=true",
        "capture.ethernets.enabled:=true",
        "capture.ethernets.enabled==true",
        "capture.ethernets | enabled:=true",
    ])
    func singleNameKey(_ expression: String) throws {
        let findings = try check("""
            spec:
              capture:
                ethernets: interfaces.type=="ethernet"
                ethernets-lldp: \(expression)
                ethernets-up: capture.ethernets | interfaces.state=="up"
              desiredState:
                interfaces: "{{ capture.ethernets-lldp.interfaces }}"
            """)
        _ = findings  // reaching here is the point; the verdict is nmstate's business
    }
}
