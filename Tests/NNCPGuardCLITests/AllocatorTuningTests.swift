import Testing
import WebhookCLI

@Suite("Allocator tuning")
struct AllocatorTuningTests {
    @Test("adds GLIBC_TUNABLES once, and never overrides an operator's choice")
    func environment() {
        let tuned = AllocatorTuning.tunedEnvironment(["PATH=/bin", "HOME=/root"])
        #expect(tuned == ["PATH=/bin", "HOME=/root", "GLIBC_TUNABLES=" + AllocatorTuning.tunables])
        // After the re-exec the variable is present: no second exec.
        #expect(AllocatorTuning.tunedEnvironment(tuned ?? []) == nil)
        // Set by the operator, even to nothing: left alone.
        #expect(AllocatorTuning.tunedEnvironment(["GLIBC_TUNABLES="]) == nil)
        #expect(AllocatorTuning.tunedEnvironment(["GLIBC_TUNABLES=glibc.malloc.arena_max=2"]) == nil)
        // A variable that merely ends with the name is not the tunables.
        #expect(AllocatorTuning.tunedEnvironment(["MY_GLIBC_TUNABLES=x"]) != nil)
    }
}
