import GuardCore
import RuleCatalog
import SourceModel

/// Rules on an interface's `ipv4` / `ipv6` sections (`ip.rs`).
enum IPRules {
    static let families = ["ipv4", "ipv6"]

    /// `nmstate.ip.address-invalid`: an `address[].ip` that is not an IP
    /// literal. `nmstate.ip.address-family`: an IPv6 address in `ipv4` or
    /// the reverse. `nmstate.ip.prefix-length`: a prefix longer than the
    /// family allows. nmstate checks these on every desired address, enabled
    /// or not, because the section is sanitised before `enabled` drops it.
    static let addresses: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && entry.state != "ignore" {
            for family in families {
                guard let list = entry.value[family]?["address"]?.sequence else { continue }
                let isV6Section = family == "ipv6"
                let maxPrefix: UInt64 = isV6Section ? 128 : 32
                for (i, item) in list.enumerated() {
                    guard let text = item["ip"]?.string else { continue }
                    let itemPath = entry.at(.key(family), "address", .index(i))
                    guard let ip = IPAddress.parse(text) else {
                        ctx.error(.nmstateIpAddressInvalid, "Invalid IP address \(text): \(IPAddress.syntaxError)", at: itemPath.appending("ip"))
                        continue
                    }
                    let prefix = Lenient.uint(item["prefix-length"], bits: 8)
                    if ip.isV6 != isV6Section {
                        let shown = prefix.map { "\(ip)/\($0)" } ?? "\(ip)"
                        ctx.error(.nmstateIpAddressFamily, "Got \(ip.isV6 ? "IPv6" : "IPv4") address \(shown) in \(family) config section", at: itemPath.appending("ip"))
                        continue
                    }
                    if let prefix, prefix > maxPrefix {
                        ctx.error(.nmstateIpPrefixLength, "Invalid \(isV6Section ? "IPv6" : "IPv4") network prefix length '\(prefix)', should be in the range of 0 to \(maxPrefix)", at: itemPath.appending("prefix-length"))
                    }
                }
            }
        }
    }

    /// `nmstate.ip.wait-ip`: `wait-ip` names a family that is not enabled.
    /// nmstate checks it only while merging with an existing interface, so
    /// only in apply mode and only for interfaces the current state has.
    static let waitIP: SemanticRules.Rule = { ctx in
        guard ctx.mode == .apply else { return }
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let wait = entry.value["wait-ip"]?.string, let node = ctx.node(entry), node.current != nil else { continue }
            if (wait == "ipv4" || wait == "ipv4+ipv6") && node.ipEnabled("ipv4", forApply: true, mode: ctx.mode) != true {
                ctx.error(.nmstateIpWaitIp, "Cannot set 'wait-ip: \(wait)' with IPv4 disabled. Interface: \(node.name)(\(node.kind))", at: entry.at("wait-ip"))
            } else if (wait == "ipv6" || wait == "ipv4+ipv6") && node.ipEnabled("ipv6", forApply: true, mode: ctx.mode) != true {
                ctx.error(.nmstateIpWaitIp, "Cannot set 'wait-ip: \(wait)' with IPv6 disabled. Interface: \(node.name)(\(node.kind))", at: entry.at("wait-ip"))
            }
        }
    }

    /// IPv6 `token`: `nmstate.ip.token-autoconf` (a token with autoconf
    /// explicitly off on an enabled stack), `nmstate.ip.token-invalid` (not
    /// an IPv6 literal), `nmstate.ip.token-prefix` (the first 64 bits must be
    /// zero: a token is only an interface identifier).
    static let token: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let section = entry.value["ipv6"], let token = section["token"]?.string else { continue }
            let path = entry.at("ipv6", "token")
            if let node = ctx.node(entry), token != "", token != "::" {
                let enabled = node.ipEnabled("ipv6", forApply: true, mode: ctx.mode)
                let autoconf = Lenient.flag(section["autoconf"]) ?? (section["autoconf"] == nil ? Lenient.flag(node.current?["ipv6"]?["autoconf"]) : nil)
                if autoconf == false {
                    let message = "Desired IPv6 token '\(token)' cannot be applied with IPv6 autoconf disabled, you may remove IPv6 token by setting as empty string or `::`"
                    if enabled == true {
                        ctx.error(.nmstateIpTokenAutoconf, message, at: path)
                    } else if enabled == nil {
                        ctx.dependsOnNode(.nmstateIpTokenAutoconf, message, at: path, note: "only if IPv6 is enabled on the node")
                    }
                }
            }
            guard !token.isEmpty else { continue }
            guard let groups = IPAddress.parseV6(token) else {
                ctx.error(.nmstateIpTokenInvalid, "Desired IPv6 token '\(token)' is not a valid IPv6 address: \(IPAddress.v6SyntaxError)", at: path)
                continue
            }
            if groups[0..<4].contains(where: { $0 != 0 }) {
                ctx.error(.nmstateIpTokenPrefix, "Desired IPv6 token should be lead by 64 bits 0. But got \(token)", at: path)
            }
        }
    }
}
