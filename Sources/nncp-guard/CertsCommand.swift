import ArgumentParser
import CertRotation
import Foundation
import GuardCore
import SourceModel
import X509

/// `nncp-guard certs`: make and check the webhook's certificates by hand,
/// for installs that do not use the built-in rotation (`--cert-mode files`)
/// and for looking at what a Secret or directory holds.
struct CertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Generate and inspect webhook certificates.",
        subcommands: [Generate.self, Inspect.self]
    )
}

extension CertsCommand {
    /// Prints `Error: …` and exits 2 (bad flag values), without the usage
    /// banner ArgumentParser adds to a ValidationError thrown from `run()`.
    static func usageError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        return ExitCode(2)
    }
}

extension CertsCommand {
    /// `nncp-guard certs generate`: a CA and a serving certificate in a
    /// directory, in the layout the server, `DirectoryStore` and
    /// `curl --cacert` share.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Create a CA and a serving certificate for the webhook Service in a directory.",
            discussion: """
            Writes ca.crt (the CA; the webhook configurations' caBundle), ca.key (0600), \
            tls.crt and tls.key (0600). The serving certificate names <service>, \
            <service>.<namespace>, <service>.<namespace>.svc and \
            <service>.<namespace>.svc.<cluster-domain>, plus every --dns-name and --ip.

            Validities use Go duration syntax, as kubernetes-nmstate's \
            selfSignConfiguration does: 8760h, 4380h0m0s, 90m.

            To load them into a cluster:
              kubectl -n <namespace> create secret tls <name> --cert=certs/tls.crt --key=certs/tls.key
              caBundle: $(base64 -w0 certs/ca.crt)
            """
        )

        enum KeyType: String, ExpressibleByArgument, CaseIterable {
            case ecdsa, rsa
            var algorithm: KeyAlgorithm { self == .ecdsa ? .ecdsaP256 : .rsa2048 }
        }

        @Option(help: "Name of the webhook's Service.")
        var service = "nncp-guard"

        @Option(help: "Namespace of the Service.")
        var namespace = "nncp-guard"

        @Option(name: .customLong("dns-name"), help: "Another DNS name for the serving certificate (repeatable).")
        var dnsNames: [String] = []

        @Option(name: .customLong("ip"), help: "An IP address for the serving certificate, IPv4 or IPv6 (repeatable).")
        var ipAddresses: [String] = []

        @Option(name: .customLong("key-type"), help: "Key type: ecdsa (P-256) or rsa (2048 bits).")
        var keyType: KeyType = .ecdsa

        @Option(name: .customLong("ca-validity"), help: "Lifetime of the CA (Go duration).")
        var caValidity = "8760h"

        @Option(name: .customLong("cert-validity"), help: "Lifetime of the serving certificate (Go duration); at most --ca-validity.")
        var certValidity = "4380h"

        @Option(name: .customLong("cluster-domain"), help: "Cluster DNS domain, for the longest service name.")
        var clusterDomain = "cluster.local"

        @Option(name: .customLong("out-dir"), help: "Directory to write to (created if missing).")
        var outDir = "certs"

        @Flag(help: "Replace certificates already in --out-dir.")
        var force = false

        func run() async throws {
            let caLifetime: Duration
            let certLifetime: Duration
            do {
                caLifetime = try GoDuration.parse(caValidity)
                certLifetime = try GoDuration.parse(certValidity)
            } catch {
                throw CertsCommand.usageError("\(error)")
            }
            guard caLifetime > .zero, certLifetime > .zero else {
                throw CertsCommand.usageError("--ca-validity and --cert-validity must be positive")
            }
            guard certLifetime <= caLifetime else {
                throw CertsCommand.usageError("--cert-validity (\(GoDuration.format(certLifetime))) must not exceed --ca-validity (\(GoDuration.format(caLifetime)))")
            }
            // The overlaps only matter to the rotation manager; a tenth of
            // each lifetime (at most a day) passes its validation.
            let intervals = RotationIntervals(
                caValidity: caLifetime, caOverlap: min(.seconds(86_400), caLifetime / 10),
                certificateValidity: certLifetime, certificateOverlap: min(.seconds(86_400), certLifetime / 10))
            let options = RotationOptions(intervals: intervals, serving: ServingCertificateRequest(
                serviceName: service, namespace: namespace, clusterDomain: clusterDomain,
                extraDNSNames: dnsNames, ipAddresses: ipAddresses, keyAlgorithm: keyType.algorithm))
            do {
                try options.validate()
            } catch {
                throw CertsCommand.usageError("\(error)")
            }

            let store = DirectoryStore(directory: outDir)
            let current = try store.read()
            if !current.isEmpty && !force {
                FileHandle.standardError.write(Data("Error: \(outDir)/ already holds certificates; pass --force to replace them.\n".utf8))
                throw ExitCode.failure
            }
            let now = Date()
            let plan = RotationPlanner(options: options).plan(StoredCertificates(), now: now)
            let outcome = try RotationExecutor(options: options).execute(plan, on: StoredCertificates(), now: now)
            try store.write(outcome.stored, replacing: current)

            let paths = store.paths
            let serving = try ServingCertificate(try requireServing(outcome.stored))
            let leaf = try PEM.certificates(serving.certificateChainPEM)[0]
            let names = CertificateFacts.dnsNames(leaf) + CertificateFacts.ipAddresses(leaf)
            let text = """
            wrote \(paths.caCertificate), \(paths.caKey), \(paths.certificate), \(paths.key)
              CA:      serial \(outcome.newCASerial ?? "?"), expires \(Self.timestamp(now.addingTimeInterval(Self.seconds(caLifetime))))
              serving: serial \(serving.serialHex), expires \(Self.timestamp(serving.notValidAfter))
                       \(names.joined(separator: ", "))

            """
            FileHandle.standardOutput.write(Data(text.utf8))
        }

        private func requireServing(_ stored: StoredCertificates) throws -> StoredCertificates.Serving {
            guard let serving = stored.serving else { throw ExitCode.failure }  // the executor always issues one
            return serving
        }

        static func seconds(_ duration: Duration) -> Double {
            let (s, atto) = duration.components
            return Double(s) + Double(atto) * 1e-18
        }

        static func timestamp(_ date: Date) -> String { Inspect.timestamp(date) }
    }
}

extension CertsCommand {
    /// `nncp-guard certs inspect`: what PEM certificate files hold, and
    /// whether they chain to a CA.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show subject, SANs, serial and validity of PEM certificates, and check their chain.",
            discussion: """
            Each FILE may hold several certificates (a tls.crt with its chain, a ca.crt \
            bundle); all are listed. With --ca, the first certificate of each file is \
            verified against the CA file, using the file's other certificates as \
            intermediates, at the current time (and for --server-name when given).

            Exit status: 0 all files read (and verified, with --ca), 1 otherwise.
            """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "PEM certificate files.")
        var files: [String]

        @Option(help: "CA bundle to verify each file's first certificate against.")
        var ca: String?

        @Option(name: .customLong("server-name"), help: "With --ca: also check the certificate is valid for this DNS name or IP, e.g. nncp-guard.nncp-guard.svc.")
        var serverName: String?

        @Option(name: [.short, .long], help: "Output format: text or json.")
        var output: Format = .text

        mutating func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one certificate file") }
            if serverName != nil, ca == nil { throw ValidationError("--server-name needs --ca") }
        }

        struct FileReport {
            var path: String
            var certificates: [CertificateSummary] = []
            var chain: Chain?
            var error: String?
        }

        /// The verdict on a file's chain, in words for the person reading it.
        struct Chain {
            var verified: Bool
            var detail: String
        }

        func run() async throws {
            var roots: [Certificate] = []
            if let ca {
                do {
                    roots = try PEM.certificates(try Self.readText(ca))
                } catch {
                    FileHandle.standardError.write(Data("Error: --ca \(ca): \(Self.describe(error))\n".utf8))
                    throw ExitCode.failure
                }
            }
            let now = Date()
            var reports: [FileReport] = []
            for path in files {
                var report = FileReport(path: path)
                do {
                    let chain = try PEM.certificates(try Self.readText(path))
                    report.certificates = chain.enumerated().map { CertificateSummary($0.element, index: $0.offset) }
                    if ca != nil {
                        // A CA bundle is checked for its chain only, not for a server name.
                        let name = chain.first.map(CertificateFacts.isCA) == true ? nil : serverName
                        report.chain = await Self.verify(chain: chain, roots: roots, serverName: name)
                    }
                } catch {
                    report.error = Self.describe(error)
                }
                reports.append(report)
            }
            let text = output == .json ? Self.json(reports, ca: ca, now: now) : Self.text(reports, ca: ca, now: now)
            FileHandle.standardOutput.write(Data(text.utf8))
            if reports.contains(where: { $0.error != nil || $0.chain?.verified == false }) {
                throw ExitCode.failure
            }
        }

        /// The chain first, then the name: the verifier words a name
        /// mismatch with its internal types (`DNSName("…")`, `IPAddress([10, 0, 0, 5])`),
        /// so it is told here from the certificate's own names instead.
        static func verify(chain: [Certificate], roots: [Certificate], serverName: String?) async -> Chain {
            let plain = await CertificateInspection.verify(chain: chain, roots: roots)
            guard plain.verified, let serverName, !serverName.isEmpty, let leaf = chain.first else {
                return Chain(verified: plain.verified, detail: plain.detail)
            }
            let named = await CertificateInspection.verify(chain: chain, roots: roots, serverName: serverName)
            if named.verified { return Chain(verified: true, detail: named.detail) }
            let names = CertificateFacts.dnsNames(leaf).map { "DNS:\($0)" } + CertificateFacts.ipAddresses(leaf).map { "IP:\($0)" }
            let held = names.isEmpty ? "it names no DNS name or IP address" : "it is valid for \(names.joined(separator: ", "))"
            return Chain(verified: false, detail: "the chain is trusted, but the certificate is not valid for \(serverName): \(held)")
        }

        /// A whole PEM file. POSIX errors are worded as `strerror` words
        /// them; Foundation's would print its error domain and userInfo.
        static func readText(_ path: String) throws(FileReadError) -> String {
            guard let file = fopen(path, "rb") else { throw FileReadError(.unreadable, String(cString: strerror(errno))) }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                bytes += chunk[0..<n]
                if n < chunk.count {
                    if ferror(file) != 0 { throw FileReadError(.unreadable, String(cString: strerror(errno))) }
                    break
                }
                if bytes.count > 1 << 20 { throw FileReadError(.tooLarge, "larger than 1 MiB, not a PEM certificate file") }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw FileReadError(.notText, "not a text file (PEM certificates are ASCII)")
            }
            return text
        }

        /// A certificate file that cannot be inspected; its path heads the
        /// report entry, so the message gives only the reason.
        struct FileReadError: Error, Sendable, CustomStringConvertible {
            enum Code: Sendable, Hashable {
                /// The system call failed (`reason` is `strerror`'s text).
                case unreadable
                /// Over 1 MiB: not a PEM file.
                case tooLarge
                /// Not UTF-8 text.
                case notText
            }

            var code: Code
            var reason: String

            init(_ code: Code, _ reason: String) {
                self.code = code
                self.reason = reason
            }

            var description: String { "cannot read: \(reason)" }
        }

        static func describe(_ error: any Error) -> String {
            String(describing: error)
        }

        // MARK: - Rendering

        static func text(_ reports: [FileReport], ca: String?, now: Date) -> String {
            var out = ""
            for report in reports {
                out += report.path + "\n"
                if let error = report.error {
                    out += "  error: \(error)\n"
                    continue
                }
                for c in report.certificates {
                    let sans = c.dnsNames.map { "DNS:\($0)" } + c.ipAddresses.map { "IP:\($0)" }
                    let days = c.daysLeft(at: now)
                    let left = now >= c.notValidAfter ? "expired \(-days) days ago" : now < c.notValidBefore ? "not yet valid" : "\(days) days left"
                    out += "  [\(c.index)] subject:    \(c.subject)\n"
                    out += "      issuer:     \(c.issuer)\n"
                    out += "      serial:     \(c.serialHex)\n"
                    out += "      SANs:       \(sans.isEmpty ? "none" : sans.joined(separator: ", "))\n"
                    out += "      not before: \(timestamp(c.notValidBefore))\n"
                    out += "      not after:  \(timestamp(c.notValidAfter)) (\(left))\n"
                    out += "      CA:         \(c.isCA ? "yes" : "no")\n"
                    out += "      key:        \(c.keyType)\n"
                }
                if let chain = report.chain, let ca {
                    out += chain.verified ? "  chain: OK against \(ca): \(chain.detail)\n" : "  chain: FAILED against \(ca): \(chain.detail)\n"
                }
            }
            return out
        }

        static func json(_ reports: [FileReport], ca: String?, now: Date) -> String {
            func member(_ key: String, _ value: Value) -> Value.Member { Value.Member(key: key, value: value) }
            let files: [Value] = reports.map { report in
                var members = [member("path", .string(report.path))]
                if let error = report.error { members.append(member("error", .string(error))) }
                members.append(member("certificates", .sequence(report.certificates.map { c in
                    .mapping([
                        member("index", .int(c.index)),
                        member("subject", .string(c.subject)),
                        member("issuer", .string(c.issuer)),
                        member("serial", .string(c.serialHex)),
                        member("dnsNames", .sequence(c.dnsNames.map(Value.string))),
                        member("ipAddresses", .sequence(c.ipAddresses.map(Value.string))),
                        member("notBefore", .string(timestamp(c.notValidBefore))),
                        member("notAfter", .string(timestamp(c.notValidAfter))),
                        member("daysLeft", .int(c.daysLeft(at: now))),
                        member("expired", .bool(now >= c.notValidAfter)),
                        member("isCA", .bool(c.isCA)),
                        member("keyType", .string(c.keyType)),
                    ])
                })))
                if let chain = report.chain, let ca {
                    members.append(member("chain", .mapping([
                        member("ca", .string(ca)), member("verified", .bool(chain.verified)), member("detail", .string(chain.detail)),
                    ])))
                }
                return .mapping(members)
            }
            return JSONWriter.string(.mapping([member("files", .sequence(files))])) + "\n"
        }

        static func timestamp(_ date: Date) -> String {
            RFC3339.format(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        }
    }
}
