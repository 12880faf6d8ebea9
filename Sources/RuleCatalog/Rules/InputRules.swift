extension RuleID {
    public static let lintUnrecognized = RuleID("lint.unrecognized")
    public static let lintTooLarge = RuleID("lint.too-large")
    public static let lintIo = RuleID("lint.io")
    public static let lintList = RuleID("lint.list")
    public static let lintApiVersion = RuleID("lint.api-version")
    public static let lintDeprecatedApiVersion = RuleID("lint.deprecated-api-version")
    public static let yamlSyntax = RuleID("yaml.syntax")
    public static let yamlDuplicateKey = RuleID("yaml.duplicate-key")
    public static let yamlAliasBudget = RuleID("yaml.alias-budget")
    public static let yamlTooDeep = RuleID("yaml.too-deep")
    public static let yamlEncoding = RuleID("yaml.encoding")
    public static let yamlUndefinedAlias = RuleID("yaml.undefined-alias")
    public static let jsonSyntax = RuleID("json.syntax")
    public static let jsonDuplicateKey = RuleID("json.duplicate-key")
    public static let jsonTooDeep = RuleID("json.too-deep")
    public static let jsonEncoding = RuleID("json.encoding")
}

extension RuleRegistry {
    /// Reading files: what lint reports before any rule sees a document.
    static let inputRules: [RuleEntry] = [
        RuleEntry(
            .lintUnrecognized, .warning, scope: .lint,
            summary: "A document looks like an NNCP or an nmstate state but is neither",
            explanation: """
                Lint checks NodeNetworkConfigurationPolicies, bare nmstate desired states and \
                nmstate policy documents. Other Kubernetes objects, Helm chart templates and YAML \
                with nothing of nmstate about it (CI workflows, compose files, Helm values) are \
                counted as skipped. A document that comes close to one of the checked kinds — a \
                misspelt top-level key such as `interface:`, a `kind` without an `apiVersion`, a \
                `capture` without `desired` — gets this warning instead, because the checks it was \
                meant to get did not run.
                """,
            fix: """
                Correct the key the message names. For a repository of bare nmstate files, \
                `--assume-state` checks every such document as a desired state; files that are not \
                manifests at all can be left out with `--exclude GLOB`.
                """,
            example: RuleExample(
                before: """
                    interface:
                    - name: eth1
                      type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .lintTooLarge, .error, scope: .lint,
            summary: "A file is larger than the size limit",
            explanation: """
                The kube-apiserver refuses requests over 3 MiB, so a manifest larger than that \
                cannot be applied as one object. Lint refuses such files before reading them \
                (`--max-size`, default 3MiB), which also keeps a stray binary or log file from \
                costing the run.
                """,
            fix: "Split the file into smaller manifests, or raise `--max-size` if the file is not meant for the API server."),
        RuleEntry(
            .lintIo, .error, scope: .lint,
            summary: "A file or directory could not be read",
            explanation: """
                A path given to lint does not exist, is not readable, or a directory under it \
                could not be listed. Lint exits with status 2 (usage or I/O error), not 1, so a \
                CI job does not mistake a missing manifest directory for findings.
                """,
            fix: "Check the path and its permissions; run lint from the repository root so relative paths resolve."),
        RuleEntry(
            .lintList, .error, scope: .lint,
            summary: "A Kubernetes List whose items are not a sequence",
            explanation: """
                `kubectl get … -o yaml` wraps objects in a `kind: List` whose `items` is a \
                sequence of objects. Lint checks every item; when `items` is something else, \
                none of them can be checked and kubectl would refuse the file too.
                """,
            fix: "Make `items` a sequence of objects.",
            example: RuleExample(
                before: """
                    apiVersion: v1
                    kind: List
                    items:
                      name: eth1-policy
                    """,
                after: """
                    apiVersion: v1
                    kind: List
                    items: []
                    """)),
        RuleEntry(
            .lintApiVersion, .error, scope: .lint,
            summary: "An NNCP's apiVersion is not served by the CRD",
            explanation: """
                The NodeNetworkConfigurationPolicy CRD serves `nmstate.io/v1` and the deprecated \
                `nmstate.io/v1beta1`. Any other version is refused by the API server with \
                "no matches for kind", so the policy would never be applied.
                """,
            fix: "Use `apiVersion: nmstate.io/v1`.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1alpha1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .lintDeprecatedApiVersion, .warning, scope: .lint,
            summary: "An NNCP uses the deprecated nmstate.io/v1beta1",
            explanation: """
                `nmstate.io/v1beta1` is still served but deprecated; the fields are the same as \
                in `nmstate.io/v1`, so moving is a one-line change that avoids a break when the \
                old version is removed.
                """,
            fix: "Change `apiVersion` to `nmstate.io/v1`.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1beta1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .yamlSyntax, .error, scope: .lint,
            summary: "YAML syntax error",
            explanation: """
                The file is not well-formed YAML, so neither kubectl nor lint can read the \
                document at the error or anything after it. Documents before the error are \
                still checked.
                """,
            fix: "Fix the syntax at the line and column reported (often an unclosed bracket or quote, or a tab used for indentation).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      ipv4: {enabled: true
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      ipv4: {enabled: true}
                    """)),
        RuleEntry(
            .yamlDuplicateKey, .error, scope: .lint,
            summary: "A YAML mapping repeats a key",
            explanation: """
                YAML forbids a key twice in one mapping, but many parsers silently keep the last \
                value, so what the cluster applies may not be what the author read. kubectl's \
                strict decoding refuses it.
                """,
            fix: "Keep one of the two entries.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      mtu: 1500
                      mtu: 9000
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      mtu: 9000
                    """)),
        RuleEntry(
            .yamlAliasBudget, .error, scope: .lint,
            summary: "YAML aliases expand past the budget",
            explanation: """
                Anchors and aliases let a small file expand into a huge tree (a "billion laughs" \
                file). Lint stops reading when aliases would add more nodes than its budget, the \
                same protection the webhook has against hostile requests.
                """,
            fix: "Write the repeated parts out, or use fewer nested aliases."),
        RuleEntry(
            .yamlTooDeep, .error, scope: .lint,
            summary: "YAML nesting is too deep",
            explanation: """
                Sequences and mappings are nested deeper than any network state needs (200 \
                levels). Such input is refused before it is walked, so it cannot exhaust the \
                stack.
                """,
            fix: "Flatten the document; an nmstate state is a few levels deep."),
        RuleEntry(
            .yamlEncoding, .error, scope: .lint,
            summary: "A YAML file is not valid UTF-8",
            explanation: """
                Kubernetes manifests are UTF-8. A file in another encoding (Latin-1, UTF-16 \
                without a byte-order mark) or with binary content cannot be read reliably.
                """,
            fix: "Re-save the file as UTF-8."),
        RuleEntry(
            .yamlUndefinedAlias, .error, scope: .lint,
            summary: "A YAML alias names an undefined anchor",
            explanation: """
                `*name` refers to an anchor `&name` that does not appear earlier in the document, \
                so the value it stands for is unknown.
                """,
            fix: "Define the anchor before the alias, or write the value out.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      mtu: *jumbo
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      mtu: 9000
                    """)),
        RuleEntry(
            .jsonSyntax, .error, scope: .lint,
            summary: "JSON syntax error",
            explanation: """
                A `.json` file is read with a strict JSON reader (RFC 8259), which reports the \
                exact position of the first error: a trailing comma, a comment, single quotes.
                """,
            fix: "Fix the syntax at the line and column reported.",
            example: RuleExample(
                before: #"{"interfaces": [{"name": "eth1", "type": "ethernet",}]}"#,
                after: #"{"interfaces": [{"name": "eth1", "type": "ethernet"}]}"#,
                format: .json)),
        RuleEntry(
            .jsonDuplicateKey, .error, scope: .lint,
            summary: "A JSON object repeats a key",
            explanation: """
                JSON parsers disagree about a repeated key (most keep the last value), so what \
                the cluster applies may differ from what the author read.
                """,
            fix: "Keep one of the two members.",
            example: RuleExample(
                before: #"{"interfaces": [{"name": "eth1", "mtu": 1500, "mtu": 9000}]}"#,
                after: #"{"interfaces": [{"name": "eth1", "mtu": 9000}]}"#,
                format: .json)),
        RuleEntry(
            .jsonTooDeep, .error, scope: .lint,
            summary: "JSON nesting is too deep",
            explanation: """
                Arrays and objects are nested deeper than any network state needs (200 levels); \
                such input is refused before it is walked.
                """,
            fix: "Flatten the document."),
        RuleEntry(
            .jsonEncoding, .error, scope: .lint,
            summary: "A JSON file is not valid UTF-8",
            explanation: "JSON text is UTF-8 (RFC 8259); a file in another encoding or with binary content cannot be read.",
            fix: "Re-save the file as UTF-8.",
            hardToTrigger: "the JSON reader replaces invalid UTF-8 inside strings with U+FFFD instead of failing, so no input reaches this rule today"),
    ]
}
