{{/*
Names. Kubernetes names are at most 63 characters for labels and Services;
the suffixed names below stay within that by trimming the base first.
*/}}
{{- define "nncp-guard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nncp-guard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A name with a suffix, the base trimmed so the result fits 63 characters. */}}
{{- define "nncp-guard.suffixed" -}}
{{- $base := include "nncp-guard.fullname" .root }}
{{- printf "%s-%s" ($base | trunc (int (sub 62 (len .suffix))) | trimSuffix "-") .suffix }}
{{- end }}

{{- define "nncp-guard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The webhook Service; also the lease name and the RBAC object names. */}}
{{- define "nncp-guard.serviceName" -}}
{{- include "nncp-guard.fullname" . }}
{{- end }}

{{- define "nncp-guard.metricsServiceName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "metrics") }}
{{- end }}

{{- define "nncp-guard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nncp-guard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "nncp-guard.configMapName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "config") }}
{{- end }}

{{/* Secret holding the CA (builtin mode and the chart-made cert-manager CA). */}}
{{- define "nncp-guard.caSecretName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "ca") }}
{{- end }}

{{/* Secret holding the serving certificate and key that the pod mounts. */}}
{{- define "nncp-guard.tlsSecretName" -}}
{{- if eq .Values.certificates.mode "existingSecret" }}
{{- required "certificates.existingSecret.name is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.name }}
{{- else }}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "tls") }}
{{- end }}
{{- end }}

{{- define "nncp-guard.leaseName" -}}
{{- include "nncp-guard.fullname" . }}
{{- end }}

{{/*
Webhook configurations are cluster-scoped. Helm refuses to install a second
release whose cluster-scoped objects belong to another release, so a name
clash between namespaces fails loudly instead of overwriting.
*/}}
{{- define "nncp-guard.mutatingWebhookName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "mutating") }}
{{- end }}

{{- define "nncp-guard.validatingWebhookName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "validating") }}
{{- end }}

{{/* cert-manager object names. */}}
{{- define "nncp-guard.selfSignedIssuerName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "selfsigned") }}
{{- end }}

{{- define "nncp-guard.caIssuerName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "ca") }}
{{- end }}

{{- define "nncp-guard.servingCertificateName" -}}
{{- include "nncp-guard.suffixed" (dict "root" . "suffix" "serving") }}
{{- end }}

{{/* Labels. */}}
{{- define "nncp-guard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nncp-guard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "nncp-guard.labels" -}}
helm.sh/chart: {{ include "nncp-guard.chart" . }}
{{ include "nncp-guard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: nncp-guard
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "nncp-guard.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* True ("true") when the process runs its own certificate manager. */}}
{{- define "nncp-guard.builtinCerts" -}}
{{- if eq .Values.certificates.mode "builtin" }}true{{ end }}
{{- end }}

{{/*
caBundle for both webhook configurations in existingSecret mode: PEM text is
base64-encoded here, anything else is taken as base64 already.
*/}}
{{- define "nncp-guard.caBundle" -}}
{{- $ca := required "certificates.existingSecret.caBundle is required when certificates.mode is existingSecret (the PEM CA that signed the Secret's certificate)" .Values.certificates.existingSecret.caBundle }}
{{- if contains "-----BEGIN" $ca }}
{{- $ca | b64enc }}
{{- else }}
{{- $ca | nospace }}
{{- end }}
{{- end }}

{{/*
Combinations values.schema.json cannot express with a readable message.
Included by the Deployment, so every install and template runs it.
*/}}
{{- define "nncp-guard.validate" -}}
{{- if not .Values.image.repository }}
{{- fail "image.repository is required: no nncp-guard image is published. Build one (README: docker build, or scripts/release.sh without a Docker engine), push it to a registry your nodes can pull from, and set image.repository (e.g. registry.example.com/platform/nncp-guard)." }}
{{- end }}
{{- if and (not (contains "/" .Values.image.repository)) (ne .Values.image.pullPolicy "Never") }}
{{- fail (printf "image.repository %q names no registry, so nodes would pull it from Docker Hub's library, where no nncp-guard image exists. Use registry/path/nncp-guard, or set image.pullPolicy=Never for an image loaded into the nodes (kind load, podman load)." .Values.image.repository) }}
{{- end }}
{{- if and .Values.webhook.clientCA.secretName .Values.webhook.clientCA.configMapName }}
{{- fail "webhook.clientCA: set secretName or configMapName, not both" }}
{{- end }}
{{- if and (eq .Values.mode "slim") (eq .Values.certificates.mode "builtin") }}
{{- fail "certificates.mode=builtin cannot be used with mode=slim: the built-in certificate manager writes Secrets and patches the webhook configurations through the Kubernetes API, and slim mode has no API access and no RBAC. Set certificates.mode to certManager or existingSecret, or use mode=full." }}
{{- end }}
{{- if and (eq .Values.certificates.mode "existingSecret") (not .Values.certificates.existingSecret.name) }}
{{- fail "certificates.existingSecret.name is required when certificates.mode is existingSecret" }}
{{- end }}
{{- if and (eq .Values.certificates.mode "existingSecret") (not .Values.certificates.existingSecret.caBundle) }}
{{- fail "certificates.existingSecret.caBundle is required when certificates.mode is existingSecret (the PEM CA that signed the Secret's certificate)" }}
{{- end }}
{{- if and (not .Values.serviceAccount.create) (not .Values.serviceAccount.name) }}
{{- fail "serviceAccount.name is required when serviceAccount.create is false" }}
{{- end }}
{{- end }}

{{/*
The parts every webhook entry shares. Arguments: root (the top context) and
path (the server route; the CI check compares these with the Swift route
table).
*/}}
{{- define "nncp-guard.webhookClient" -}}
{{- $root := .root -}}
clientConfig:
  service:
    name: {{ include "nncp-guard.serviceName" $root }}
    namespace: {{ $root.Release.Namespace }}
    path: {{ .path }}
    port: 443
  {{- if eq $root.Values.certificates.mode "existingSecret" }}
  caBundle: {{ include "nncp-guard.caBundle" $root }}
  {{- end }}
admissionReviewVersions: ["v1"]
sideEffects: None
timeoutSeconds: {{ $root.Values.webhook.timeoutSeconds }}
matchPolicy: Equivalent
{{- with $root.Values.webhook.objectSelector }}
objectSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $conditions := $root.Values.webhook.matchConditions }}
{{- with $root.Values.webhook.breakGlassGroups }}
{{- $groups := list }}
{{- range . }}{{ $groups = append $groups (printf "'%s'" .) }}{{ end }}
{{- $conditions = append $conditions (dict "name" "not-break-glass" "expression" (printf "!request.userInfo.groups.exists(g, g in [%s])" (join ", " $groups))) }}
{{- end }}
{{- with $conditions }}
matchConditions:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The client CA volume's source, or nothing when mTLS is off. */}}
{{- define "nncp-guard.clientCASource" -}}
{{- with .Values.webhook.clientCA }}
{{- if .secretName }}
secret:
  secretName: {{ .secretName }}
{{- else if .configMapName }}
configMap:
  name: {{ .configMapName }}
{{- end }}
{{- end }}
{{- end }}

{{/* Rules for NNCP CREATE and UPDATE; argument: the resource (with subresource). */}}
{{- define "nncp-guard.webhookRules" -}}
rules:
  - apiGroups: ["nmstate.io"]
    apiVersions: ["v1", "v1beta1"]
    resources: [{{ . | quote }}]
    operations: ["CREATE", "UPDATE"]
    scope: Cluster
{{- end }}

{{/* Annotations of both webhook configurations. */}}
{{- define "nncp-guard.webhookAnnotations" -}}
{{- if eq .Values.certificates.mode "certManager" -}}
annotations:
  # cert-manager's cainjector copies the serving certificate's CA into
  # caBundle of every webhook below.
  cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "nncp-guard.servingCertificateName" .) }}
{{- end }}
{{- end }}
