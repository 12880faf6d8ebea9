/// Why `lint` or `plan` cannot run (exit status 2): a usage mistake, an
/// input it cannot use, or a cluster it cannot read. The code decides
/// whether the message is followed by a pointer to `--help`.
struct CommandError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
        /// An option value that makes no sense, or options that contradict
        /// each other.
        case usage
        /// A policy, node or state file that cannot be read or holds the
        /// wrong objects.
        case input
        /// The cluster could not be read (kubeconfig, API errors, named
        /// policies that do not exist).
        case cluster
    }

    var code: Code
    /// The message as shown after `Error: `, naming the option or file.
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }
}
