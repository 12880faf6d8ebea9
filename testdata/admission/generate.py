#!/usr/bin/env python3
"""Writes the AdmissionReview fixtures in this directory (compact JSON, as
kube-apiserver sends them). Run from this directory; the output is checked
in, so this script only matters when a fixture needs to change."""
import copy
import json
import os

SPEC = {
    "nodeSelector": {"node-role.kubernetes.io/worker": ""},
    "maxUnavailable": "50%",
    "desiredState": {
        "interfaces": [
            {"name": "eth1", "type": "ethernet", "state": "up", "ipv4": {"enabled": False}, "ipv6": {"enabled": False}},
            {"name": "eth2", "type": "ethernet", "state": "up", "ipv4": {"enabled": False}, "ipv6": {"enabled": False}},
            {"name": "bond0", "type": "bond", "state": "up", "mtu": 9000,
             "ipv4": {"enabled": False}, "ipv6": {"enabled": False},
             "link-aggregation": {"mode": "802.3ad",
                                  "options": {"miimon": "100", "lacp_rate": "fast", "xmit_hash_policy": "layer3+4"},
                                  "port": ["eth1", "eth2"]}},
            {"name": "bond0.102", "type": "vlan", "state": "up", "mtu": 1500,
             "vlan": {"base-iface": "bond0", "id": 102},
             "ipv4": {"enabled": True, "dhcp": False, "address": [{"ip": "192.0.2.10", "prefix-length": 24}]},
             "ipv6": {"enabled": False}},
            {"name": "bond0.103", "type": "vlan", "state": "up",
             "vlan": {"base-iface": "bond0", "id": 103},
             "ipv4": {"enabled": True, "dhcp": True, "auto-dns": False},
             "ipv6": {"enabled": False}},
        ],
        "routes": {"config": [
            {"destination": "198.51.100.0/24", "next-hop-address": "192.0.2.1",
             "next-hop-interface": "bond0.102", "metric": 150, "table-id": 254},
            {"destination": "203.0.113.0/24", "next-hop-address": "192.0.2.1",
             "next-hop-interface": "bond0.102", "metric": 150},
        ]},
        "dns-resolver": {"config": {"search": ["example.com"], "server": ["192.0.2.53", "192.0.2.54"]}},
    },
}

NNCP_KIND = {"group": "nmstate.io", "version": "v1", "kind": "NodeNetworkConfigurationPolicy"}
NNCP_RESOURCE = {"group": "nmstate.io", "version": "v1", "resource": "nodenetworkconfigurationpolicies"}
TIME = "2025-06-02T09:15:41Z"


def condition(type_, status, reason, message=None):
    c = {"lastHeartbeatTime": TIME, "lastTransitionTime": TIME, "reason": reason, "status": status, "type": type_}
    if message:
        c["message"] = message
    return c


def policy(spec, version="v1", status="success", name="bond0-vlan102"):
    o = {
        "apiVersion": "nmstate.io/" + version,
        "kind": "NodeNetworkConfigurationPolicy",
        "metadata": {
            "annotations": {"nmstate.io/webhook-mutating-timestamp": "1748855647123456789"},
            "creationTimestamp": "2025-06-02T09:14:07Z",
            "generation": 3,
            "name": name,
            "resourceVersion": "884213",
            "uid": "3c1f6a52-9d4e-4b8e-a0f1-7e2d5b6c8a90",
            "managedFields": [
                {"apiVersion": "nmstate.io/" + version, "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:spec": {"f:desiredState": {}, "f:maxUnavailable": {},
                                         "f:nodeSelector": {"f:node-role.kubernetes.io/worker": {}}}},
                 "manager": "kubectl", "operation": "Apply", "time": "2025-06-02T09:14:07Z"},
                {"apiVersion": "nmstate.io/v1", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:status": {".": {}, "f:conditions": {}, "f:lastUnavailableNodeCountUpdate": {}}},
                 "manager": "manager", "operation": "Update", "subresource": "status", "time": TIME},
            ],
        },
        "spec": spec,
    }
    if status == "success":
        o["status"] = {"conditions": [
            condition("Available", "True", "SuccessfullyConfigured", "3/3 nodes successfully configured"),
            condition("Degraded", "False", "SuccessfullyConfigured"),
            condition("Progressing", "False", "SuccessfullyConfigured"),
            condition("Ignored", "False", "SuccessfullyConfigured"),
        ], "lastUnavailableNodeCountUpdate": TIME}
    elif status == "progressing":
        o["status"] = {"conditions": [
            condition("Available", "Unknown", "ConfigurationProgressing"),
            condition("Progressing", "True", "ConfigurationProgressing", "Policy is progressing 1/3 nodes finished"),
        ]}
    return o


def fresh(spec, version="v1", name="bond0-vlan102"):
    """An object as CREATE sends it: no annotations, no status."""
    return {"apiVersion": "nmstate.io/" + version, "kind": "NodeNetworkConfigurationPolicy",
            "metadata": {"name": name, "generation": 1, "creationTimestamp": "2025-06-02T09:14:07Z",
                         "uid": "3c1f6a52-9d4e-4b8e-a0f1-7e2d5b6c8a90"},
            "spec": spec}


def review(uid, op, new, old, version="v1", kind=NNCP_KIND, resource=NNCP_RESOURCE,
           name="bond0-vlan102", namespace="", dry_run=False, sub=None):
    r = {"uid": uid, "kind": kind, "resource": resource}
    if sub:
        r["subResource"] = sub
    r.update({
        "requestKind": kind, "requestResource": resource,
        "name": name, "namespace": namespace, "operation": op,
        "userInfo": {"username": "kubernetes-admin", "uid": "0d5e1c9a-7b3f-4e2a-9c8d-1f6b4a2e7c3d",
                     "groups": ["system:masters", "system:authenticated"]},
        "object": new, "oldObject": old, "dryRun": dry_run,
        "options": {"apiVersion": "meta.k8s.io/v1",
                    "kind": {"CREATE": "CreateOptions", "UPDATE": "UpdateOptions"}.get(op, "DeleteOptions"),
                    "fieldManager": "kubectl"},
    })
    return {"apiVersion": "admission.k8s.io/" + version, "kind": "AdmissionReview", "request": r}


def write(name, value):
    with open(name, "w") as f:
        f.write(json.dumps(value, separators=(",", ":")))


# UPDATE of a bond + VLAN policy whose last rollout succeeded: VLAN 103 becomes 104.
# The benchmark replays this one.
new_spec = copy.deepcopy(SPEC)
new_spec["desiredState"]["interfaces"][4]["name"] = "bond0.104"
new_spec["desiredState"]["interfaces"][4]["vlan"]["id"] = 104
old = policy(SPEC)
new = policy(new_spec)
write("update-bond-vlan.json", review("6f1d2a4b-8c3e-4f5a-9b7c-1d2e3f4a5b6c", "UPDATE", new, old))

# The same UPDATE while the previous rollout is still in progress.
write("update-in-progress.json",
      review("a7c3e9f1-2b4d-4e6f-8a0c-3e5f7a9b1c2d", "UPDATE", new, policy(SPEC, status="progressing")))

# A status write (the handler reporting progress): spec rules do not apply.
status_new = policy(SPEC, status="progressing")
write("update-status.json",
      review("b8d4f0a2-3c5e-4f7a-9b1d-4f6a8c0e2d3f", "UPDATE", status_new, old, sub="status"))

# CREATE, as kubectl create sends it.
write("create-bond-vlan.json", review("0b5e8d2c-4a6f-4c1e-9d3b-7f8a2e6c4b1d", "CREATE", fresh(SPEC), None))

# CREATE through admission.k8s.io/v1beta1 of an nmstate.io/v1beta1 object, dry run.
write("create-v1beta1.json",
      review("c4d6e8f0-1a3b-4c5d-8e7f-9a0b1c2d3e4f", "CREATE", fresh(SPEC, version="v1beta1"), None,
             version="v1beta1",
             kind=dict(NNCP_KIND, version="v1beta1"),
             resource=dict(NNCP_RESOURCE, version="v1beta1"),
             dry_run=True))

# CREATE of an invalid policy: a name that is no label value, a bad node
# selector key and value, a VLAN id that is not a number, a misspelt bond field.
bad = copy.deepcopy(SPEC)
bad["nodeSelector"] = {"bad key": "foo+bar"}
bad["desiredState"]["interfaces"][3]["vlan"]["id"] = "one-hundred-two"
bad["desiredState"]["interfaces"][2]["link-aggregation"]["modee"] = "802.3ad"
bad_name = "bond0-vlan102+invalid"
write("create-invalid.json",
      review("e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7", "CREATE", fresh(bad, name=bad_name), None, name=bad_name))

# A ConfigMap: not an NNCP, admitted untouched.
cm = {"apiVersion": "v1", "kind": "ConfigMap",
      "metadata": {"name": "nncp-guard-config", "namespace": "nmstate"},
      "data": {"config.yaml": "rules: {}\n"}}
write("create-configmap.json",
      review("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "CREATE", cm, None,
             kind={"group": "", "version": "v1", "kind": "ConfigMap"},
             resource={"group": "", "version": "v1", "resource": "configmaps"},
             name="nncp-guard-config", namespace="nmstate"))

# DELETE of an NNCP: object null, oldObject set.
write("delete-bond-vlan.json", review("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "DELETE", None, old))

if __name__ == "__main__":
    for f in sorted(os.listdir(".")):
        if f.endswith(".json"):
            print(f, os.path.getsize(f))
