{{- /*
  Styx's objects have fixed names (styx-catalog, styx-processing, styx-postgresql…), as the
  zero-to-jupyterhub chart's have (hub, proxy-public): the Hub's service URLs in values.yaml
  name them, so one Styx release per namespace.
*/}}

{{- define "styx.labels" -}}
app.kubernetes.io/name: styx
app.kubernetes.io/instance: {{ .root.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: styx
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "styx.selectorLabels" -}}
app.kubernetes.io/name: styx
app.kubernetes.io/instance: {{ .root.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- /* The zero-to-jupyterhub pods' labels (its jupyterhub.matchLabels), for NetworkPolicy peers. */}}
{{- define "styx.hubPodLabels" -}}
app: {{ .root.Values.jupyterhub.nameOverride | default "jupyterhub" | quote }}
release: {{ .root.Release.Name | quote }}
component: {{ .component }}
{{- end -}}

{{- define "styx.servicesImage" -}}
{{- $image := .Values.image.services -}}
{{- printf "%s:%s" $image.repository ($image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- /* The restricted Pod Security Standard, for every Styx container. */}}
{{- define "styx.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "styx.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup | default .runAsUser }}
fsGroup: {{ .fsGroup | default .runAsUser }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- /* The Hub's API as the Styx pods reach it, and its base URL. */}}
{{- define "styx.hubBaseUrl" -}}
{{- $base := .Values.jupyterhub.hub.baseUrl | default "/" -}}
{{- if not (hasSuffix "/" $base) }}{{ $base = printf "%s/" $base }}{{ end -}}
{{- $base -}}
{{- end -}}

{{- /*
  The variables JupyterHub gives a service it manages (JupyterHub docs, "Services"). The Hub
  does not start these services here, so the chart sets them: the token from the Hub's Secret
  (zero-to-jupyterhub writes hub.services.<name>.apiToken into it), the prefix the proxy routes
  to the service, the address to listen on. Arguments: root, name, port, and styxHub (true for
  health and environments, which the chart declares to the Hub itself: their tokens are in the
  Secret styx-hub, since zero-to-jupyterhub's Secret holds only those of hub.services).
*/}}
{{- define "styx.hubServiceEnv" -}}
{{- $root := .root -}}
{{- $prefix := printf "%sservices/%s/" (include "styx.hubBaseUrl" $root) .name -}}
- name: JUPYTERHUB_SERVICE_NAME
  value: {{ .name | quote }}
- name: JUPYTERHUB_API_URL
  value: {{ printf "http://%s:8081%shub/api/" (include "jupyterhub.hub.fullname" $root) (include "styx.hubBaseUrl" $root) | quote }}
- name: JUPYTERHUB_API_TOKEN
  valueFrom:
    secretKeyRef:
      {{- if .styxHub }}
      {{- /* Declared to the Hub by the chart's own Hub configuration (hub/styx-hub-secret.yaml). */}}
      name: styx-hub
      key: {{ printf "%s.apiToken" .name }}
      {{- else }}
      name: {{ include "jupyterhub.hub-existing-secret-or-default.fullname" $root }}
      key: {{ printf "hub.services.%s.apiToken" .name }}
      {{- end }}
- name: JUPYTERHUB_SERVICE_PREFIX
  value: {{ $prefix | quote }}
- name: JUPYTERHUB_SERVICE_URL
  value: {{ printf "http://0.0.0.0:%v" .port | quote }}
- name: JUPYTERHUB_BASE_URL
  value: {{ include "styx.hubBaseUrl" $root | quote }}
- name: JUPYTERHUB_PUBLIC_URL
  value: {{ printf "%s%s" (trimSuffix "/" $root.Values.publicUrl) $prefix | quote }}
- name: JUPYTERHUB_CLIENT_ID
  value: {{ printf "service-%s" .name | quote }}
- name: JUPYTERHUB_OAUTH_CALLBACK_URL
  value: {{ printf "%soauth_callback" $prefix | quote }}
{{- end -}}

{{- /* The path the service answers at (its landing page), for the probes. */}}
{{- define "styx.servicePrefix" -}}
{{- printf "%sservices/%s/" (include "styx.hubBaseUrl" .root) .name -}}
{{- end -}}

{{- /*
  The kubelet's probes: /livez (the process answers) for liveness and start-up, /readyz (what
  the service depends on answers) for readiness, both under the service's prefix
  (hub-services/service-health). Arguments: root, name.
*/}}
{{- define "styx.probes" -}}
{{- $prefix := include "styx.servicePrefix" . -}}
{{- $live := printf "%slivez" $prefix -}}
{{- $ready := printf "%sreadyz" $prefix -}}
startupProbe:
  httpGet: { path: {{ $live | quote }}, port: http }
  periodSeconds: 5
  failureThreshold: 120
readinessProbe:
  httpGet: { path: {{ $ready | quote }}, port: http }
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
livenessProbe:
  httpGet: { path: {{ $live | quote }}, port: http }
  periodSeconds: 20
  timeoutSeconds: 5
  failureThreshold: 6
{{- end -}}

{{- /*
  OpenTelemetry's own variables (the SDK reads them: opentelemetry.io/docs/specs/otel/
  configuration/sdk-environment-variables), on every Styx pod. tracing.otlpEndpoint empty: the
  SDK is disabled (OTEL_SDK_DISABLED), so nothing tries the default localhost:4318. Arguments:
  root, name (the component: OTEL_SERVICE_NAME is the prefix and it).
*/}}
{{- define "styx.tracingEnv" -}}
{{- $t := .root.Values.tracing -}}
{{- if $t.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $t.otlpEndpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $t.protocol | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "%s%s" $t.serviceNamePrefix .name | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=%s,k8s.namespace.name=%s" .root.Release.Namespace .root.Release.Namespace | quote }}
- name: OTEL_TRACES_SAMPLER
  value: parentbased_traceidratio
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $t.sampleRatio | toString | quote }}
{{- if $t.traceUrl }}
- name: STYX_TRACE_URL
  value: {{ $t.traceUrl | quote }}
{{- end }}
{{- else }}
- name: OTEL_SDK_DISABLED
  value: "true"
{{- end }}
{{- end -}}

{{- /* The catalog's database URL: a Secret of the operator's, or the chart's styx-postgresql. */}}
{{- define "styx.databaseSecretName" -}}
{{- .Values.postgresql.existingSecret.name | default "styx-postgresql" -}}
{{- end -}}
{{- define "styx.databaseSecretKey" -}}
{{- if .Values.postgresql.existingSecret.name }}{{ .Values.postgresql.existingSecret.key | default "url" }}{{ else }}url{{ end -}}
{{- end -}}
{{- define "styx.bundledPostgresql" -}}
{{- if not (or .Values.postgresql.externalUrl .Values.postgresql.existingSecret.name) }}true{{ end -}}
{{- end -}}

{{- define "styx.s3SecretName" -}}
{{- .Values.s3.existingSecret | default "styx-s3" -}}
{{- end -}}

{{- define "styx.workClaim" -}}
{{- .Values.processing.work.existingClaim | default "styx-processing-work" -}}
{{- end -}}

{{- define "styx.kubernetesBackend" -}}
{{- if eq .Values.processing.backend "kubernetes" }}true{{ end -}}
{{- end -}}

{{- /*
  What the schema cannot say, because it spans two parts of the values. The services must stay
  declared to the Hub: each pod's token is the Hub Secret's hub.services.<name>.apiToken. (A
  service cannot be taken out of the Hub's services by `null`: zero-to-jupyterhub's templates
  then meet a null service; so processing and the kernels gateway are always deployed.)
*/}}
{{- define "styx.validate" -}}
{{- $services := .Values.jupyterhub.hub.services | default dict -}}
{{- range $name, $port := dict "catalog" 8081 "processing" 8084 "kernels" 8085 -}}
{{- $service := index $services $name -}}
{{- if not $service -}}
{{- fail (printf "jupyterhub.hub.services.%s is missing: Styx's %s runs as the Hub's service %q (its token is hub.services.%s.apiToken in the Secret hub)" $name $name $name $name) -}}
{{- end -}}
{{- if ne (printf "%v" $service.url) (printf "http://styx-%s:%v" $name $port) -}}
{{- fail (printf "jupyterhub.hub.services.%s.url must be http://styx-%s:%v (the chart's Service), not %v" $name $name $port $service.url) -}}
{{- end -}}
{{- end -}}
{{- range $name := list "health" "environments" -}}
{{- if hasKey $services $name -}}
{{- fail (printf "jupyterhub.hub.services.%s: the chart declares %s to the Hub itself when %s.enabled (files/styx_hub.py); remove it from jupyterhub.hub.services" $name $name $name) -}}
{{- end -}}
{{- end -}}
{{- $ids := list -}}
{{- range .Values.catalog.federation.providers -}}
{{- if has .id $ids -}}
{{- fail (printf "catalog.federation.providers: the id %q is given twice" .id) -}}
{{- end -}}
{{- $ids = append $ids .id -}}
{{- end -}}
{{- if and .Values.postgresql.externalUrl .Values.postgresql.existingSecret.name -}}
{{- fail "postgresql: give externalUrl or existingSecret.name, not both" -}}
{{- end -}}
{{- if and .Values.s3.enabled (not .Values.s3.existingSecret) (not (and .Values.s3.accessKeyId .Values.s3.secretAccessKey)) -}}
{{- fail "s3.enabled needs s3.existingSecret (keys accessKeyId and secretAccessKey) or both s3.accessKeyId and s3.secretAccessKey" -}}
{{- end -}}
{{- if eq .Values.processing.backend "slurm" -}}
{{- $slurm := .Values.processing.slurm -}}
{{- if not (and $slurm.url $slurm.user $slurm.tokenSecret.name) -}}
{{- fail "processing.backend=slurm needs processing.slurm.url, processing.slurm.user and processing.slurm.tokenSecret.name" -}}
{{- end -}}
{{- if and (ne $slurm.runtime "podman") (not $slurm.imageDir) -}}
{{- fail (printf "processing.slurm.runtime=%s needs processing.slurm.imageDir" $slurm.runtime) -}}
{{- end -}}
{{- end -}}
{{- end -}}
