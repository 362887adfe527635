{{/*
The Deployment of one service, `mozdef run <service>`. Each templates/<service>/deployment.yaml calls it
with (dict "root" $ "component" "<service>"); what differs between services comes from their values
and from mozdef.traits.
*/}}
{{- define "mozdef.deployment" -}}
{{- $root := .root }}
{{- $name := .component }}
{{- $values := get $root.Values $name }}
{{- $traits := fromYaml (include "mozdef.traitsOf" .) }}
{{- include "mozdef.checkPartitions" . }}
{{- $portName := include "mozdef.probePortName" . }}
{{- $port := include "mozdef.probePort" . | int }}
{{- $actions := and (eq $name "alerter") (or $values.actions.existingSecret $values.actions.secretEnv) }}
{{- $rules := and (has $name (list "alerter" "api")) $root.Values.rules.existingConfigMap }}
{{- $spread := $values.topologySpreadConstraints | default $root.Values.topologySpreadConstraints }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mozdef.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "mozdef.labels" . | nindent 4 }}
spec:
  {{- if not $values.autoscaling.enabled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "mozdef.componentSelectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "mozdef.componentSelectorLabels" . | nindent 8 }}
        app.kubernetes.io/part-of: mozdef
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Settings are read once at start: a changed ConfigMap or Secret rolls the pods.
        checksum/config: {{ include "mozdef.configData" $root | sha256sum }}
        {{- if $root.Values.secret.existingSecret }}
        checksum/secret: {{ $root.Values.secret.existingSecret | sha256sum }}
        {{- else }}
        checksum/secret: {{ include "mozdef.secretData" $root | sha256sum }}
        {{- end }}
        {{- if $actions }}
        checksum/actions: {{ printf "%s%s" $values.actions.existingSecret (toJson $values.actions.secretEnv) | sha256sum }}
        {{- end }}
        {{- with merge (deepCopy $values.podAnnotations) $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "mozdef.serviceAccountName" $root }}
      automountServiceAccountToken: false
      # Service links would put <SERVICE>_PORT=tcp://… variables in the environment, and a release
      # named "mozdef" has Services whose links read like MozDef settings (MOZDEF_INGEST_PORT).
      enableServiceLinks: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ $name }}
          image: {{ include "mozdef.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: ["run", {{ $name | quote }}]
          ports:
            - name: {{ $portName }}
              containerPort: {{ $port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "mozdef.fullname" $root }}
            {{- if $actions }}
            - secretRef:
                name: {{ $values.actions.existingSecret | default (include "mozdef.componentName" (dict "root" $root "component" "alerter-actions")) }}
            {{- end }}
          env:
            {{- if $traits.http }}
            - name: {{ $traits.portSetting }}
              value: {{ $port | quote }}
            {{- else }}
            - name: MOZDEF_METRICS_PORT
              value: {{ $port | quote }}
            {{- end }}
            {{- with include "mozdef.secretEnv" (dict "root" $root "secret" (include "mozdef.secretName" $root) "opensearch" $traits.opensearch "mongodb" $traits.mongodb "oidc" (eq $name "api")) | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with include "mozdef.kafkaEnv" (dict "root" $root "secret" (include "mozdef.secretName" $root)) | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            {{- toYaml (merge (dict "httpGet" (dict "path" "/healthz" "port" $portName)) $values.probes.startup) | nindent 12 }}
          livenessProbe:
            {{- toYaml (merge (dict "httpGet" (dict "path" "/healthz" "port" $portName)) $values.probes.liveness) | nindent 12 }}
          readinessProbe:
            {{- toYaml (merge (dict "httpGet" (dict "path" "/readyz" "port" $portName)) $values.probes.readiness) | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          {{- with $values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            {{- include "mozdef.commonVolumeMounts" $root | nindent 12 }}
            {{- with include "mozdef.kafkaVolumeMounts" $root | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- if $rules }}
            - name: rules
              mountPath: /etc/mozdef/rules
              readOnly: true
            {{- end }}
            {{- with $values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        {{- include "mozdef.commonVolumes" $root | nindent 8 }}
        {{- with include "mozdef.kafkaVolumes" $root | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- if $rules }}
        - name: rules
          configMap:
            name: {{ $root.Values.rules.existingConfigMap }}
        {{- end }}
        {{- with $values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $spread }}
      {{- $constraints := list }}
      {{- range . }}
      {{- $constraint := deepCopy . }}
      {{- if not (hasKey $constraint "labelSelector") }}
      {{- $_ := set $constraint "labelSelector" (dict "matchLabels" (fromYaml (include "mozdef.componentSelectorLabels" $))) }}
      {{- end }}
      {{- $constraints = append $constraints $constraint }}
      {{- end }}
      topologySpreadConstraints:
        {{- toYaml $constraints | nindent 8 }}
      {{- end }}
{{- end }}
