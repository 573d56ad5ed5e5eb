{{- /*
  The names the real chart gives its objects, by the same named templates, which parent charts
  may call (the real chart documents this in its templates/_helpers-names.tpl). With the
  default `fullnameOverride: ""` the names carry no prefix: `hub`, `proxy-public`.
  Called from the parent chart, the context is the parent's: read `.Values.jupyterhub`.
*/}}
{{- define "jupyterhub.fullname" -}}
{{- $values := .Values -}}
{{- if and (ne .Chart.Name "jupyterhub") .Values.jupyterhub -}}
{{- $values = .Values.jupyterhub -}}
{{- end -}}
{{- if kindIs "string" $values.fullnameOverride -}}
{{- $values.fullnameOverride -}}
{{- else -}}
{{- $name := $values.nameOverride | default "jupyterhub" -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "jupyterhub.fullname.dash" -}}
{{- with include "jupyterhub.fullname" . -}}{{ . }}-{{- end -}}
{{- end -}}

{{- define "jupyterhub.hub.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}hub
{{- end -}}

{{- define "jupyterhub.hub-existing-secret-or-default.fullname" -}}
{{- $values := .Values -}}
{{- if and (ne .Chart.Name "jupyterhub") .Values.jupyterhub -}}
{{- $values = .Values.jupyterhub -}}
{{- end -}}
{{- $values.hub.existingSecret | default (include "jupyterhub.hub.fullname" .) -}}
{{- end -}}

{{- define "jupyterhub.proxy-public.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}proxy-public
{{- end -}}

{{- define "jupyterhub.stub.labels" -}}
app: jupyterhub
release: {{ .Release.Name | quote }}
component: {{ .component }}
{{- end -}}
