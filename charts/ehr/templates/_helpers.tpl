{{- define "ehr.labels" -}}
app.kubernetes.io/part-of: ehr
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
