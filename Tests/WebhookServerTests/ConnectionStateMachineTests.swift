import NIOCore
import Testing
@testable import WebhookServer

/// The per-connection state machine on its own: events in, decisions out,
/// with made-up times.
@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    static let timeouts = ConnectionStateMachine.Timeouts(limits: Limits(
        headerReadTimeout: .seconds(1), idleTimeout: .seconds(30), requestTimeout: .seconds(3)))
    static let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    static func machine() -> ConnectionStateMachine {
        ConnectionStateMachine(timeouts: timeouts, now: t0)
    }

    /// One request read and answered in one burst at `at`.
    static func serve(_ m: inout ConnectionStateMachine, at now: NIODeadline, keepAlive: Bool = true) {
        m.partArrived()
        _ = m.headReceived(now: now)
        m.partArrived()
        #expect(m.requestEnded(isWritable: true) == true)
        _ = m.responseWritten(keepAlive: keepAlive, now: now)
        _ = m.readComplete(now: now)
    }

    @Test("the header deadline runs from accept; the timer fires no later than the shortest timeout from now")
    func headerDeadlineFromAccept() {
        var m = Self.machine()
        #expect(m.deadline == Self.t0 + .seconds(1))
        #expect(m.nextTimer(now: Self.t0) == Self.t0 + .seconds(1))
        #expect(m.timerFired(now: Self.t0 + .milliseconds(999)) == .schedule(Self.t0 + .seconds(1)))
        #expect(m.timerFired(now: Self.t0 + .seconds(1)) == .closeHeaderTimeout)
    }

    @Test("after a keep-alive answer the idle timeout applies, and bytes without a message start the header deadline")
    func idleThenHeader() {
        var m = Self.machine()
        let t1 = Self.t0 + .milliseconds(10)
        Self.serve(&m, at: t1)
        #expect(m.state == .idle(since: t1))
        #expect(m.deadline == t1 + .seconds(30))
        // Far from the idle deadline, the timer just comes back.
        #expect(m.timerFired(now: t1 + .seconds(20)) == .schedule(t1 + .seconds(21)))
        // A read burst that produced no message part: a header has begun.
        let t2 = t1 + .seconds(20)
        #expect(m.readComplete(now: t2).activity == .requestStarted)
        #expect(m.state == .awaitingHead(since: t2))
        #expect(m.timerFired(now: t2 + .seconds(1)) == .closeHeaderTimeout)
    }

    @Test("an idle connection is closed when the idle timeout runs out")
    func idleTimeout() {
        var m = Self.machine()
        Self.serve(&m, at: Self.t0)
        #expect(m.timerFired(now: Self.t0 + .seconds(30) - .nanoseconds(1)) != .closeIdle)
        #expect(m.timerFired(now: Self.t0 + .seconds(30)) == .closeIdle)
    }

    @Test("a body that stops arriving is answered 408 at the request deadline, counted from the header")
    func requestTimeout() {
        var m = Self.machine()
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.readComplete(now: Self.t0)
        #expect(m.timerFired(now: Self.t0 + .seconds(3)) == .answerRequestTimeout)
    }

    @Test("a complete request waits while the channel is not writable, and is answered once it is")
    func backPressure() {
        var m = Self.machine()
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        #expect(m.requestEnded(isWritable: false) == false)
        #expect(m.state == .waitingForWritability(since: Self.t0))
        #expect(m.writabilityChanged(isWritable: false) == false)
        #expect(m.writabilityChanged(isWritable: true) == true)
        #expect(m.state == .receiving(since: Self.t0))
    }

    @Test("a client that never takes its answers is closed without one at the request deadline")
    func clientNotReading() {
        var m = Self.machine()
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: false)
        #expect(m.timerFired(now: Self.t0 + .seconds(3)) == .closeNotReading)
    }

    @Test("a last answer that is not taken closes the connection at the request deadline")
    func lastAnswerNotTaken() {
        var m = Self.machine()
        Self.serve(&m, at: Self.t0, keepAlive: false)
        #expect(m.state == .closingAfterResponse(since: Self.t0))
        #expect(!m.acceptsRequestParts)
        #expect(m.timerFired(now: Self.t0 + .seconds(3)) == .closeUnflushed)
    }

    @Test("answers flush at the end of the tick; from the second in one burst on, at once; at the end of input and outside a burst, at once")
    func flushing() {
        var m = Self.machine()
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == false)
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == true)
        #expect(m.readComplete(now: Self.t0).scheduleFlush == false)

        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == false)
        #expect(m.readComplete(now: Self.t0).scheduleFlush == true)
        #expect(m.endOfTick() == true)
        #expect(m.endOfTick() == false)

        // The end of input before the tick ends: the waiting answer goes first.
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        _ = m.responseWritten(keepAlive: true, now: Self.t0)
        #expect(m.readComplete(now: Self.t0).scheduleFlush == true)
        #expect(m.inputClosed() == true)
        #expect(m.endOfTick() == false)

        // After writability came back, outside any read burst.
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == true)
        #expect(m.takeUnflushed(outsideRead: true) == false)
    }

    @Test("a request answered after writability returned leaves no read burst behind: the next header's first bytes are seen")
    func answerOutsideRead() {
        var m = Self.machine()
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: false)
        _ = m.readComplete(now: Self.t0)
        // Writability returns: the held request is answered, and writing
        // its end delivers a pipelined one from inside that write.
        #expect(m.writabilityChanged(isWritable: true) == true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == true)
        m.partArrived()
        _ = m.headReceived(now: Self.t0)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).flushNow == false)
        #expect(m.takeUnflushed(outsideRead: true) == true)
        // Later, bytes of a header that is not complete yet.
        let t1 = Self.t0 + .seconds(5)
        _ = m.readComplete(now: t1)
        #expect(m.state == .awaitingHead(since: t1))
    }

    @Test("the listener learns when a request starts and when its answer is written, once each")
    func activity() {
        var m = Self.machine()
        m.partArrived()
        #expect(m.headReceived(now: Self.t0) == .requestStarted)
        #expect(m.requestInFlight)
        _ = m.requestEnded(isWritable: true)
        #expect(m.responseWritten(keepAlive: true, now: Self.t0).activity == .requestFinished)
        #expect(!m.requestInFlight)
        #expect(m.readComplete(now: Self.t0).activity == .none)
        #expect(m.closed() == .none)
        #expect(m.timerFired(now: Self.t0 + .seconds(3600)) == ConnectionStateMachine.TimerAction.none)
    }
}
