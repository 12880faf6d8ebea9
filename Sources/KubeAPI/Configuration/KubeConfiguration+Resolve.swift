#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension KubeConfiguration {
    /// The configuration the command line asks for, in client-go's order: an
    /// explicit `--kubeconfig` path; else in-cluster when
    /// `KUBERNETES_SERVICE_HOST` is set; else the first file in `$KUBECONFIG`;
    /// else `~/.kube/config`.
    public static func resolve(
        kubeconfig: String? = nil,
        context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = InClusterConfiguration.defaultServiceAccountDirectory
    ) throws(ConfigurationError) -> KubeConfiguration {
        if let kubeconfig, !kubeconfig.isEmpty {
            return try KubeconfigLoader.load(path: kubeconfig, context: context)
        }
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
            return try InClusterConfiguration.load(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first {
            return try KubeconfigLoader.load(path: String(first), context: context)
        }
        if let home = environment["HOME"], !home.isEmpty {
            return try KubeconfigLoader.load(path: home + "/.kube/config", context: context)
        }
        throw ConfigurationError(.missing, field: "--kubeconfig", "no kubeconfig given, not running in a pod, and neither KUBECONFIG nor HOME is set")
    }
}
