import Testing
import SourceModel
import SourceModelYAML
@testable import NMStateSchema

/// Inputs the fuzzers (Fuzz/) found that used to crash the validator. Each
/// must now produce diagnostics, never a trap: one admission request must
/// not be able to take the webhook down.
@Suite struct FuzzRegressionTests {
    /// A trunk tag range with min > max built `lo...hi` and trapped
    /// ("Range requires lowerBound <= upperBound") in the linux-bridge
    /// flattening and the overlap check.
    @Test(arguments: [Profile.latest, .v2_2_38])
    func invertedTrunkTagRange(_ profile: Profile) throws {
        let state = try YAMLLoader().loadSingle("""
        interfaces:
        - name: br0
          type: linux-bridge
          bridge:
            port:
            - name: eth1
              vlan:
                mode: trunk
                trunk-tags:
                - id-range: {min: 600, max: 189}
                - id: 600
        - name: ovsbr0
          type: ovs-bridge
          bridge:
            port:
            - name: eth2
              vlan:
                mode: trunk
                trunk-tags:
                - id-range: {min: 4000, max: 2}
        """)
        let report = DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state)
        let inverted = report.diagnostics.filter { $0.rule == "nmstate.bridge-vlan.trunk-range-inverted" }
        #expect(inverted.count == 2)
        #expect(inverted.first?.path.description == "interfaces[0].bridge.port[0].vlan.trunk-tags[0].id-range")
    }
}
