import GuardCore
import SourceModel
import SourceModelYAML

/// Reads a kubeconfig file (`--kubeconfig`) into a ``KubeConfiguration``.
///
/// Follows client-go's rules for the parts nncp-guard supports: the current
/// (or named) context selects a cluster and a user; `*-data` fields win over
/// their file-path twins; `tokenFile` wins over `token` and is re-read as it
/// changes; relative paths are relative to the kubeconfig's directory.
/// Exec plugins, auth providers and basic auth are refused with a message
/// that says so, rather than silently connecting anonymously.
public enum KubeconfigLoader {
    /// Loads the kubeconfig at `path`; `context` overrides `current-context`.
    public static func load(path: String, context: String? = nil) throws(ConfigurationError) -> KubeConfiguration {
        let bytes = try FileAccess.read(path)
        return try parse(String(decoding: bytes, as: UTF8.self), path: path, context: context)
    }

    /// Parses kubeconfig text; `path` names the file in messages and is the
    /// base for relative paths inside it.
    public static func parse(_ text: String, path: String, context: String? = nil) throws(ConfigurationError) -> KubeConfiguration {
        let root: Value
        do throws(LoadError) {
            root = try YAMLLoader().loadSingle(text)
        } catch {
            throw ConfigurationError(.malformed, file: path, "not valid YAML: \(error.message)", at: error.location)
        }
        return try Parser(root: root, path: path, directory: FileAccess.directory(of: path)).configuration(context: context)
    }
}

private struct Parser {
    let root: Value
    let path: String
    let directory: String

    func fail(_ code: ConfigurationError.Code, _ field: String?, _ message: String, at value: Value? = nil) -> ConfigurationError {
        ConfigurationError(code, file: path, field: field, message, at: value?.location ?? .unknown)
    }

    func configuration(context override: String?) throws(ConfigurationError) -> KubeConfiguration {
        guard root.isMapping else { throw fail(.malformed, nil, "a kubeconfig must be a mapping", at: root) }
        let contextName: String
        if let override {
            contextName = override
        } else {
            guard let current = root["current-context"]?.string, !current.isEmpty else {
                throw fail(.missing, "current-context", "not set; pass a context name or set current-context", at: root)
            }
            contextName = current
        }
        let contextField = "contexts[name=\(contextName)]"
        let context = try entry(in: "contexts", named: contextName, body: "context")
        guard let clusterName = context["cluster"]?.string, !clusterName.isEmpty else {
            throw fail(.missing, "\(contextField).context.cluster", "missing", at: context)
        }
        let cluster = try entry(in: "clusters", named: clusterName, body: "cluster")
        let clusterField = "clusters[name=\(clusterName)].cluster"

        guard let server = cluster["server"]?.string, !server.isEmpty else {
            throw fail(.missing, "\(clusterField).server", "missing", at: cluster)
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw fail(.invalidValue, "\(clusterField).server", "must be an http:// or https:// URL, got \"\(server)\"", at: cluster["server"])
        }
        let trust = try serverTrust(cluster, field: clusterField)

        var credentials = Credentials()
        if let userName = context["user"]?.string, !userName.isEmpty {
            let user = try entry(in: "users", named: userName, body: "user")
            credentials = try self.credentials(user, field: "users[name=\(userName)].user")
        }
        let namespace = context["namespace"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        return KubeConfiguration(
            server: server, trust: trust, credentials: credentials, namespace: namespace,
            source: "kubeconfig \(path) (context \(contextName))"
        )
    }

    /// The `body` mapping of the entry called `name` in the list `list`
    /// (`contexts`, `clusters`, `users`).
    func entry(in list: String, named name: String, body: String) throws(ConfigurationError) -> Value {
        guard let items = root[list]?.sequence else {
            throw fail(.missing, list, "missing; cannot find \(body) \"\(name)\"", at: root)
        }
        guard let item = items.last(where: { $0["name"]?.string == name }) else {
            let known = items.compactMap { $0["name"]?.string }
            let hint = known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))"
            throw fail(.missing, list, "no \(body) named \"\(name)\"\(hint)", at: root[list])
        }
        guard let value = item[body], value.isMapping else {
            throw fail(.malformed, "\(list)[name=\(name)].\(body)", "missing or not a mapping", at: item)
        }
        return value
    }

    func serverTrust(_ cluster: Value, field: String) throws(ConfigurationError) -> ServerTrust {
        let insecure = cluster["insecure-skip-tls-verify"]?.bool ?? false
        let ca = try material(cluster, dataKey: "certificate-authority-data", fileKey: "certificate-authority", field: field)
        if insecure {
            if ca != nil {
                throw fail(.invalidValue, "\(field).insecure-skip-tls-verify", "cannot be combined with a certificate authority (client-go refuses this too)", at: cluster["insecure-skip-tls-verify"])
            }
            return .insecureSkipVerify
        }
        if let ca { return .certificateAuthority(pem: ca) }
        return .systemRoots
    }

    func credentials(_ user: Value, field: String) throws(ConfigurationError) -> Credentials {
        for unsupported in ["exec", "auth-provider"] where user[unsupported] != nil {
            throw fail(.unsupported, "\(field).\(unsupported)", "credential plugins are not supported by nncp-guard; use a token, tokenFile or client certificate (a service account in-cluster)", at: user[unsupported])
        }
        if user["username"] != nil || user["password"] != nil {
            throw fail(.unsupported, "\(field).username", "basic authentication is not supported (Kubernetes removed it); use a token or client certificate", at: user["username"] ?? user["password"])
        }
        var credentials = Credentials()
        if let tokenFile = user["tokenFile"]?.string, !tokenFile.isEmpty {
            let resolved = FileAccess.resolve(tokenFile, relativeTo: directory)
            let source = TokenSource.file(resolved)
            do throws(ConfigurationError) {
                _ = try source.currentToken()
            } catch {
                throw fail(error.code, "\(field).tokenFile", error.description, at: user["tokenFile"])
            }
            credentials.token = source
        } else if let token = user["token"]?.string, !token.isEmpty {
            credentials.token = .fixed(token)
        }
        let cert = try material(user, dataKey: "client-certificate-data", fileKey: "client-certificate", field: field)
        let key = try material(user, dataKey: "client-key-data", fileKey: "client-key", field: field)
        switch (cert, key) {
        case (let cert?, let key?):
            credentials.clientCertificate = ClientCertificate(certificatePEM: cert, privateKeyPEM: key)
        case (.some, nil):
            throw fail(.missing, "\(field).client-key", "missing: client-certificate needs client-key or client-key-data", at: user)
        case (nil, .some):
            throw fail(.missing, "\(field).client-certificate", "missing: client-key needs client-certificate or client-certificate-data", at: user)
        case (nil, nil):
            break
        }
        return credentials
    }

    /// PEM bytes from `dataKey` (base64) or, failing that, the file named by
    /// `fileKey`; `nil` when neither is set.
    func material(_ mapping: Value, dataKey: String, fileKey: String, field: String) throws(ConfigurationError) -> [UInt8]? {
        if let data = mapping[dataKey], !(data.string ?? "").isEmpty {
            guard let text = data.string, let bytes = Base64.decodeLenient(text) else {
                throw fail(.malformed, "\(field).\(dataKey)", "not valid base64", at: data)
            }
            return bytes
        }
        if let file = mapping[fileKey]?.string, !file.isEmpty {
            let resolved = FileAccess.resolve(file, relativeTo: directory)
            do throws(ConfigurationError) {
                return try FileAccess.read(resolved)
            } catch {
                throw fail(error.code, "\(field).\(fileKey)", "\(resolved): \(error.message)", at: mapping[fileKey])
            }
        }
        return nil
    }
}
