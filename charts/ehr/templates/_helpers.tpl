{{- define "ehr.labels" -}}
app.kubernetes.io/part-of: ehr
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* The Secret every pod reads DATABASE_URL and GATEWAY_SHARED_SECRET from. */}}
{{- define "ehr.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) -}}
{{- end -}}

{{/* Non-root, read-only, no capabilities, the runtime's seccomp profile. */}}
{{- define "ehr.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ehr.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The settings every process reads (platform/src/config/config.ts). Called with
(dict "root" $ "name" <service> "port" <port> "env" <extra env map>).
*/}}
{{- define "ehr.env" -}}
{{- $v := .root.Values -}}
- { name: SERVICE_NAME, value: {{ .name | quote }} }
- { name: PORT, value: {{ .port | quote }} }
- { name: HOST, value: "0.0.0.0" }
- { name: NODE_ENV, value: "production" }
- { name: EVENT_STORE, value: {{ $v.eventStore | quote }} }
{{- if eq $v.eventStore "eventstoredb" }}
- { name: EVENTSTOREDB_URL, value: {{ required "eventStoreDbUrl is required when eventStore is eventstoredb" $v.eventStoreDbUrl | quote }} }
{{- end }}
- { name: KAFKA_BROKERS, value: {{ $v.kafkaBrokers | quote }} }
- { name: KAFKA_TOPIC_NAMESPACE, value: {{ $v.kafkaTopicNamespace | quote }} }
{{- if $v.otelEndpoint }}
- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: {{ $v.otelEndpoint | quote }} }
{{- end }}
- { name: FACILITY_TIME_ZONE, value: {{ $v.facilityTimeZone | quote }} }
- { name: LOG_LEVEL, value: {{ $v.logLevel | quote }} }
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ include "ehr.secretName" .root }}, key: {{ printf "%s-database-url" .name }} }
- name: GATEWAY_SHARED_SECRET
  valueFrom:
    secretKeyRef: { name: {{ include "ehr.secretName" .root }}, key: gateway-shared-secret }
{{- range $key, $value := .env }}
- { name: {{ $key }}, value: {{ $value | toString | quote }} }
{{- end }}
{{- end -}}

{{/* The gateway's subgraph list: every enabled service, by its cluster Service. */}}
{{- define "ehr.subgraphs" -}}
{{- $pairs := list -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}
{{- $pairs = append $pairs (printf "%s=http://%s-%s:%v/graphql" $name $.Release.Name $name $svc.port) -}}
{{- end -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
