#!/usr/bin/env python3
"""CI checks for charts/nncp-guard (run by .ci/chart.sh).

Lints the chart, renders mode (full, slim) x certificates.mode (builtin,
certManager, existingSecret) plus a few variants, validates every rendered
object against the Kubernetes JSON schemas (kubernetes-validate) or, for
cert-manager and Prometheus Operator kinds, against small structural schemas
kept here, and asserts that the chart agrees with the code:

  * webhook paths, probe paths and the metrics path are routes the server
    serves (parsed from the Swift sources, so a renamed route fails here);
  * Service ports lead to the container ports the server binds;
  * RBAC in each mode is exactly the API calls that mode makes;
  * the chart's default rule table is DefaultConfig.swift's;
  * the flags passed to the binaries exist (flags the server does not have
    yet, listed in PENDING_FLAGS, are reported, not failed);
  * the Dockerfile installs the binaries where the chart runs them, and
    scripts/dockerfile-runtime.py (which scripts/image.sh builds the
    engine-free image from) reads the same runtime stage;
  * the chart refuses to render without a real image repository, and the
    NetworkPolicy, PrometheusRule, client CA, control-plane placement and
    break-glass settings render what they promise (the alerts name only
    metrics the code exports).

Prints `chart: N renders, M objects validated, K assertions passed` and
exits non-zero on any failure.
"""

from __future__ import annotations

import base64
import copy
import fnmatch
import functools
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

import yaml

try:
    import helm_python as helm
    import kubernetes_validate
    import kubernetes_validate.utils as kv_utils
    import jsonschema
except ImportError as error:  # pragma: no cover - chart.sh installs these
    sys.exit(f"chart_check: missing Python package ({error}); run .ci/chart.sh, which installs them")

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "charts" / "nncp-guard"
SOURCES = ROOT / "Sources"
RELEASE = "nncp-guard"
NAMESPACE = "nncp-system"

# The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the
# newest one kubernetes-validate ships.
KUBE_FLOOR = "1.28"

# Flags the chart passes to `nncp-guard serve` that the server is still
# growing (full mode, builtin certificates). Missing ones are reported; any
# other missing flag fails the check.
PENDING_FLAGS = {"--cert-mode", "--ca-secret", "--tls-secret", "--webhook-configurations", "--lease"}

SLIM_BUILTIN_MESSAGE = "certificates.mode=builtin cannot be used with mode=slim"

# Every render and lint gets an image repository: the chart refuses to
# render without one (checked separately below).
IMAGE_REPOSITORY = "registry.example.com/platform/nncp-guard"
BASE_VALUES: dict[str, Any] = {"image": {"repository": IMAGE_REPOSITORY}}

DUMMY_CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    + base64.b64encode(b"not a real certificate, only for rendering").decode()
    + "\n-----END CERTIFICATE-----\n"
)

RBAC_KINDS = {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}
CLUSTER_SCOPED = {"ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}


# --------------------------------------------------------------------------
# Bookkeeping


class Checker:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []
        self.notes: list[str] = []
        self.renders = 0
        self.validated = 0

    def check(self, condition: Any, message: str) -> bool:
        if condition:
            self.passed += 1
            return True
        self.failures.append(message)
        return False

    def equal(self, actual: Any, expected: Any, message: str) -> bool:
        return self.check(actual == expected, f"{message}: expected {expected!r}, got {actual!r}")

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


C = Checker()


# --------------------------------------------------------------------------
# Facts from the Swift sources


def swift_files(directory: Path) -> Iterable[Path]:
    return sorted(directory.rglob("*.swift"))


def find_swift(directory: Path, marker: str) -> tuple[Path, str]:
    for path in swift_files(directory):
        text = path.read_text(encoding="utf-8")
        if marker in text:
            return path, text
    sys.exit(f"chart_check: cannot find `{marker}` under {directory.relative_to(ROOT)}; update .ci/chart_check.py")


def enum_body(text: str, header: str) -> str:
    """The text of `header { ... }` up to its matching brace."""
    start = text.index(header)
    depth = 0
    for i in range(text.index("{", start), len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start:i]
    return text[start:]


def admission_routes() -> set[str]:
    """Paths of `enum AdmissionEndpoint` (the server's admission route table)."""
    header = "enum AdmissionEndpoint"
    path, text = find_swift(SOURCES / "Admission", header)
    routes = set(re.findall(r'\bcase\s+\w+\s*=\s*"(/[^"]*)"', enum_body(text, header)))
    if not routes:
        sys.exit(f"chart_check: no routes found in {path.relative_to(ROOT)}")
    return routes


def health_routes() -> set[str]:
    """Paths the server adds to both listeners' routers (`HealthResponder.adding`)."""
    header = "static func adding(to router: Router"
    _, text = find_swift(SOURCES / "WebhookServer", header)
    return set(re.findall(r'router\.add\(\w+,\s*"(/[a-z]+)"', enum_body(text, header)))


def metrics_route() -> str:
    _, text = find_swift(SOURCES / "WebhookServer", "struct MetricsEndpoint")
    match = re.search(r'router\.add\("GET",\s*"(/[^"]+)"', text)
    if not match:
        sys.exit("chart_check: cannot find the metrics path in MetricsEndpoint")
    return match.group(1)


def kube_resources() -> set[tuple[str, str]]:
    """(group, resource) of every APIResource constant in KubeAPI."""
    _, text = find_swift(SOURCES / "KubeAPI", "extension APIResource")
    return set(re.findall(r'APIResource\(\s*group:\s*"([^"]*)",\s*version:\s*"[^"]*",\s*resource:\s*"([^"]+)"', text))


def exported_metric_names() -> set[str]:
    """Names of the nncp_guard_* metrics the code registers: string literals,
    and swift-prometheus descriptors (namespace_subsystem_metricName_unit)."""
    names: set[str] = set()
    descriptor = re.compile(r'namespace:\s*"(\w+)",\s*subsystem:\s*"(\w+)",\s*metricName:\s*"(\w+)",\s*unitName:\s*"(\w*)"')
    for path in swift_files(SOURCES):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'"(nncp_guard_[a-z0-9_]+)"', text))
        names |= {"_".join(p for p in m.groups() if p) for m in descriptor.finditer(text)}
    return names


def default_config() -> dict[str, Any]:
    _, text = find_swift(SOURCES / "Admission", "defaultConfigYAML")
    match = re.search(r'defaultConfigYAML[^=]*=\s*"""\n(.*?)\n"""', text, re.S)
    if not match:
        sys.exit("chart_check: cannot read defaultConfigYAML")
    return yaml.safe_load(match.group(1))


def option_flags(path: Path) -> set[str]:
    """Long flags declared with @Option/@Flag in one Swift file."""
    text = path.read_text(encoding="utf-8")
    flags = set()
    for match in re.finditer(r"@(?:Option|Flag)\(([^)]*(?:\([^)]*\)[^)]*)*)\)\s*(?:(?:public|package)\s+)?(?:var|let)\s+(\w+)", text):
        arguments, name = match.group(1), match.group(2)
        custom = re.search(r'customLong\("([^"]+)"\)', arguments)
        if custom:
            flags.add("--" + custom.group(1))
        else:
            # ArgumentParser's spelling: camelCase to kebab-case, an acronym
            # kept as one word (clientCAFile -> client-ca-file).
            flags.add("--" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower())
    return flags


def shared_serve_flags() -> set[str]:
    """Flags both executables take from the WebhookCLI module."""
    flags: set[str] = set()
    for path in swift_files(SOURCES / "WebhookCLI"):
        flags |= option_flags(path)
    return flags


def serve_flags() -> set[str]:
    flags = shared_serve_flags()
    for path in swift_files(SOURCES / "nncp-guard"):
        if path.name.startswith("Serve"):
            flags |= option_flags(path)
    return flags


def slim_flags() -> set[str]:
    return shared_serve_flags() | option_flags(SOURCES / "nncp-guard-slim" / "main.swift")


# --------------------------------------------------------------------------
# Validation


@functools.lru_cache(maxsize=None)
def cached_schema_contents(filename: str, desired_version: str) -> Any:
    return ORIGINAL_SCHEMA_CONTENTS(filename, desired_version)


ORIGINAL_SCHEMA_CONTENTS = kv_utils.schema_contents
kv_utils.schema_contents = cached_schema_contents  # the definitions file is read once per version


def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """Structural schemas for the CRD kinds the chart renders. Only the
    fields the chart uses are allowed, so a typo fails."""

    def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
        if required:
            schema["required"] = required
        return schema

    string = {"type": "string"}
    duration = {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"}
    string_map = {"type": "object", "additionalProperties": {"type": "string"}}
    metadata = obj(
        {"name": string, "namespace": string, "labels": string_map, "annotations": string_map},
        ["name", "namespace"],
    )
    issuer_ref = obj({"name": string, "kind": {"enum": ["Issuer", "ClusterIssuer"]}, "group": string}, ["name"])

    def top(api_version: str, kind: str, spec: dict[str, Any]) -> dict[str, Any]:
        return obj(
            {"apiVersion": {"const": api_version}, "kind": {"const": kind}, "metadata": metadata, "spec": spec},
            ["apiVersion", "kind", "metadata", "spec"],
        )

    issuer_spec = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"selfSigned": {"type": "object"}, "ca": obj({"secretName": string}, ["secretName"])},
        "minProperties": 1,
        "maxProperties": 1,
    }
    certificate_spec = obj(
        {
            "secretName": string,
            "commonName": {"type": "string", "maxLength": 64},
            "isCA": {"type": "boolean"},
            "dnsNames": {"type": "array", "items": string, "minItems": 1},
            "duration": duration,
            "renewBefore": duration,
            "usages": {"type": "array", "items": {"enum": ["server auth", "client auth", "digital signature", "key encipherment", "cert sign"]}},
            "privateKey": obj(
                {
                    "algorithm": {"enum": ["RSA", "ECDSA", "Ed25519"]},
                    "size": {"type": "integer"},
                    "encoding": {"enum": ["PKCS1", "PKCS8"]},
                    "rotationPolicy": {"enum": ["Never", "Always"]},
                }
            ),
            "issuerRef": issuer_ref,
        },
        ["secretName", "issuerRef"],
    )
    service_monitor_spec = obj(
        {
            "namespaceSelector": obj({"matchNames": {"type": "array", "items": string}}),
            "selector": obj({"matchLabels": string_map}, ["matchLabels"]),
            "endpoints": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {"port": string, "path": string, "scheme": {"enum": ["http", "https"]}, "interval": duration, "scrapeTimeout": duration},
                    ["port"],
                ),
            },
        },
        ["selector", "endpoints"],
    )
    alert_rule = obj(
        {"alert": string, "expr": string, "for": duration, "labels": string_map, "annotations": string_map},
        ["alert", "expr"],
    )
    prometheus_rule_spec = obj(
        {"groups": {"type": "array", "minItems": 1, "items": obj({"name": string, "rules": {"type": "array", "minItems": 1, "items": alert_rule}}, ["name", "rules"])}},
        ["groups"],
    )
    return {
        ("monitoring.coreos.com/v1", "PrometheusRule"): top("monitoring.coreos.com/v1", "PrometheusRule", prometheus_rule_spec),
        ("cert-manager.io/v1", "Issuer"): top("cert-manager.io/v1", "Issuer", issuer_spec),
        ("cert-manager.io/v1", "Certificate"): top("cert-manager.io/v1", "Certificate", certificate_spec),
        ("monitoring.coreos.com/v1", "ServiceMonitor"): top("monitoring.coreos.com/v1", "ServiceMonitor", service_monitor_spec),
    }


CRD_SCHEMAS = crd_schemas()


def validate_object(obj: dict[str, Any], where: str, versions: list[str]) -> None:
    key = (obj.get("apiVersion"), obj.get("kind"))
    if key in CRD_SCHEMAS:
        errors = sorted(jsonschema.Draft7Validator(CRD_SCHEMAS[key]).iter_errors(obj), key=lambda e: list(e.path))
        detail = "; ".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors[:3])
        C.check(not errors, f"{where}: {key[1]} fails the structural schema: {detail}")
        C.note(f"{key[0]} {key[1]}: not in the Kubernetes schema set, checked against the structural schema in chart_check.py")
        C.validated += 1
        return
    for version in versions:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
            C.passed += 1
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(p) for p in error.path)
            C.failures.append(f"{where}: {obj.get('kind')}/{obj.get('metadata', {}).get('name')} is invalid for Kubernetes {version}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            C.failures.append(f"{where}: {error.message}")
    C.validated += 1


# --------------------------------------------------------------------------
# Rendering


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def render(chart: Any, values: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    manifests = chart.render(deep_merge(BASE_VALUES, values), name=RELEASE, namespace=NAMESPACE, is_install=True)
    C.renders += 1
    objects: list[dict[str, Any]] = []
    notes = ""
    for template, text in sorted(manifests.items()):
        if template.endswith("NOTES.txt"):
            notes = text
            continue
        for document in yaml.safe_load_all(text):
            if document:
                document["__template"] = template
                objects.append(document)
    return objects, notes


def by_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def one(objects: list[dict[str, Any]], kind: str, where: str) -> dict[str, Any]:
    found = by_kind(objects, kind)
    C.equal(len(found), 1, f"{where}: number of {kind} objects")
    return found[0] if found else {}


def arg_value(args: list[str], flag: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(flag + "="):
            return arg[len(flag) + 1 :]
    return None


def bind_port(text: str | None) -> int | None:
    if not text or ":" not in text:
        return None
    return int(text.rsplit(":", 1)[1])


# --------------------------------------------------------------------------
# Assertions on one render


def rbac_tuples(rules: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    out = set()
    for rule in rules:
        names = rule.get("resourceNames") or ["*"]
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                for verb in rule.get("verbs", []):
                    for name in names:
                        out.add((group, resource, verb, name))
    return out


def expected_rbac(full: bool, builtin: bool, names: dict[str, str]) -> tuple[set, set]:
    """(cluster-wide, namespaced) permissions the code needs, as tuples of
    (apiGroup, resource, verb, resourceName or "*")."""
    cluster: set[tuple[str, str, str, str]] = set()
    namespaced: set[tuple[str, str, str, str]] = set()
    if not full:
        return cluster, namespaced
    # Informers of the cluster-aware rules.
    for group, resource in [("nmstate.io", "nodenetworkconfigurationpolicies"), ("", "nodes"), ("nmstate.io", "nodenetworkstates")]:
        for verb in ("get", "list", "watch"):
            cluster.add((group, resource, verb, "*"))
    if builtin:
        for resource, name in [("mutatingwebhookconfigurations", names["mwc"]), ("validatingwebhookconfigurations", names["vwc"])]:
            for verb in ("get", "patch"):
                cluster.add(("admissionregistration.k8s.io", resource, verb, name))
        for secret in (names["ca"], names["tls"]):
            for verb in ("get", "update", "patch"):
                namespaced.add(("", "secrets", verb, secret))
        namespaced.add(("", "secrets", "create", "*"))  # create cannot be restricted by name
        for verb in ("get", "update"):
            namespaced.add(("coordination.k8s.io", "leases", verb, names["lease"]))
        namespaced.add(("coordination.k8s.io", "leases", "create", "*"))
    return cluster, namespaced


def check_render(label: str, values: dict[str, Any], objects: list[dict[str, Any]], notes: str, facts: dict[str, Any]) -> None:
    merged = facts["merge"](values)
    full = merged["mode"] == "full"
    cert_mode = merged["certificates"]["mode"]
    builtin = cert_mode == "builtin"
    where = label

    # Namespaces and names.
    for obj in objects:
        meta = obj.get("metadata", {})
        if obj["kind"] in CLUSTER_SCOPED:
            C.check("namespace" not in meta, f"{where}: cluster-scoped {obj['kind']}/{meta.get('name')} has a namespace")
        else:
            C.equal(meta.get("namespace"), NAMESPACE, f"{where}: {obj['kind']}/{meta.get('name')} namespace")
        C.check(len(meta.get("name", "")) <= 63 or obj["kind"] in CLUSTER_SCOPED, f"{where}: {obj['kind']} name longer than 63 characters")
    keys = [(o["kind"], o["metadata"]["name"]) for o in objects]
    C.equal(len(keys), len(set(keys)), f"{where}: duplicate objects")

    deployment = one(objects, "Deployment", where)
    pod = deployment.get("spec", {}).get("template", {})
    pod_spec = pod.get("spec", {})
    pod_labels = pod.get("metadata", {}).get("labels", {})
    containers = pod_spec.get("containers", [])
    C.equal(len(containers), 1, f"{where}: containers")
    container = containers[0] if containers else {}
    args = container.get("args", [])
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}

    # The binary and its flags.
    if full:
        C.equal(container.get("command"), ["/usr/local/bin/nncp-guard"], f"{where}: full mode command")
        C.check(args[:1] == ["serve"], f"{where}: full mode runs `nncp-guard serve`")
        known = facts["serve_flags"]
    else:
        C.equal(container.get("command"), ["/usr/local/bin/nncp-guard-slim"], f"{where}: slim mode command")
        C.check("serve" not in args, f"{where}: slim mode passes no subcommand")
        known = facts["slim_flags"]
    for arg in args:
        if not arg.startswith("--"):
            continue
        flag = arg.split("=", 1)[0]
        if flag in known:
            C.passed += 1
        elif full and flag in PENDING_FLAGS:
            C.note(f"nncp-guard serve has no {flag} yet (the chart passes it in full mode with builtin certificates)")
        else:
            C.failures.append(f"{where}: {'nncp-guard serve' if full else 'nncp-guard-slim'} has no flag {flag}")
    C.check(not (set(a.split("=", 1)[0] for a in args) & PENDING_FLAGS) or (full and builtin), f"{where}: certificate-manager flags only with mode=full, certificates.mode=builtin")

    # Ports: Service -> container port -> --bind.
    webhook_port = merged["webhook"]["port"]
    C.equal(ports.get("webhook"), webhook_port, f"{where}: container port 'webhook'")
    C.equal(bind_port(arg_value(args, "--bind")), ports.get("webhook"), f"{where}: --bind port is the webhook container port")
    C.equal(bind_port(arg_value(args, "--metrics-bind")), ports.get("metrics"), f"{where}: --metrics-bind port is the metrics container port")

    def target(service_port: dict[str, Any]) -> Any:
        t = service_port.get("targetPort", service_port.get("port"))
        return ports.get(t) if isinstance(t, str) else t

    services = {s["metadata"]["name"]: s for s in by_kind(objects, "Service")}
    webhook_service = services.get(facts["names"]["service"], {})
    C.check(webhook_service, f"{where}: webhook Service {facts['names']['service']} rendered")
    https = [p for p in webhook_service.get("spec", {}).get("ports", []) if p.get("port") == 443]
    C.equal(len(https), 1, f"{where}: webhook Service has one port 443")
    if https:
        C.equal(target(https[0]), ports.get("webhook"), f"{where}: Service 443 targetPort resolves to the webhook container port")
    for service in services.values():
        selector = service["spec"].get("selector", {})
        C.check(selector and all(pod_labels.get(k) == v for k, v in selector.items()), f"{where}: Service {service['metadata']['name']} selects the pods")
    if merged["metrics"]["service"]["enabled"]:
        metrics_services = [s for s in services.values() if any(p.get("name") == "metrics" for p in s["spec"]["ports"])]
        C.equal(len(metrics_services), 1, f"{where}: one metrics Service")
        for s in metrics_services:
            C.equal(target(s["spec"]["ports"][0]), ports.get("metrics"), f"{where}: metrics Service targetPort resolves to the metrics container port")

    # Probes: HTTPS on the webhook port, on routes the server answers; with a
    # client CA (the kubelet has no client certificate) plain HTTP on the
    # metrics port, which answers the same routes.
    client_ca = merged["webhook"]["clientCA"]
    mtls = bool(client_ca["secretName"] or client_ca["configMapName"])
    probe_port, probe_scheme = ("metrics", "HTTP") if mtls else ("webhook", "HTTPS")
    for probe_name, path in [("readinessProbe", "/readyz"), ("livenessProbe", "/healthz"), ("startupProbe", None)]:
        probe = container.get(probe_name, {}).get("httpGet", {})
        C.check(probe, f"{where}: {probe_name} is an httpGet probe")
        C.equal(probe.get("scheme"), probe_scheme, f"{where}: {probe_name} scheme")
        port = probe.get("port")
        C.equal(ports.get(port) if isinstance(port, str) else port, ports.get(probe_port), f"{where}: {probe_name} port is the {probe_port} port")
        C.check(probe.get("path") in facts["health_routes"], f"{where}: {probe_name} path {probe.get('path')!r} is served ({sorted(facts['health_routes'])})")
        if path:
            C.equal(probe.get("path"), path, f"{where}: {probe_name} path")

    # Security settings.
    pod_security = pod_spec.get("securityContext", {})
    security = container.get("securityContext", {})
    C.check(pod_security.get("runAsNonRoot") and security.get("runAsNonRoot"), f"{where}: runAsNonRoot")
    C.equal(security.get("readOnlyRootFilesystem"), True, f"{where}: readOnlyRootFilesystem")
    C.equal(security.get("allowPrivilegeEscalation"), False, f"{where}: allowPrivilegeEscalation")
    C.equal(security.get("capabilities", {}).get("drop"), ["ALL"], f"{where}: capabilities drop ALL")
    C.equal(pod_security.get("seccompProfile", {}).get("type"), "RuntimeDefault", f"{where}: seccomp RuntimeDefault")
    resources = container.get("resources", {})
    C.check(resources.get("requests") and resources.get("limits"), f"{where}: resource requests and limits")
    C.equal(pod_spec.get("automountServiceAccountToken"), full, f"{where}: service account token mounted only in full mode")

    # Replicas, spreading, disruption budget.
    replicas = merged["replicaCount"]
    C.equal(deployment["spec"].get("replicas"), replicas, f"{where}: replicas")
    if merged["podAntiAffinity"] != "none" and not merged["affinity"]:
        anti = pod_spec.get("affinity", {}).get("podAntiAffinity", {})
        terms = anti.get("preferredDuringSchedulingIgnoredDuringExecution", []) + anti.get("requiredDuringSchedulingIgnoredDuringExecution", [])
        keys_ = [t.get("podAffinityTerm", t).get("topologyKey") for t in terms]
        C.check("kubernetes.io/hostname" in keys_, f"{where}: pod anti-affinity on kubernetes.io/hostname")
    pdbs = by_kind(objects, "PodDisruptionBudget")
    if replicas > 1 and merged["podDisruptionBudget"]["enabled"]:
        C.equal(len(pdbs), 1, f"{where}: PodDisruptionBudget rendered")
        for pdb in pdbs:
            C.equal(pdb["spec"].get("minAvailable"), merged["podDisruptionBudget"]["minAvailable"], f"{where}: PDB minAvailable")
            C.check(all(pod_labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items()), f"{where}: PDB selects the pods")
    else:
        C.equal(len(pdbs), 0, f"{where}: no PodDisruptionBudget for a single replica")
    if merged["priorityClassName"]:
        C.equal(pod_spec.get("priorityClassName"), merged["priorityClassName"], f"{where}: priorityClassName")

    # ConfigMap -> --config.
    config_map = one(objects, "ConfigMap", where)
    volumes = {v["name"]: v for v in pod_spec.get("volumes", [])}
    mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
    config_path = arg_value(args, "--config") or ""
    config_volume = next((n for n, p in mounts.items() if config_path.startswith(p + "/")), None)
    C.check(config_volume and volumes[config_volume].get("configMap", {}).get("name") == config_map.get("metadata", {}).get("name"), f"{where}: --config is a file of the chart's ConfigMap")
    config_key = config_path.rsplit("/", 1)[-1]
    config_text = config_map.get("data", {}).get(config_key, "")
    config = yaml.safe_load(config_text) or {}
    try:
        C.equal(json.loads(config_text), config, f"{where}: the ConfigMap config is JSON (nncp-guard-slim reads only that form)")
    except ValueError as error:
        C.failures.append(f"{where}: the ConfigMap config is not JSON, which nncp-guard-slim needs: {error}")
    C.equal(config.get("rules"), merged["config"]["rules"], f"{where}: ConfigMap rules are the values' config.rules")
    C.equal(config.get("clusterUnavailable"), merged["config"]["clusterUnavailable"], f"{where}: ConfigMap clusterUnavailable")
    C.equal(set(config), {"rules", "clusterUnavailable"}, f"{where}: ConfigMap keys are the ones the config parser accepts")

    # Client CA (mutual TLS): the flag names a file of the configured volume.
    client_ca_file = arg_value(args, "--client-ca-file")
    if mtls:
        ca_volume = next((n for n, p in mounts.items() if (client_ca_file or "").startswith(p + "/")), None)
        source = volumes.get(ca_volume, {}) if ca_volume else {}
        expected_source = ({"secret": {"secretName": client_ca["secretName"]}} if client_ca["secretName"]
                           else {"configMap": {"name": client_ca["configMapName"]}})
        C.equal({k: v for k, v in source.items() if k != "name"}, expected_source, f"{where}: --client-ca-file is read from the configured client CA")
        C.equal((client_ca_file or "").rsplit("/", 1)[-1], client_ca["key"], f"{where}: --client-ca-file is webhook.clientCA.key")
    else:
        C.check(client_ca_file is None, f"{where}: no --client-ca-file without webhook.clientCA")

    # Extra volumes and mounts are passed through.
    for volume in merged["extraVolumes"]:
        C.equal(volumes.get(volume["name"]), volume, f"{where}: extra volume {volume['name']}")
    for mount in merged["extraVolumeMounts"]:
        C.check(mount in container.get("volumeMounts", []), f"{where}: extra mount {mount['name']} at {mount['mountPath']}")

    # Builtin certificates name the extra DNS names and addresses.
    if builtin:
        C.equal([a.split("=", 1)[1] for a in args if a.startswith("--dns-name=")], merged["certificates"]["builtin"]["extraDNSNames"], f"{where}: --dns-name per certificates.builtin.extraDNSNames")
        C.equal([a.split("=", 1)[1] for a in args if a.startswith("--ip=")], merged["certificates"]["builtin"]["ipAddresses"], f"{where}: --ip per certificates.builtin.ipAddresses")

    # Control-plane placement.
    if merged["scheduleOnControlPlane"] and not merged["affinity"]:
        keys_ = {t.get("key") for t in pod_spec.get("tolerations", []) if t.get("effect") == "NoSchedule" and t.get("operator") == "Exists"}
        C.check({"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"} <= keys_, f"{where}: tolerates the control-plane taints ({keys_})")
        terms = pod_spec.get("affinity", {}).get("nodeAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution", {}).get("nodeSelectorTerms", [])
        labels_ = {e["key"] for t in terms for e in t.get("matchExpressions", []) if e.get("operator") == "Exists"}
        C.equal(labels_, {"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"}, f"{where}: required node affinity on the control-plane labels")
    elif not merged["affinity"]:
        C.check("nodeAffinity" not in pod_spec.get("affinity", {}), f"{where}: no node affinity unless scheduleOnControlPlane")

    # NetworkPolicy: the pods' ports only, from the configured peers.
    policies = by_kind(objects, "NetworkPolicy")
    C.equal(len(policies), 1 if merged["networkPolicy"]["enabled"] else 0, f"{where}: NetworkPolicy only when enabled")
    for policy in policies:
        spec = policy["spec"]
        C.check(all(pod_labels.get(k) == v for k, v in spec["podSelector"]["matchLabels"].items()), f"{where}: NetworkPolicy selects the pods")
        C.equal(spec.get("policyTypes"), ["Ingress"], f"{where}: NetworkPolicy restricts ingress only (full mode calls the API server)")
        by_port: dict[Any, Any] = {}
        for rule in spec.get("ingress", []):
            for port in rule.get("ports", []):
                by_port[ports.get(port["port"]) if isinstance(port["port"], str) else port["port"]] = rule.get("from")
        C.equal(set(by_port), set(ports.values()), f"{where}: NetworkPolicy opens exactly the container ports")
        webhook_from = merged["networkPolicy"]["webhook"]["from"]
        C.equal(by_port.get(ports.get("webhook")), webhook_from or None, f"{where}: webhook port open to networkPolicy.webhook.from (any source when empty)")
        metrics_from = merged["networkPolicy"]["metrics"]["from"] or [{"namespaceSelector": {"matchLabels": merged["networkPolicy"]["metrics"]["namespaceLabel"]}}]
        C.equal(by_port.get(ports.get("metrics")), metrics_from, f"{where}: metrics port open to networkPolicy.metrics.from or the monitoring namespace")

    # PrometheusRule: opt-in, alerts on exported metrics only.
    rules = by_kind(objects, "PrometheusRule")
    C.equal(len(rules), 1 if merged["metrics"]["prometheusRule"]["enabled"] else 0, f"{where}: PrometheusRule only when enabled")
    for rule_object in rules:
        alerts = {r["alert"]: r for g in rule_object["spec"]["groups"] for r in g["rules"]}
        expected = {"NNCPGuardServingCertificateExpiresSoon", "NNCPGuardAdmissionErrors", "NNCPGuardWebhookCallsFailing"}
        if builtin:
            expected |= {"NNCPGuardCAExpiresSoon", "NNCPGuardCertificateRotationFailing"}
        C.equal(set(alerts), expected, f"{where}: PrometheusRule alerts")
        for name, alert in alerts.items():
            used = set(re.findall(r"\b(nncp_guard_[a-z0-9_]+)", alert["expr"]))
            C.equal(sorted(used - facts["metric_names"]), [], f"{where}: alert {name} uses metrics the code does not export")
            if "nncp_guard_" in alert["expr"]:
                C.check(f'namespace="{NAMESPACE}"' in alert["expr"], f"{where}: alert {name} is limited to the release namespace")
            C.check(alert.get("annotations", {}).get("summary") and alert.get("labels", {}).get("severity") == merged["metrics"]["prometheusRule"]["severity"], f"{where}: alert {name} has a summary and the severity")
        hours = merged["metrics"]["prometheusRule"]["certificateExpiryHours"] or (12 if builtin else 336)
        C.check(alerts["NNCPGuardServingCertificateExpiresSoon"]["expr"].rstrip().endswith(f"< {hours * 3600}"), f"{where}: expiry alert threshold is {hours} hours")
        # The API server labels its webhook metrics with the webhook's name.
        hook_names = [h["name"] for kind in ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration") for o in by_kind(objects, kind) for h in o["webhooks"]]
        for pattern in re.findall(r'name=~"([^"]+)"', alerts["NNCPGuardWebhookCallsFailing"]["expr"]):
            regex = pattern.replace("\\\\", "\\")  # PromQL string escapes
            C.equal([n for n in hook_names if not re.fullmatch(regex, n)], [], f"{where}: the API-server alert matches every webhook name")

    # Serving certificate files come from the Secret volume.
    cert_path = arg_value(args, "--tls-cert-file") or ""
    key_path = arg_value(args, "--tls-key-file") or ""
    tls_volume = next((n for n, p in mounts.items() if cert_path.startswith(p + "/")), None)
    C.check(tls_volume and key_path.startswith(mounts[tls_volume] + "/"), f"{where}: certificate and key are read from one volume")
    tls_secret = volumes.get(tls_volume, {}).get("secret", {}).get("secretName") if tls_volume else None
    C.check(tls_secret, f"{where}: the certificate volume is a Secret")
    C.equal((cert_path.rsplit("/", 1)[-1], key_path.rsplit("/", 1)[-1]), ("tls.crt", "tls.key"), f"{where}: kubernetes.io/tls key names")

    # Webhook configurations.
    routes = facts["routes"]
    mwc = one(objects, "MutatingWebhookConfiguration", where)
    vwc = one(objects, "ValidatingWebhookConfiguration", where)
    hooks = [("mutating", h) for h in mwc.get("webhooks", [])] + [("validating", h) for h in vwc.get("webhooks", [])]
    paths = {h["clientConfig"]["service"]["path"] for _, h in hooks}
    C.check("/mutate" in paths and "/validate" in paths, f"{where}: /mutate and /validate are hooked")
    status_hooks = [h for _, h in hooks if "nodenetworkconfigurationpolicies/status" in h["rules"][0]["resources"]]
    C.equal(len(status_hooks), 1 if merged["webhook"]["statusHook"]["enabled"] else 0, f"{where}: status hook only when enabled")
    for hook in status_hooks:
        C.equal(hook["clientConfig"]["service"]["path"], "/nodenetworkconfigurationpolicies-status-mutate", f"{where}: status hook path")
    names_seen = set()
    for kind, hook in hooks:
        name = hook["name"]
        names_seen.add(name)
        service = hook["clientConfig"]["service"]
        C.check(service["path"] in routes, f"{where}: webhook {name} path {service['path']!r} is a server route ({sorted(routes)})")
        C.equal((service["name"], service["namespace"]), (facts["names"]["service"], NAMESPACE), f"{where}: webhook {name} service")
        C.equal(service.get("port", 443), 443, f"{where}: webhook {name} service port")
        C.equal(hook["sideEffects"], "None", f"{where}: webhook {name} sideEffects")
        C.equal(hook["admissionReviewVersions"], ["v1"], f"{where}: webhook {name} admissionReviewVersions")
        C.equal(hook["matchPolicy"], "Equivalent", f"{where}: webhook {name} matchPolicy")
        conditions = hook.get("matchConditions", [])
        C.equal(conditions[: len(merged["webhook"]["matchConditions"])], merged["webhook"]["matchConditions"], f"{where}: webhook {name} keeps webhook.matchConditions")
        glass = [c for c in conditions if c["name"] == "not-break-glass" and c not in merged["webhook"]["matchConditions"]]
        if merged["webhook"]["breakGlassGroups"]:
            C.check(len(glass) == 1 and all(f"'{g}'" in glass[0]["expression"] for g in merged["webhook"]["breakGlassGroups"])
                    and glass[0]["expression"].startswith("!request.userInfo.groups.exists("), f"{where}: webhook {name} skips the break-glass groups: {glass}")
        else:
            C.equal(glass, [], f"{where}: webhook {name} has no break-glass condition unless groups are set")
        C.equal(hook["timeoutSeconds"], merged["webhook"]["timeoutSeconds"], f"{where}: webhook {name} timeoutSeconds")
        expected_policy = merged["webhook"]["validating" if kind == "validating" else ("statusHook" if hook in status_hooks else "mutating")]["failurePolicy"]
        C.equal(hook["failurePolicy"], expected_policy, f"{where}: webhook {name} failurePolicy")
        C.equal(len(hook["rules"]), 1, f"{where}: webhook {name} has one rule")
        rule = hook["rules"][0]
        C.equal(rule["apiGroups"], ["nmstate.io"], f"{where}: webhook {name} apiGroups")
        C.equal(sorted(rule["apiVersions"]), ["v1", "v1beta1"], f"{where}: webhook {name} apiVersions")
        C.equal(sorted(rule["operations"]), ["CREATE", "UPDATE"], f"{where}: webhook {name} operations")
        C.check(all(r.split("/")[0] == "nodenetworkconfigurationpolicies" for r in rule["resources"]), f"{where}: webhook {name} hooks NNCPs only")
        if kind == "validating":
            C.check(service["path"] in facts["validate_routes"], f"{where}: validating webhook {name} points at a route that runs the rules ({sorted(facts['validate_routes'])})")
        else:
            C.check(service["path"] not in facts["validate_routes"], f"{where}: mutating webhook {name} points at a validating route")
        # Certificates / caBundle.
        ca_bundle = hook["clientConfig"].get("caBundle")
        if cert_mode == "existingSecret":
            C.check(ca_bundle and base64.b64decode(ca_bundle).startswith(b"-----BEGIN CERTIFICATE-----"), f"{where}: webhook {name} caBundle is base64 PEM")
        else:
            C.check(ca_bundle is None, f"{where}: webhook {name} has no rendered caBundle in {cert_mode} mode")
    C.equal(len(names_seen), len(hooks), f"{where}: webhook names are unique")

    annotation = "cert-manager.io/inject-ca-from"
    certificates = {c["metadata"]["name"]: c for c in by_kind(objects, "Certificate")}
    for configuration in (mwc, vwc):
        injected = configuration.get("metadata", {}).get("annotations", {}).get(annotation)
        if cert_mode == "certManager":
            ns, _, certificate_name = (injected or "").partition("/")
            C.check(ns == NAMESPACE and certificate_name in certificates, f"{where}: {configuration['kind']} {annotation} names a rendered Certificate ({injected!r})")
            if certificate_name in certificates:
                certificate = certificates[certificate_name]["spec"]
                C.equal(certificate["secretName"], tls_secret, f"{where}: the injected Certificate's Secret is the mounted one")
                C.check(f"{facts['names']['service']}.{NAMESPACE}.svc" in certificate.get("dnsNames", []), f"{where}: the serving Certificate covers <service>.<namespace>.svc")
        else:
            C.check(injected is None, f"{where}: no {annotation} in {cert_mode} mode")
    if cert_mode == "certManager":
        issuers = {i["metadata"]["name"] for i in by_kind(objects, "Issuer")}
        for certificate in certificates.values():
            ref = certificate["spec"]["issuerRef"]
            if ref.get("kind", "Issuer") == "Issuer" and not merged["certificates"]["certManager"]["issuerRef"]:
                C.check(ref["name"] in issuers, f"{where}: Certificate {certificate['metadata']['name']} uses a rendered Issuer")
    else:
        C.equal(len(certificates) + len(by_kind(objects, "Issuer")), 0, f"{where}: no cert-manager objects in {cert_mode} mode")
    if cert_mode == "existingSecret":
        C.equal(tls_secret, merged["certificates"]["existingSecret"]["name"], f"{where}: the mounted Secret is certificates.existingSecret.name")
    if builtin:
        C.equal(arg_value(args, "--cert-mode"), "builtin", f"{where}: --cert-mode builtin")
        C.equal(arg_value(args, "--tls-secret"), tls_secret, f"{where}: --tls-secret is the mounted Secret")
        C.equal(arg_value(args, "--ca-secret"), facts["names"]["ca"], f"{where}: --ca-secret")
        C.equal(arg_value(args, "--webhook-configurations"), f"{mwc['metadata']['name']},{vwc['metadata']['name']}", f"{where}: --webhook-configurations names the rendered configurations")
        C.equal(arg_value(args, "--lease"), facts["names"]["lease"], f"{where}: --lease")
        C.equal(volumes[tls_volume]["secret"].get("optional"), True, f"{where}: builtin mode mounts the serving Secret as optional (the pod writes it)")

    # RBAC: exactly the calls of the mode.
    rbac = [o for o in objects if o["kind"] in RBAC_KINDS]
    names = dict(facts["names"], mwc=mwc["metadata"]["name"], vwc=vwc["metadata"]["name"])
    want_cluster, want_namespaced = expected_rbac(full, builtin, names)
    got_cluster = set().union(*[rbac_tuples(o.get("rules", [])) for o in by_kind(objects, "ClusterRole")]) if by_kind(objects, "ClusterRole") else set()
    got_namespaced = set().union(*[rbac_tuples(o.get("rules", [])) for o in by_kind(objects, "Role")]) if by_kind(objects, "Role") else set()
    if not full:
        C.equal(sorted(o["kind"] for o in rbac), [], f"{where}: slim mode installs no Role, ClusterRole or binding")
    C.equal(sorted(got_cluster - want_cluster), [], f"{where}: cluster-wide permissions beyond what the code calls")
    C.equal(sorted(want_cluster - got_cluster), [], f"{where}: cluster-wide permissions the code needs but the chart lacks")
    C.equal(sorted(got_namespaced - want_namespaced), [], f"{where}: namespaced permissions beyond what the code calls")
    C.equal(sorted(want_namespaced - got_namespaced), [], f"{where}: namespaced permissions the code needs but the chart lacks")
    for group, resource, verb, name in got_cluster | got_namespaced:
        C.check("*" not in (group, resource, verb), f"{where}: RBAC wildcard in {(group, resource, verb)}")
        C.check((group, resource) in facts["kube_resources"], f"{where}: RBAC grants {group or 'core'}/{resource}, which KubeAPI does not define")
        if (group, resource) not in {("nmstate.io", "nodenetworkconfigurationpolicies"), ("", "nodes"), ("nmstate.io", "nodenetworkstates")}:
            C.check(name != "*" or verb == "create", f"{where}: {resource} {verb} is not limited by resourceNames")
    sa_name = pod_spec.get("serviceAccountName")
    for binding_kind, role_kind in [("ClusterRoleBinding", "ClusterRole"), ("RoleBinding", "Role")]:
        roles = {o["metadata"]["name"] for o in by_kind(objects, role_kind)}
        bindings = by_kind(objects, binding_kind)
        C.equal(len(bindings), len(roles), f"{where}: one {binding_kind} per {role_kind}")
        for binding in bindings:
            C.check(binding["roleRef"]["kind"] == role_kind and binding["roleRef"]["name"] in roles, f"{where}: {binding_kind} refers to the rendered {role_kind}")
            C.equal(binding["subjects"], [{"kind": "ServiceAccount", "name": sa_name, "namespace": NAMESPACE}], f"{where}: {binding_kind} subject")
    accounts = by_kind(objects, "ServiceAccount")
    if merged["serviceAccount"]["create"]:
        C.equal([a["metadata"]["name"] for a in accounts], [sa_name], f"{where}: the pod's ServiceAccount is rendered")

    # Metrics scraping.
    monitors = by_kind(objects, "ServiceMonitor")
    C.equal(len(monitors), 1 if merged["metrics"]["serviceMonitor"]["enabled"] else 0, f"{where}: ServiceMonitor only when enabled")
    for monitor in monitors:
        selector = monitor["spec"]["selector"]["matchLabels"]
        selected = [s for s in services.values() if all(s["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())]
        C.check(len(selected) == 1 and selected[0]["spec"]["ports"][0]["name"] == "metrics", f"{where}: ServiceMonitor selects only the metrics Service")
        for endpoint in monitor["spec"]["endpoints"]:
            C.equal(endpoint["path"], facts["metrics_route"], f"{where}: ServiceMonitor path is the server's metrics route")

    # NOTES.txt tells how to check the install.
    C.check("kubectl" in notes and "get pods" in notes and "--dry-run=server" in notes, f"{where}: NOTES.txt explains how to check the install")


def validating_routes() -> set[str]:
    """Routes whose AdmissionEndpoint.action is .validate."""
    header = "enum AdmissionEndpoint"
    _, text = find_swift(SOURCES / "Admission", header)
    body = enum_body(text, header)
    cases = dict(re.findall(r'\bcase\s+(\w+)\s*=\s*"(/[^"]*)"', body))
    match = re.search(r"case\s+([.\w\s,]+):\s*return\s+\.validate", body)
    names = [n.strip().lstrip(".") for n in match.group(1).split(",")] if match else []
    return {cases[n] for n in names if n in cases}


# --------------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    helm.disable_logging()
    latest = kv_utils.latest_version()
    versions = [KUBE_FLOOR, ".".join(latest.split(".")[:2])]

    facts: dict[str, Any] = {
        "routes": admission_routes(),
        "health_routes": health_routes(),
        "metrics_route": metrics_route(),
        "kube_resources": kube_resources(),
        "serve_flags": serve_flags(),
        "slim_flags": slim_flags(),
        "validate_routes": validating_routes(),
        "metric_names": exported_metric_names(),
    }
    C.check("/validate" in facts["validate_routes"], "AdmissionEndpoint: /validate runs the rules")
    C.check({"/healthz", "/readyz"} <= facts["health_routes"], f"the server routes /healthz and /readyz ({sorted(facts['health_routes'])})")

    chart = helm.Chart.load(str(CHART))
    defaults = chart.values
    facts["merge"] = lambda values: deep_merge(defaults, deep_merge(BASE_VALUES, values))
    fullname = RELEASE  # the release name contains the chart name
    facts["names"] = {
        "service": fullname,
        "ca": f"{fullname}-ca",
        "tls": f"{fullname}-tls",
        "lease": fullname,
    }

    # Chart metadata and the values file against the code.
    meta = chart.metadata
    C.equal(meta.get("apiVersion"), "v2", "Chart.yaml apiVersion")
    C.check(chart.schema is not None, "values.schema.json is shipped")
    C.equal(defaults["config"]["rules"], default_config()["rules"], "values.yaml config.rules equals DefaultConfig.swift")
    C.equal(defaults["config"]["clusterUnavailable"], default_config()["clusterUnavailable"], "values.yaml config.clusterUnavailable equals DefaultConfig.swift")
    C.equal(defaults["mode"], "full", "default mode")
    C.equal(defaults["certificates"]["mode"], "builtin", "default certificates.mode")
    C.equal(defaults["replicaCount"], 2, "default replicaCount")
    C.equal(defaults["webhook"]["timeoutSeconds"], 5, "default timeoutSeconds")
    C.equal(defaults["webhook"]["mutating"]["failurePolicy"], "Ignore", "default mutating failurePolicy")
    C.equal(defaults["webhook"]["validating"]["failurePolicy"], "Fail", "default validating failurePolicy")
    C.equal((defaults["webhook"]["port"], defaults["metrics"]["port"]), (9443, 9090), "default ports")
    profile_text = (SOURCES / "NMStateSchema" / "Profile.swift").read_text(encoding="utf-8")
    profiles = set(re.findall(r'case\s+\w+\s*=\s*"([^"]+)"', profile_text))
    C.equal(set(chart.schema["properties"]["server"]["properties"]["profile"]["enum"]), profiles, "schema server.profile enum equals Profile.swift")

    # Every value is described by the schema, and the schema rejects strays.
    def uncovered(schema: dict[str, Any], value: Any, path: str) -> list[str]:
        if not isinstance(value, dict) or "properties" not in schema:
            return []
        out = []
        for key, sub in value.items():
            if key not in schema["properties"]:
                out.append(path + key)
            else:
                out += uncovered(schema["properties"][key], sub, path + key + ".")
        return out

    C.equal(uncovered(chart.schema, defaults, ""), [], "values not described by values.schema.json")
    for bad, why in [
        ({"mode": "turbo"}, "unknown mode"),
        ({"certificates": {"mode": "acme"}}, "unknown certificates.mode"),
        ({"webhook": {"timeoutSeconds": 31}}, "timeoutSeconds above 30"),
        ({"webhook": {"validating": {"failurePolicy": "fail"}}}, "failurePolicy spelling"),
        ({"config": {"rules": {"schema.*": "block"}}}, "unknown rule action"),
        ({"config": {"rules": {"schema.*.x": "deny"}}}, "wildcard inside a rule id"),
        ({"replicas": 3}, "unknown top-level key"),
        ({"image": {"tag": "1", "tga": "2"}}, "unknown nested key"),
    ]:
        try:
            chart.validate_schema(deep_merge(defaults, bad))
            C.failures.append(f"values.schema.json accepts {bad} ({why})")
        except helm.HelmValuesError:
            C.passed += 1

    # Lint with the defaults and each valid combination.
    combos = [(m, c) for m in ("full", "slim") for c in ("builtin", "certManager", "existingSecret")]
    existing = {"existingSecret": {"name": "my-webhook-tls", "caBundle": DUMMY_CA_PEM}}

    def combo_values(mode: str, cert_mode: str) -> dict[str, Any]:
        values: dict[str, Any] = {"mode": mode, "certificates": {"mode": cert_mode}}
        if cert_mode == "existingSecret":
            values["certificates"].update(copy.deepcopy(existing))
        return values

    for values in [{}] + [combo_values(m, c) for m, c in combos if not (m == "slim" and c == "builtin")]:
        report = helm.lint(str(CHART), deep_merge(BASE_VALUES, values), strict=True, namespace=NAMESPACE, kube_version=f"v{versions[-1]}.0")
        problems = [m for m in report.get("messages", []) if m.get("severity", 0) >= 2] + [{"error": e} for e in report.get("errors", [])]
        C.equal([p["error"] for p in problems], [], f"helm lint --strict {values or 'defaults'}")
        for message in report.get("messages", []):
            if message.get("severity") == 1:
                C.note(f"helm lint info: {message['path']}: {message['error']}")

    # Render every combination; slim + builtin must fail with our message.
    variants: list[tuple[str, dict[str, Any]]] = [(f"mode={m},certificates.mode={c}", combo_values(m, c)) for m, c in combos]
    variants += [
        (
            "full,builtin + statusHook, ServiceMonitor, priorityClass, matchConditions, digest, IPv6",
            {
                "webhook": {
                    "statusHook": {"enabled": True},
                    "timeoutSeconds": 10,
                    "objectSelector": {"matchExpressions": [{"key": "nncp-guard.io/skip", "operator": "DoesNotExist"}]},
                    "matchConditions": [{"name": "not-break-glass", "expression": "request.userInfo.username != 'system:admin'"}],
                },
                "metrics": {"serviceMonitor": {"enabled": True, "labels": {"release": "prometheus"}}},
                "priorityClassName": "system-cluster-critical",
                "image": {"digest": "sha256:" + "0" * 64},
                "server": {"listenAddress": "::", "eventLoopThreads": 2, "extraArgs": ["--max-connections=512"]},
                "podAntiAffinity": "required",
            },
        ),
        (
            "slim,certManager with a ClusterIssuer, 1 replica, no metrics Service",
            {
                "mode": "slim",
                "replicaCount": 1,
                "certificates": {"mode": "certManager", "certManager": {"issuerRef": {"name": "cluster-ca", "kind": "ClusterIssuer", "group": "cert-manager.io"}}},
                "metrics": {"service": {"enabled": False}},
                "config": {"rules": {"*": "warn", "policy.name": "deny"}, "clusterUnavailable": "deny"},
                "securityContext": {"runAsUser": None, "runAsGroup": None, "fsGroup": None},
            },
        ),
        (
            "full,builtin + NetworkPolicy peers, PrometheusRule, control plane, break glass, client CA Secret, SANs, extra volumes",
            {
                "networkPolicy": {
                    "webhook": {"from": [{"ipBlock": {"cidr": "10.0.0.0/24"}}, {"ipBlock": {"cidr": "fd00:10::/64"}}]},
                    "metrics": {"from": [{"namespaceSelector": {"matchLabels": {"team": "observability"}}, "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}}]},
                },
                "metrics": {"serviceMonitor": {"enabled": True}, "prometheusRule": {"enabled": True, "labels": {"release": "prometheus"}}},
                "scheduleOnControlPlane": True,
                "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "infra", "effect": "NoSchedule"}],
                "webhook": {
                    "breakGlassGroups": ["nncp-guard:break-glass", "system:masters"],
                    "matchConditions": [{"name": "not-a-robot", "expression": "request.userInfo.username != 'robot'"}],
                    "clientCA": {"secretName": "apiserver-client-ca"},
                },
                "certificates": {"builtin": {"extraDNSNames": ["nncp-guard.example.com"], "ipAddresses": ["127.0.0.1", "fd00::1"]}},
                "extraVolumes": [{"name": "extra", "configMap": {"name": "extra"}}],
                "extraVolumeMounts": [{"name": "extra", "mountPath": "/etc/extra", "readOnly": True}],
            },
        ),
        (
            "slim,certManager + client CA ConfigMap, PrometheusRule, no NetworkPolicy, a node-loaded image",
            {
                "mode": "slim",
                "certificates": {"mode": "certManager"},
                "webhook": {"clientCA": {"configMapName": "apiserver-ca", "key": "bundle.pem"}},
                "metrics": {"prometheusRule": {"enabled": True, "certificateExpiryHours": 48, "severity": "critical"}},
                "networkPolicy": {"enabled": False},
                "image": {"repository": "nncp-guard", "pullPolicy": "Never"},
            },
        ),
        (
            "full,existingSecret with a base64 caBundle, existing ServiceAccount",
            {
                "certificates": {"mode": "existingSecret", "existingSecret": {"name": "tls", "caBundle": base64.b64encode(DUMMY_CA_PEM.encode()).decode()}},
                "serviceAccount": {"create": False, "name": "preexisting"},
            },
        ),
    ]
    for label, values in variants:
        if values.get("mode") == "slim" and values["certificates"]["mode"] == "builtin":
            try:
                chart.render(deep_merge(BASE_VALUES, values), name=RELEASE, namespace=NAMESPACE, is_install=True)
                C.failures.append(f"{label}: rendered, but slim mode with builtin certificates must fail")
            except helm.HelmRenderError as error:
                C.check(SLIM_BUILTIN_MESSAGE in str(error), f"{label}: fails with the chart's message, got: {error}")
            C.renders += 1
            continue
        try:
            objects, notes = render(chart, values)
        except helm.HelmError as error:
            C.failures.append(f"{label}: render failed: {error}")
            continue
        for obj in objects:
            template = obj.pop("__template")
            validate_object(obj, f"{label} ({template})", versions)
        try:
            check_render(label, values, objects, notes, facts)
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
            # A missing object or field: report it instead of stopping the run.
            C.failures.append(f"{label}: rendered objects lack what the checks expect: {type(error).__name__}: {error}")

    # The chart's own defaults do not render: there is no image to pull.
    try:
        chart.render({}, name=RELEASE, namespace=NAMESPACE, is_install=True)
        C.failures.append("the chart rendered with its defaults, which name no image repository")
    except helm.HelmRenderError as error:
        C.check("image.repository is required" in str(error), f"defaults: refused with the image message, got {error}")
    C.renders += 1

    # Missing or contradictory values fail with a message.
    for values, expected in [
        ({"certificates": {"mode": "existingSecret", "existingSecret": {"caBundle": DUMMY_CA_PEM}}}, "certificates.existingSecret.name is required"),
        ({"certificates": {"mode": "existingSecret", "existingSecret": {"name": "x"}}}, "certificates.existingSecret.caBundle is required"),
        ({"image": {"repository": ""}}, "image.repository is required"),
        ({"image": {"repository": "nncp-guard"}}, "names no registry"),
        ({"image": {"repository": "nncp-guard", "pullPolicy": "Always"}}, "names no registry"),
        ({"webhook": {"clientCA": {"secretName": "a", "configMapName": "b"}}}, "set secretName or configMapName, not both"),
    ]:
        try:
            chart.render(deep_merge(BASE_VALUES, values), name=RELEASE, namespace=NAMESPACE)
            C.failures.append(f"{values}: rendered without a required value")
        except helm.HelmRenderError as error:
            C.check(expected in str(error), f"{values}: message {expected!r}, got {error}")

    # The README documents every value, and README, docs and NOTES.txt show
    # the same smoke-test policy.
    readme = (CHART / "README.md").read_text(encoding="utf-8")

    def leaves(value: Any, path: str = "") -> list[str]:
        if isinstance(value, dict) and value and path not in ("config.rules.", "nodeSelector.", "resources.requests.", "resources.limits.", "networkPolicy.metrics.namespaceLabel."):
            return [leaf for key, sub in value.items() for leaf in leaves(sub, f"{path}{key}.")]
        return [path[:-1]]

    C.equal([k for k in leaves(defaults) if f"| `{k}` |" not in readme], [], "values missing from the README values table")

    def smoke_policies(text: str) -> list[Any]:
        return [yaml.safe_load(block) for block in re.findall(r"<<'EOF'\n(.*?)\nEOF", text, re.S)]

    _, default_notes = render(chart, {})
    documents = {"charts/nncp-guard/README.md": readme, "NOTES.txt": default_notes, "README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    smoke = {name: smoke_policies(text) for name, text in documents.items()}
    reference = smoke["charts/nncp-guard/README.md"][0] if smoke["charts/nncp-guard/README.md"] else None
    for name, found in smoke.items():
        C.check(found and all(p == reference for p in found), f"{name}: the smoke-test NNCP matches the chart README's")
    if reference:
        C.equal(reference.get("kind"), "NodeNetworkConfigurationPolicy", "smoke-test manifest kind")
        C.check(reference["spec"]["nodeSelector"], "smoke-test NNCP selects no real node")

    # The smoke-test policy is denied by the rules (checked with the linter,
    # which runs the same rules, when CI has built it).
    binary = ROOT / ".build" / "debug" / "nncp-guard"
    newest_source = max(p.stat().st_mtime for p in swift_files(SOURCES))
    if binary.is_file() and binary.stat().st_mtime < newest_source:
        C.note("smoke-test NNCP not linted: .build/debug/nncp-guard is older than Sources/")
    elif reference and binary.is_file():
        with tempfile.TemporaryDirectory() as scratch:
            manifest = Path(scratch) / "smoke-test.yaml"
            manifest.write_text(yaml.safe_dump(reference), encoding="utf-8")
            result = subprocess.run([str(binary), "lint", str(manifest)], capture_output=True, text=True, timeout=60)
        C.check(result.returncode == 1 and "[schema.unknown-field]" in result.stdout, f"nncp-guard lint denies the smoke-test NNCP (exit {result.returncode}): {result.stdout.strip()} {result.stderr.strip()}")
    else:
        C.note("smoke-test NNCP not linted: .build/debug/nncp-guard is not built")

    # The Dockerfile puts the binaries where the chart runs them, as the user it runs as.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    C.check(re.search(r"^FROM swift:6\.[0-9.]*-(bookworm|noble)|^FROM swift:\$\{SWIFT_VERSION\}-(bookworm|noble)", dockerfile, re.M), "Dockerfile builds with a Swift 6 toolchain image")
    C.check(re.search(r"^ARG SWIFT_VERSION=6\.", dockerfile, re.M) or "FROM swift:6." in dockerfile, "Dockerfile pins Swift 6.x")
    C.check("--static-swift-stdlib" in dockerfile and "-c release" in dockerfile, "Dockerfile builds release with --static-swift-stdlib")
    C.check(re.search(r"COPY --from=build .*nncp-guard .*nncp-guard-slim /usr/local/bin/", dockerfile), "Dockerfile installs both binaries in /usr/local/bin")
    user = re.findall(r"^USER\s+(\d+)(?::(\d+))?", dockerfile, re.M)
    C.check(user and int(user[-1][0]) == defaults["securityContext"]["runAsUser"], f"Dockerfile USER {user} is the chart's runAsUser")
    C.check((ROOT / ".dockerignore").is_file(), ".dockerignore exists")

    # The package builds from exactly what the Dockerfile copies: no target
    # path outside Sources/ and Tests/, and nothing copied is ignored.
    manifest = (ROOT / "Package.swift").read_text(encoding="utf-8")
    C.equal([p for p in re.findall(r'\bpath:\s*"([^"]+)"', manifest) if not p.startswith(("Sources/", "Tests/"))], [], "Package.swift target paths outside Sources/ and Tests/")
    build_stage = dockerfile.split("\nFROM ")[1]
    copied = [w for line in re.findall(r"^COPY (?!--from)(.*)$", build_stage, re.M) for w in line.split()[:-1]]
    ignore = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]

    def ignored(path: str) -> bool:
        result = False
        for pattern in ignore:
            negate = pattern.startswith("!")
            if fnmatch.fnmatch(path, pattern.lstrip("!")) or fnmatch.fnmatch(path.split("/")[0], pattern.lstrip("!")):
                result = not negate
        return result

    C.check(copied, f"Dockerfile build stage copies sources ({copied})")
    C.equal([c for c in copied if not c.endswith("*") and (ignored(c) or not (ROOT / c).exists())], [], "Dockerfile COPY sources that .dockerignore excludes or that do not exist")

    # scripts/image.sh builds the engine-free image from the same runtime stage.
    reader = subprocess.run([sys.executable, str(ROOT / "scripts" / "dockerfile-runtime.py"), str(ROOT / "Dockerfile"), "VERSION=9.9.9", "COMMIT=abc"],
                            capture_output=True, text=True, timeout=30)
    C.equal(reader.returncode, 0, f"scripts/dockerfile-runtime.py reads the Dockerfile: {reader.stderr.strip()}")
    runtime: dict[str, list[str]] = {}
    for line in reader.stdout.splitlines():
        key, _, value = line.partition("\t")
        runtime.setdefault(key, []).append(value)
    C.equal(sorted(runtime.get("copy", [])), ["nncp-guard\t/usr/local/bin/", "nncp-guard-slim\t/usr/local/bin/"], "the image script installs both binaries in /usr/local/bin")
    C.equal(runtime.get("user"), [f"{defaults['securityContext']['runAsUser']}:{defaults['securityContext']['runAsGroup']}"], "the image script's user is the chart's")
    C.equal(runtime.get("entrypoint"), ['["/usr/local/bin/nncp-guard"]'], "the image script's entry point")
    C.check("org.opencontainers.image.version=9.9.9" in runtime.get("label", []) and "org.opencontainers.image.revision=abc" in runtime.get("label", []), "the image labels carry the version and commit")

    chart.close()
    elapsed = time.monotonic() - started
    for note in C.notes:
        print(f"note: {note}")
    for failure in C.failures:
        print(f"FAIL: {failure}")
    print(f"kubernetes schemas: {', '.join(versions)} (strict); route table: {', '.join(sorted(facts['routes']))}")
    print(f"chart: {C.renders} renders, {C.validated} objects validated, {C.passed} assertions passed ({elapsed:.1f}s)")
    print(f"chart: {C.passed} passed, {len(C.failures)} failed")
    return 1 if C.failures else 0


if __name__ == "__main__":
    sys.exit(main())
