{{/* The ServiceMonitor of one service (Prometheus Operator). Call with (dict "root" $ "component" …). */}}
{{- define "mozdef.serviceMonitor" -}}
{{- $monitor := .root.Values.serviceMonitor }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
    {{- with $monitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "mozdef.componentSelectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ .root.Release.Namespace }}
  endpoints:
    - port: {{ include "mozdef.probePortName" . }}
      path: /metrics
      {{- with $monitor.interval }}
      interval: {{ . }}
      {{- end }}
      {{- with $monitor.scrapeTimeout }}
      scrapeTimeout: {{ . }}
      {{- end }}
{{- end }}
