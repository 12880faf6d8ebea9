import GuardCore
import RuleCatalog
import SourceModel

/// DNS resolver rules (`dns.rs`; reference §11.3).
enum DNSRules {
    static let bareOptions = [
        "debug", "edns0", "inet6", "ip6-bytestring", "ip6-dotint", "no-aaaa", "no-check-names", "no-ip6-dotint",
        "no-reload", "no-tld-query", "rotate", "single-request", "single-request-reopen", "trust-ad", "use-vc",
    ]
    static let valueOptions = ["ndots", "timeout", "attempts"]

    static func config(_ ctx: SemanticContext) -> Value? { ctx.state["dns-resolver"]?["config"] }

    /// A server string split into its address and, for an IPv6 link-local
    /// server written `fe80::1%eth1`, its interface. `nil` when invalid.
    static func parseServer(_ s: String) -> (ip: IPAddress, iface: String?)? {
        let percent = UInt8(ascii: "%")
        guard let cut = s.utf8.firstIndex(of: percent) else {
            return IPAddress.parse(s).map { ($0, nil) }
        }
        let iface = s[s.utf8.index(after: cut)...]
        guard !iface.isEmpty, !iface.utf8.contains(percent), let groups = IPAddress.parseV6(s[..<cut]) else { return nil }
        return (.v6(groups), String(iface))
    }

    /// `nmstate.dns.server-invalid`: a server must be an IP address (an IPv6
    /// link-local one may name its interface after `%`).
    /// `nmstate.dns.option-unsupported`: only resolv.conf options glibc knows.
    static let serversAndOptions: SemanticRules.Rule = { ctx in
        guard let conf = config(ctx) else { return }
        for (i, s) in (conf["server"]?.sequence ?? []).enumerated() {
            guard let text = s.string else { continue }
            if parseServer(text) == nil {
                ctx.error(.nmstateDnsServerInvalid, "Invalid DNS server string \(text)", at: DocumentPath("dns-resolver", "config", "server", .index(i)))
            }
        }
        // Only for messages: joined when one is written.
        var bare: String { bareOptions.joined(separator: ", ") }
        for (i, o) in (conf["options"]?.sequence ?? []).enumerated() {
            guard let text = o.string else { continue }
            let path = DocumentPath("dns-resolver", "config", "options", .index(i))
            if let colon = text.firstIndex(of: ":") {
                let name = String(text[..<colon])
                if !valueOptions.contains(name) {
                    ctx.error(.nmstateDnsOptionUnsupported, "Option '\(name)' is not supported to hold a value, only support these without value: \(bare) and these with values: ndots:n, timeout:n, attempts:n", at: path)
                }
            } else if !bareOptions.contains(text) {
                ctx.error(.nmstateDnsOptionUnsupported, "Unsupported DNS option \(text), only support these without value: \(bare) and these with values: ndots:n, timeout:n, attempts", at: path)
            }
        }
    }

    /// `nmstate.dns.link-local-multiple`: all link-local servers must use one
    /// interface. `nmstate.dns.link-local-interface`: that interface must
    /// exist with IPv6 enabled.
    static let linkLocal: SemanticRules.Rule = { ctx in
        guard let conf = config(ctx) else { return }
        let servers = (conf["server"]?.sequence ?? []).enumerated().compactMap { (i, v) -> (Int, String, String)? in
            guard let s = v.string, let iface = parseServer(s)?.iface else { return nil }
            return (i, s, iface)
        }
        guard !servers.isEmpty else { return }
        if Set(servers.map(\.2)).count > 1 {
            ctx.error(.nmstateDnsLinkLocalMultiple, "Only support IPv6 link local DNS name server(s) pointing to a single interface, but got '\(servers.map(\.1).joined(separator: " "))'", at: DocumentPath("dns-resolver", "config", "server", .index(servers[1].0)))
            return
        }
        let (i, server, iface) = servers[0]
        let path = DocumentPath("dns-resolver", "config", "server", .index(i))
        let message = "Desired IPv6 link local DNS server \(server) is pointing to interface \(iface) which does not exist."
        guard let node = ctx.model.kernel(iface), !node.isAbsent else {
            ctx.dependsOnNode(.nmstateDnsLinkLocalInterface, message, at: path, note: "fine if \(iface) exists on the node")
            return
        }
        switch node.ipEnabled("ipv6", forApply: false, mode: ctx.mode) {
        case false?: ctx.error(.nmstateDnsLinkLocalInterface, message, at: path)
        case nil: ctx.dependsOnNode(.nmstateDnsLinkLocalInterface, message, at: path, note: "fine if \(iface) has IPv6 enabled on the node")
        default: break
        }
    }
}
