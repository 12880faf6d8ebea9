import Testing
import NMPolicy

@Suite("Template references")
struct TemplateReferenceTests {
    @Test func wholeStringReference() throws {
        let refs = try TemplateReference.scan("{{ capture.primary-nic.interfaces.0.mac-address }}")
        #expect(refs.count == 1)
        let r = try #require(refs.first)
        #expect(r.path == ["capture", "primary-nic", "interfaces", "0", "mac-address"])
        #expect(r.position == 3)
        #expect(r.captureName == "primary-nic")
        #expect(r.propertyPath == ["interfaces", "0", "mac-address"])
        #expect(!r.hasAffixes)
    }

    @Test func prefixAndSuffixTextAreAllowed() throws {
        let r = try #require(try TemplateReference.scan("{{ capture.base.interfaces.0.name }}.100").first)
        #expect(r.suffix == ".100")
        let p = try #require(try TemplateReference.scan("vlan-{{capture.base.interfaces.0.name}}").first)
        #expect(p.prefix == "vlan-")
        #expect(p.position == 7)
    }

    @Test func plainStringsHaveNoReference() throws {
        #expect(try TemplateReference.scan("eth1").isEmpty)
        #expect(try TemplateReference.scan("a.b.c with words").isEmpty)
    }

    /// nmstate's `unit_tests/policy/error.rs` template cases and section 19.3.
    @Test(arguments: [
        ("{{ capture.void.interface.0.name", "No reference end }} found", 0),
        ("capture.void.interface.0.name }}", "No reference start {{ found", 30),
        ("}} capture.void.interface.0.name {{", "The reference start {{ can not be placed before reference end }}", 0),
        ("{{ {{ capture.void.interface.0.name }} }}", "Nmpolicy does not allow multiple references {{}}", 3),
        ("{{ }}", "No property path between reference start {{ and reference end }}", 2),
        ("{{ capture.void.interface.0.name capture.void.interface.1.name }}", "Only allows single property path between reference start {{ and reference end }}", 33),
        ("{{ interface.0.name }}", "Can only refer to captured data", 3),
        ("{{ name }}", "Only allow property path between reference start {{ and reference end }}", 0),
        ("a.b {{ capture.x.interfaces.0.name }}", "Only allows string before reference", 0),
        ("my {description}", "Invalid reference action string after {, expecting another '{'", 3),
        ("trailing }", "Invalid reference action string after }, expecting another '}', but got nothing", 9),
    ])
    func nmstateTemplateErrors(_ text: String, _ message: String, _ position: Int) {
        #expect(throws: PolicyError(message, line: text, position: position)) {
            try TemplateReference.scan(text)
        }
    }

    @Test func surroundingWhitespaceIsTrimmed() {
        #expect(throws: PolicyError("No reference end }} found", line: "{{ capture.a.b", position: 0)) {
            try TemplateReference.scan("  {{ capture.a.b  ")
        }
    }
}
