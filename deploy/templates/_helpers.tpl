{{/* The image reference of every clusterlog container. */}}
{{- define "clusterlog.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Labels of a component: (dict "component" "agent"). */}}
{{- define "clusterlog.labels" -}}
app.kubernetes.io/name: clusterlog
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
The resources of the first container of a Kustomize footprint patch, unless the values set them:
(dict "root" $ "file" "base/agent/footprint.yaml" "values" .Values.agent.resources).
*/}}
{{- define "clusterlog.resources" -}}
{{- if .values -}}
{{ toYaml .values }}
{{- else -}}
{{- $patch := .root.Files.Get .file | fromYaml -}}
{{- if not $patch.spec -}}
{{- fail (printf "%s: not a footprint patch (no spec.template.spec.containers)" .file) -}}
{{- end -}}
{{ toYaml (index $patch.spec.template.spec.containers 0).resources }}
{{- end -}}
{{- end -}}
