#!/usr/bin/env bash
# Helm chart checks: lint, render every mode, validate against the Kubernetes
# schemas, and compare the chart with the server's routes, flags and API
# calls (see chart_check.py). Needs python3 and pip; installs its two PyPI
# packages when they are missing. Takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== helm chart (charts/nncp-guard)"
python=${PYTHON:-python3}
if ! "$python" -c 'import helm_python, kubernetes_validate, yaml, jsonschema' 2>/dev/null; then
  echo "installing helm-python-sdk and kubernetes-validate from PyPI"
  packages=('helm-python-sdk>=0.2.2,<0.3' 'kubernetes-validate>=1.37' pyyaml jsonschema)
  # A Debian-managed python3 refuses plain pip installs (PEP 668).
  "$python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" ||
    "$python" -m pip install --quiet --disable-pip-version-check --break-system-packages "${packages[@]}"
fi
exec "$python" .ci/chart_check.py
