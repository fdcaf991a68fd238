{{/*
One process of the system: Deployment, Service and PodDisruptionBudget. Called with
(dict "root" $ "name" <name> "svc" <its values> "component" subgraph|gateway "extraEnv" <env list>).
*/}}
{{- define "ehr.workload" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $fullName := printf "%s-%s" $root.Release.Name .name -}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "ehr.labels" $root | nindent 4 }}
    app.kubernetes.io/name: {{ $fullName }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (and (eq .component "gateway") .svc.autoscaling.enabled) }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ $fullName }}
  template:
    metadata:
      labels:
        {{- include "ehr.labels" $root | nindent 8 }}
        app.kubernetes.io/name: {{ $fullName }}
        app.kubernetes.io/component: {{ .component }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- include "ehr.podSecurityContext" $root | nindent 8 }}
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: "{{ $v.image.repository }}:{{ $v.image.tag }}"
          imagePullPolicy: {{ $v.image.pullPolicy }}
          command: ["node", "--import", "@ehr/platform/telemetry/register", {{ .svc.main | quote }}]
          ports:
            - name: http
              containerPort: {{ .svc.port }}
          env:
            {{- include "ehr.env" (dict "root" $root "name" .name "port" .svc.port "env" .svc.env) | nindent 12 }}
            {{- with .extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          securityContext:
            {{- include "ehr.containerSecurityContext" $root | nindent 12 }}
          # Migrations run at start too (idempotent, under an advisory lock): give them time.
          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 5
            failureThreshold: 36
          readinessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 5
            failureThreshold: 3
          livenessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 6
          resources:
            {{- toYaml (.svc.resources | default $v.resources) | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "ehr.labels" $root | nindent 4 }}
    app.kubernetes.io/name: {{ $fullName }}
spec:
  selector:
    app.kubernetes.io/name: {{ $fullName }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
{{- if $v.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "ehr.labels" $root | nindent 4 }}
spec:
  maxUnavailable: {{ $v.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ $fullName }}
{{- end }}
{{- end -}}
