import Testing
@testable import SourceModel

/// Inputs the fuzzers (Fuzz/) found that broke an invariant of the JSON
/// reader and writer.
@Suite struct FuzzRegressionTests {
    /// JSONWriter wrote a whole float without its fraction (`225.0` → `225`),
    /// so it read back as an integer: a different `Value`, and a type change
    /// for any field nmstate types strictly.
    @Test(arguments: ["225.0", "-3.0", "0.0", "1e2", "[1.0,2,{\"a\":-0.0}]"])
    func wholeFloatsStayFloats(_ text: String) throws {
        let reader = JSONReader()
        let value = try reader.parse(text)
        let written = JSONWriter.string(value)
        #expect(try reader.parse(written) == value, "\(text) → \(written)")
    }

    /// A number beyond Double's range was read as infinity, which the
    /// writer can only write as `null`. Go's decoder rejects such numbers,
    /// and so does the reader now.
    @Test(arguments: ["2e820", "-1e400", "[1,179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792]"])
    func outOfRangeNumbersAreRejected(_ text: String) {
        #expect(throws: LoadError.self) { try JSONReader().parse(text) }
        do {
            _ = try JSONReader().parse(text)
        } catch {
            #expect(error.code == .syntax)
            #expect(error.message.contains("out of range"))
        }
    }

    @Test func integersAndFractionsAreUnchanged() throws {
        let reader = JSONReader()
        #expect(JSONWriter.string(try reader.parse("[225,-3,0,2.5,1e300]")) == "[225,-3,0,2.5,1e+300]")
        #expect(JSONWriter.string(try reader.parse("225.0")) == "225.0")
    }
}
