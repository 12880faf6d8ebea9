{{- define "network.labels" -}}
app.kubernetes.io/name: network
{{- end }}
