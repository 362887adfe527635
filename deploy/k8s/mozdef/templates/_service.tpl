{{/*
The Service of one service: its HTTP port (ingest, api, which serve /metrics there too) or its metrics
port (enrich, indexer, alerter, whose only listener it is). Call with (dict "root" $ "component" …).
*/}}
{{- define "mozdef.service" -}}
{{- $values := get .root.Values .component }}
{{- $portName := include "mozdef.probePortName" . }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
  {{- with $values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $values.service.type }}
  ports:
    - name: {{ $portName }}
      port: {{ $values.service.port }}
      targetPort: {{ $portName }}
      protocol: TCP
  selector:
    {{- include "mozdef.componentSelectorLabels" . | nindent 4 }}
{{- end }}
