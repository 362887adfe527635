{{/* The HorizontalPodAutoscaler of one service. Call with (dict "root" $ "component" …). */}}
{{- define "mozdef.hpa" -}}
{{- $values := get .root.Values .component }}
{{- $autoscaling := $values.autoscaling }}
{{- /* Utilization is a share of the requests: without them the autoscaler has nothing to go by. */}}
{{- if not (dig "requests" "cpu" "" $values.resources) }}
{{- fail (printf "%s.autoscaling needs %s.resources.requests.cpu (utilization is measured against it)" .component .component) }}
{{- end }}
{{- if and $autoscaling.targetMemoryUtilizationPercentage (not (dig "requests" "memory" "" $values.resources)) }}
{{- fail (printf "%s.autoscaling.targetMemoryUtilizationPercentage needs %s.resources.requests.memory" .component .component) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "mozdef.componentName" . }}
  minReplicas: {{ $autoscaling.minReplicas }}
  maxReplicas: {{ $autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $autoscaling.targetCPUUtilizationPercentage }}
    {{- with $autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
