import GuardCore
import SourceModel

/// The three mutations upstream kubernetes-nmstate makes to NNCPs, each as
/// the smallest patch against the object as received.
///
/// Upstream diffs the input against a re-marshalled Go struct, which adds
/// normalisation operations (`add /status {}`, `add /spec/desiredState
/// null`, null condition times). Those change nothing that is persisted, so
/// these patches carry only the intended change.
public enum PolicyMutations {
    /// Set on every CREATE and UPDATE so that each `kubectl apply` changes
    /// the object (and restarts the rollout that `kubectl wait` watches).
    public static let timestampAnnotation = "nmstate.io/webhook-mutating-timestamp"

    /// The condition types a fresh policy starts with, in upstream's order.
    public static let conditionTypes = ["Available", "Degraded", "Progressing", "Ignored"]

    /// `metadata.annotations["nmstate.io/webhook-mutating-timestamp"]` =
    /// Unix nanoseconds as a decimal string: one `add` of the member, or of
    /// the whole annotations map when there is none.
    public static func stampTimestamp(_ object: Value, unixNanoseconds: Int64) -> JSONPatch {
        JSONPatch.setting(.string(String(unixNanoseconds)), at: ["metadata", "annotations", timestampAnnotation], in: object)
    }

    /// Empties `status.conditions` (upstream sets `[]`, which its JSON
    /// omits): a `remove` when there is at least one condition, else nothing.
    ///
    /// With the status subresource enabled, writes to the main resource
    /// ignore `.status`, so this has no persisted effect; it is kept for
    /// webhook configurations that still call the upstream path.
    public static func clearConditions(_ object: Value) -> JSONPatch {
        guard let conditions = object.at("status", "conditions"), !isEmptyConditions(conditions) else {
            return JSONPatch()
        }
        return JSONPatch.removing(at: ["status", "conditions"], in: object)
    }

    /// When `status.conditions` is missing or empty, sets the four
    /// conditions to `Unknown` with both times `now` (RFC 3339). Upstream
    /// writes no `reason` or `message` keys, and neither does this.
    public static func initializeConditions(_ object: Value, unixNanoseconds: Int64) -> JSONPatch {
        if let conditions = object.at("status", "conditions"), !isEmptyConditions(conditions) {
            return JSONPatch()
        }
        let now = Value.string(RFC3339.format(unixNanoseconds: unixNanoseconds))
        let list = Value.sequence(conditionTypes.map { type in
            Value.mapping([
                "type": .string(type),
                "status": .string("Unknown"),
                "lastHeartbeatTime": now,
                "lastTransitionTime": now,
            ])
        })
        return JSONPatch.setting(list, at: ["status", "conditions"], in: object)
    }

    /// Missing conditions are `null` or `[]`; anything else (even a
    /// malformed non-list) counts as present and is left alone.
    private static func isEmptyConditions(_ v: Value) -> Bool {
        if v.isNull { return true }
        if let items = v.sequence { return items.isEmpty }
        return false
    }
}
