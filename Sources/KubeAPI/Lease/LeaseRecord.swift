#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SourceModel

/// The leader-election fields of a `coordination.k8s.io/v1` Lease's `spec`.
public struct LeaseRecord: Sendable, Equatable {
    /// Who holds the lease; `nil` or empty when released.
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int?
    public var acquireTime: Date?
    public var renewTime: Date?
    /// How many times the holder has changed.
    public var leaseTransitions: Int?

    public init(holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, acquireTime: Date? = nil,
                renewTime: Date? = nil, leaseTransitions: Int? = nil) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    /// Reads `spec` of a Lease object. Times are compared at microsecond
    /// precision (what the API stores), so a written record reads back equal.
    public init(spec: Value?) {
        holderIdentity = spec?["holderIdentity"]?.string
        leaseDurationSeconds = spec?["leaseDurationSeconds"]?.int64.map(Int.init)
        acquireTime = spec?["acquireTime"]?.string.flatMap(MicroTime.parse)
        renewTime = spec?["renewTime"]?.string.flatMap(MicroTime.parse)
        leaseTransitions = spec?["leaseTransitions"]?.int64.map(Int.init)
    }

    /// The `spec` mapping; unset fields are left out.
    public var spec: Value {
        var members: [Value.Member] = []
        if let holderIdentity { members.append(Value.Member(key: "holderIdentity", value: .string(holderIdentity))) }
        if let leaseDurationSeconds { members.append(Value.Member(key: "leaseDurationSeconds", value: .int(leaseDurationSeconds))) }
        if let acquireTime { members.append(Value.Member(key: "acquireTime", value: .string(MicroTime.format(acquireTime)))) }
        if let renewTime { members.append(Value.Member(key: "renewTime", value: .string(MicroTime.format(renewTime)))) }
        if let leaseTransitions { members.append(Value.Member(key: "leaseTransitions", value: .int(leaseTransitions))) }
        return .mapping(members)
    }

    /// Whether someone holds the lease.
    public var isHeld: Bool { !(holderIdentity ?? "").isEmpty }
}

/// A Lease object as read from the API: the record plus what an update
/// must send back (the whole object with its `resourceVersion`).
public struct Lease: Sendable {
    public var object: Value
    public var record: LeaseRecord

    public init(object: Value) {
        self.object = object
        self.record = LeaseRecord(spec: object["spec"])
    }

    public var name: String { ObjectMetadata(object).name ?? "" }
    public var namespace: String? { ObjectMetadata(object).namespace }
    public var resourceVersion: String? { ObjectMetadata(object).resourceVersion }
}
