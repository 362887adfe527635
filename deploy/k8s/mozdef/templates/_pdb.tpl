{{/* The PodDisruptionBudget of one service. Call with (dict "root" $ "component" …). */}}
{{- define "mozdef.pdb" -}}
{{- $budget := (get .root.Values .component).podDisruptionBudget }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
spec:
  {{- if $budget.minAvailable }}
  minAvailable: {{ $budget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $budget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "mozdef.componentSelectorLabels" . | nindent 6 }}
{{- end }}
