{{/*
NetworkPolicies: each MozDef pod (services, setup Job, test Pod) is selected by exactly one policy
that names every flow it needs, so anything else is refused both ways. Pods reach backends by the
addresses their Services resolve to; policies see pod and node addresses, never ClusterIPs.
*/}}

{{/* Egress to a backend (kafka, opensearch, mongodb, externalHttps values): CIDRs/peers on TCP ports. */}}
{{- define "mozdef.egressTo" -}}
- ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- if or .cidrs .peers }}
  to:
    {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- with .peers }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end }}

{{/* Egress to the cluster DNS. */}}
{{- define "mozdef.egressDns" -}}
- to:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.dns.podSelector | nindent 8 }}
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- end }}

{{/* The policy of one service. Call with (dict "root" $ "component" …). */}}
{{- define "mozdef.networkPolicy" -}}
{{- $root := .root }}
{{- $np := $root.Values.networkPolicy }}
{{- $traits := fromYaml (include "mozdef.traitsOf" .) }}
{{- $port := include "mozdef.probePort" . | int }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "mozdef.componentSelectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- if $traits.http }}
    # Clients: the ingress controller, the helm test Pod, and whatever extraFrom adds.
    - from:
        - namespaceSelector:
            {{- toYaml $np.ingressController.namespaceSelector | nindent 12 }}
          podSelector:
            {{- toYaml $np.ingressController.podSelector | nindent 12 }}
        - podSelector:
            matchLabels:
              {{- include "mozdef.componentSelectorLabels" (dict "root" $root "component" "test") | nindent 14 }}
        {{- with (get $np .component).extraFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - protocol: TCP
          port: {{ $port }}
    {{- end }}
    # Prometheus scrapes /metrics.
    - from:
        - namespaceSelector:
            {{- toYaml $np.prometheus.namespaceSelector | nindent 12 }}
          podSelector:
            {{- toYaml $np.prometheus.podSelector | nindent 12 }}
      ports:
        - protocol: TCP
          port: {{ $port }}
  egress:
    {{- include "mozdef.egressDns" $root | nindent 4 }}
    {{- include "mozdef.egressTo" $np.kafka | nindent 4 }}
    {{- if $traits.opensearch }}
    {{- include "mozdef.egressTo" $np.opensearch | nindent 4 }}
    {{- end }}
    {{- if $traits.mongodb }}
    {{- include "mozdef.egressTo" $np.mongodb | nindent 4 }}
    {{- end }}
    {{- if $traits.externalHttps }}
    {{- include "mozdef.egressTo" (dict "cidrs" $np.externalHttps.cidrs "ports" $np.externalHttps.ports) | nindent 4 }}
    {{- end }}
    {{- if eq .component "alerter" }}
    {{- with $np.alerter.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- end }}
{{- end }}
