/// One difference between what a node has now and what it will have once
/// it applied a policy: an interface added or removed, a field that takes
/// another value, a port, address, route or DNS setting that comes or goes.
///
/// Values are kept as short display text (`1500`, `192.168.10.11/24`,
/// `[192.168.10.1]`, `0.0.0.0/0 via 192.168.10.1 dev br-ex`) rather than as
/// value trees: a plan is read by people and compared between nodes, and
/// both want one canonical spelling.
public struct StateChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `interface` is created; `after` is its type.
        case interfaceAdded = "interface-added"
        /// `interface` is removed (`state: absent` of one that exists); `before` is its type.
        case interfaceRemoved = "interface-removed"
        /// `state: absent` of an interface the node does not have: nothing happens.
        case interfaceAlreadyAbsent = "interface-already-absent"
        /// `field` (dotted, relative to the interface, or to the top level
        /// when `interface` is nil) goes from `before` to `after`; nil is
        /// "not set".
        case fieldChanged = "field-changed"
        /// Controller `interface` gains port `after`.
        case portAdded = "port-added"
        /// Controller `interface` loses port `before`.
        case portRemoved = "port-removed"
        /// `interface` gains address `after` (`ip/prefix`); `field` is `ipv4` or `ipv6`.
        case addressAdded = "address-added"
        /// `interface` loses address `before`; `field` is `ipv4` or `ipv6`.
        case addressRemoved = "address-removed"
        /// A `routes.config` entry is added; `after` describes it.
        case routeAdded = "route-added"
        /// A current `routes.config` entry goes; `before` describes it.
        case routeRemoved = "route-removed"
        /// A `state: absent` route that matches no current route: nothing happens.
        case routeAlreadyAbsent = "route-already-absent"
        /// A `route-rules.config` entry is added; `after` describes it.
        case routeRuleAdded = "route-rule-added"
        /// A current `route-rules.config` entry goes; `before` describes it.
        case routeRuleRemoved = "route-rule-removed"
        /// A `state: absent` route rule that matches no current rule.
        case routeRuleAlreadyAbsent = "route-rule-already-absent"
        /// `dns-resolver.config.<field>` goes from `before` to `after`.
        case dnsChanged = "dns-changed"
    }

    public var kind: Kind
    public var interface: String?
    public var field: String?
    public var before: String?
    public var after: String?
    /// Why a change that the policy does not write happens anyway (a port
    /// loses its addresses, a route goes with its interface's IP).
    public var note: String?

    public init(_ kind: Kind, interface: String? = nil, field: String? = nil, before: String? = nil, after: String? = nil, note: String? = nil) {
        self.kind = kind
        self.interface = interface
        self.field = field
        self.before = before
        self.after = after
        self.note = note
    }
}
