/// A commented example configuration that spells out the built-in
/// behaviour. The Helm chart ships it as its default ConfigMap and the
/// README quotes it, so the three never drift apart. It only has
/// wildcards, which never escalate, so loading it yields the same
/// decisions as loading nothing.
public let defaultConfigYAML: String = """
# nncp-guard enforcement configuration (--config).
#
# rules: maps a rule id to what its findings do to an admission request:
#   deny   reject the request (kubectl: "Error from server (Forbidden)")
#   warn   admit it; kubectl prints the finding as "Warning: ..."
#   audit  admit it silently; the finding is logged and counted in
#          nncp_guard_rule_findings_total{rule,action}
# Keys are exact rule ids or wildcards: "schema.*" matches every id that
# starts with "schema.", and "*" (quote it in YAML) matches all ids.
# The most specific key wins: an exact id, then the longest wildcard.
# A wildcard only ever lowers an action: a rule that reports a warning stays
# a warning under "schema.*: deny". An exact id is taken as written.
# Rules not listed follow their severity: error -> deny, warning -> warn,
# info -> audit. --rule-action id=action flags override entries here.
rules:
  # Desired state against the embedded nmstate schema.
  schema.*: deny
  # nmstate semantic rules (bond modes, VLAN bases, routes, ...).
  nmstate.*: deny
  # NNCP object rules, as upstream kubernetes-nmstate enforces them: name,
  # nodeSelector, maxUnavailable, capture immutability, and no spec change
  # while the previous rollout is still in progress.
  policy.*: deny
  # Exact ids, for example:
  # policy.in-progress: audit           # allow changes during a rollout
  # nmstate.bond.mode-required: warn
  # Dry-run the whole webhook first (quote the bare wildcard):
  # "*": warn

# What to do when cluster-aware checks cannot run (API caches not synced,
# API server unreachable): warn admits with "cluster checks skipped: ...",
# deny rejects until they can run.
clusterUnavailable: warn
"""
