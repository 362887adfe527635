{{/*
Names and labels, the prometheus-community way. Resource names are `<fullname>-<component>`; selector
labels are name + instance + component and never carry the chart or app version (a selector cannot
change after creation, so a version in it would break every upgrade).
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "mozdef.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* `<release>-<chart>` (the release alone when it already contains the chart name), or fullnameOverride. */}}
{{- define "mozdef.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one component's resources; call with (dict "root" $ "component" "ingest"). */}}
{{- define "mozdef.componentName" -}}
{{- printf "%s-%s" (include "mozdef.fullname" .root | trunc 52 | trimSuffix "-") .component }}
{{- end }}

{{/* `<chart>-<version>`, for the helm.sh/chart label. */}}
{{- define "mozdef.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of the whole release. */}}
{{- define "mozdef.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mozdef.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "ingest"). */}}
{{- define "mozdef.componentSelectorLabels" -}}
{{ include "mozdef.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Every label of one component's resources; call with (dict "root" $ "component" "ingest"). */}}
{{- define "mozdef.labels" -}}
helm.sh/chart: {{ include "mozdef.chart" .root }}
{{ include "mozdef.componentSelectorLabels" . }}
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: mozdef
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The image reference: repository, then @digest or :tag (appVersion by default). */}}
{{- define "mozdef.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The ServiceAccount the service pods run as. */}}
{{- define "mozdef.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mozdef.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the backends' credentials: the chart's own or existingSecret. */}}
{{- define "mozdef.secretName" -}}
{{- .Values.secret.existingSecret | default (include "mozdef.fullname" .) }}
{{- end }}

{{/*
What each service needs, in one place: whether it listens on HTTP (and which setting names its
port), which backends besides Kafka it talks to, the consumer group that bounds its replicas, and
whether it reaches HTTPS services outside (OpenID Connect, response actions).
*/}}
{{- define "mozdef.traits" -}}
ingest:
  http: true
  portSetting: MOZDEF_INGEST_PORT
  opensearch: false
  mongodb: true
  externalHttps: false
  group: ""
enrich:
  http: false
  opensearch: false
  mongodb: true
  externalHttps: false
  group: mozdef-enrich on mozdef.raw
indexer:
  http: false
  opensearch: true
  mongodb: false
  externalHttps: false
  group: mozdef-indexer on mozdef.normalized
alerter:
  http: false
  opensearch: true
  mongodb: true
  externalHttps: true
  group: alerter on mozdef.indexed
api:
  http: true
  portSetting: MOZDEF_API_PORT
  opensearch: true
  mongodb: true
  externalHttps: true
  group: ""
{{- end }}

{{/* The traits of one service as a dict; call with (dict "root" $ "component" "ingest"). */}}
{{- define "mozdef.traitsOf" -}}
{{- get (fromYaml (include "mozdef.traits" .root)) .component | toYaml }}
{{- end }}

{{/* The port a service's probes and metrics answer on: its HTTP port, or its metrics port. */}}
{{- define "mozdef.probePort" -}}
{{- $values := get .root.Values .component }}
{{- if hasKey $values "port" }}{{ $values.port }}{{ else }}{{ $values.metricsPort }}{{ end }}
{{- end }}

{{/* The name of that port on the container and the Service: http or metrics. */}}
{{- define "mozdef.probePortName" -}}
{{- $values := get .root.Values .component }}
{{- if hasKey $values "port" }}http{{ else }}metrics{{ end }}
{{- end }}

{{/*
The non-secret settings every pod shares (the ConfigMap's data, and the setup Job's environment,
which runs before the ConfigMap exists). Secrets never pass through here.
*/}}
{{- define "mozdef.configData" -}}
{{- $v := .Values -}}
MOZDEF_ENVIRONMENT: {{ $v.config.environment | quote }}
MOZDEF_LOG_LEVEL: {{ $v.config.logLevel | quote }}
MOZDEF_BIND: "0.0.0.0"
MOZDEF_DATA_DIR: "/var/lib/mozdef"
MOZDEF_BUS_URL: {{ $v.kafka.url | quote }}
MOZDEF_KAFKA_CLIENT_ID: {{ $v.kafka.clientId | quote }}
MOZDEF_KAFKA_IDEMPOTENCE: {{ $v.kafka.idempotence | toString | quote }}
MOZDEF_KAFKA_SESSION_TIMEOUT_MS: {{ $v.kafka.sessionTimeoutMs | int | toString | quote }}
MOZDEF_EVENTS_URL: {{ $v.opensearch.url | quote }}
{{- with $v.opensearch.username }}
MOZDEF_OPENSEARCH_USERNAME: {{ . | quote }}
{{- end }}
MOZDEF_OPENSEARCH_VERIFY_TLS: {{ $v.opensearch.verifyTls | toString | quote }}
{{- if $v.opensearch.caSecret.name }}
MOZDEF_OPENSEARCH_CA_BUNDLE: {{ printf "/etc/mozdef/tls/opensearch/%s" $v.opensearch.caSecret.key | quote }}
{{- end }}
{{- with $v.opensearch.indexPrefix }}
MOZDEF_OPENSEARCH_INDEX_PREFIX: {{ . | quote }}
{{- end }}
MOZDEF_OPENSEARCH_SHARDS: {{ $v.opensearch.shards | int | toString | quote }}
MOZDEF_OPENSEARCH_REPLICAS: {{ $v.opensearch.replicas | int | toString | quote }}
MOZDEF_OPENSEARCH_TIMEOUT: {{ $v.opensearch.timeout | toString | quote }}
MOZDEF_STATE_URL: {{ $v.mongodb.url | quote }}
{{- with $v.config.publicUrl }}
MOZDEF_PUBLIC_URL: {{ . | quote }}
{{- end }}
{{- with $v.config.corsOrigins }}
MOZDEF_CORS_ORIGINS: {{ toJson . | quote }}
{{- end }}
{{- if $v.rules.existingConfigMap }}
MOZDEF_RULES_DIR: "/etc/mozdef/rules"
{{- end }}
{{- if $v.oidc.enabled }}
MOZDEF_OIDC_ISSUER: {{ $v.oidc.issuer | quote }}
MOZDEF_OIDC_CLIENT_ID: {{ $v.oidc.clientId | quote }}
{{- with $v.oidc.redirectUrl }}
MOZDEF_OIDC_REDIRECT_URL: {{ . | quote }}
{{- end }}
MOZDEF_OIDC_SCOPES: {{ $v.oidc.scopes | quote }}
MOZDEF_OIDC_GROUPS_CLAIM: {{ $v.oidc.groupsClaim | quote }}
MOZDEF_OIDC_ROLE_MAP: {{ toJson $v.oidc.roleMap | quote }}
MOZDEF_OIDC_DEFAULT_ROLE: {{ $v.oidc.defaultRole | quote }}
MOZDEF_OIDC_REQUIRE_GROUP: {{ $v.oidc.requireGroup | toString | quote }}
{{- end }}
{{- range $name, $value := $v.config.extra }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* The chart's Secret data (key: plain value), empty keys left out. */}}
{{- define "mozdef.secretData" -}}
{{- with .Values.secret.opensearchPassword }}
opensearch-password: {{ . | quote }}
{{- end }}
{{- with .Values.secret.mongodbUrl }}
mongodb-url: {{ . | quote }}
{{- end }}
{{- with .Values.secret.oidcClientSecret }}
oidc-client-secret: {{ . | quote }}
{{- end }}
{{- with .Values.secret.kafkaPassword }}
kafka-password: {{ . | quote }}
{{- end }}
{{- end }}

{{/*
Environment variables from the credentials Secret, for the backends a pod talks to. Every reference
is optional, so an existingSecret holds only the keys its deployment needs; MOZDEF_STATE_URL from the
Secret overrides the ConfigMap's (env wins over envFrom).
Call with (dict "root" $ "secret" <name> "opensearch" bool "mongodb" bool "oidc" bool).
*/}}
{{- define "mozdef.secretEnv" -}}
{{- if .opensearch }}
- name: MOZDEF_OPENSEARCH_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: opensearch-password
      optional: true
{{- end }}
{{- if .mongodb }}
- name: MOZDEF_STATE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: mongodb-url
      optional: true
{{- end }}
{{- if .oidc }}
- name: MOZDEF_OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: oidc-client-secret
      optional: true
{{- end }}
{{- end }}

{{/* Volumes every MozDef pod has: scratch /tmp, the data dir, and the backends' CA bundles. */}}
{{- define "mozdef.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.dataSizeLimit }}
{{- with .Values.opensearch.caSecret.name }}
- name: opensearch-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.opensearch.caSecret.key }}
        path: {{ $.Values.opensearch.caSecret.key }}
{{- end }}
{{- with .Values.mongodb.caSecret.name }}
- name: mongodb-ca
  secret:
    secretName: {{ . }}
    items:
      - key: {{ $.Values.mongodb.caSecret.key }}
        path: {{ $.Values.mongodb.caSecret.key }}
{{- end }}
{{- end }}

{{/* The mounts of those volumes. */}}
{{- define "mozdef.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/mozdef
{{- if .Values.opensearch.caSecret.name }}
- name: opensearch-ca
  mountPath: /etc/mozdef/tls/opensearch
  readOnly: true
{{- end }}
{{- if .Values.mongodb.caSecret.name }}
- name: mongodb-ca
  mountPath: /etc/mozdef/tls/mongodb
  readOnly: true
{{- end }}
{{- end }}

{{/* MOZDEF_KAFKA_SECURITY_PROTOCOL from kafka.tls.enabled and kafka.sasl.enabled. */}}
{{- define "mozdef.kafkaProtocol" -}}
{{- $k := .Values.kafka }}
{{- if $k.sasl.enabled }}{{ ternary "SASL_SSL" "SASL_PLAINTEXT" $k.tls.enabled }}
{{- else }}{{ ternary "SSL" "PLAINTEXT" $k.tls.enabled }}{{ end }}
{{- end }}

{{/*
Kafka TLS and SASL of the pods that talk to Kafka (the services and the setup Job), as environment
variables rather than in the shared ConfigMap: the test Pod reads that ConfigMap too, never talks to
Kafka, and so keeps the plaintext default and needs no Kafka credential. The password comes from the
credentials Secret and is required: a pod without it does not start, saying which key is missing.
Call with (dict "root" $ "secret" <name>).
*/}}
{{- define "mozdef.kafkaEnv" -}}
{{- $k := .root.Values.kafka }}
{{- if or $k.tls.enabled $k.sasl.enabled }}
- name: MOZDEF_KAFKA_SECURITY_PROTOCOL
  value: {{ include "mozdef.kafkaProtocol" .root | quote }}
{{- end }}
{{- if $k.tls.enabled }}
- name: MOZDEF_KAFKA_CHECK_HOSTNAME
  value: {{ $k.tls.checkHostname | toString | quote }}
{{- with include "mozdef.kafkaCaFile" .root }}
- name: MOZDEF_KAFKA_CA_FILE
  value: {{ . | quote }}
{{- end }}
{{- with $k.tls.clientCertSecret }}
{{- if .name }}
- name: MOZDEF_KAFKA_CERT_FILE
  value: {{ printf "/etc/mozdef/tls/kafka-client/%s" .certKey | quote }}
- name: MOZDEF_KAFKA_KEY_FILE
  value: {{ printf "/etc/mozdef/tls/kafka-client/%s" .keyKey | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if $k.sasl.enabled }}
- name: MOZDEF_KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: MOZDEF_KAFKA_USERNAME
  value: {{ $k.sasl.username | quote }}
- name: MOZDEF_KAFKA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: kafka-password
{{- end }}
{{- end }}

{{/* Where the Kafka CA bundle is mounted, file included; empty when the system CAs are used. */}}
{{- define "mozdef.kafkaCaFile" -}}
{{- with .Values.kafka.tls }}
{{- if .caSecret.name }}{{ printf "/etc/mozdef/tls/kafka-ca/%s" .caSecret.key }}
{{- else if .caConfigMap.name }}{{ printf "/etc/mozdef/tls/kafka-ca/%s" .caConfigMap.key }}{{ end }}
{{- end }}
{{- end }}

{{/* The volumes of the Kafka CA bundle and client certificate (with kafka.tls.enabled). */}}
{{- define "mozdef.kafkaVolumes" -}}
{{- with .Values.kafka.tls }}
{{- if .enabled }}
{{- if .caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .caSecret.name }}
    items:
      - key: {{ .caSecret.key }}
        path: {{ .caSecret.key }}
{{- else if .caConfigMap.name }}
- name: kafka-ca
  configMap:
    name: {{ .caConfigMap.name }}
    items:
      - key: {{ .caConfigMap.key }}
        path: {{ .caConfigMap.key }}
{{- end }}
{{- if .clientCertSecret.name }}
- name: kafka-client-cert
  secret:
    secretName: {{ .clientCertSecret.name }}
    # 0440: the private key is read by the owner and the pod's fsGroup (the image's user) only.
    defaultMode: 288
    items:
      - key: {{ .clientCertSecret.certKey }}
        path: {{ .clientCertSecret.certKey }}
      - key: {{ .clientCertSecret.keyKey }}
        path: {{ .clientCertSecret.keyKey }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The mounts of those volumes. */}}
{{- define "mozdef.kafkaVolumeMounts" -}}
{{- with .Values.kafka.tls }}
{{- if .enabled }}
{{- if or .caSecret.name .caConfigMap.name }}
- name: kafka-ca
  mountPath: /etc/mozdef/tls/kafka-ca
  readOnly: true
{{- end }}
{{- if .clientCertSecret.name }}
- name: kafka-client-cert
  mountPath: /etc/mozdef/tls/kafka-client
  readOnly: true
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The most replicas a service may run: maxReplicas under autoscaling, replicas otherwise. Consumers
beyond the partition count of their topic would sit idle, so rendering stops there.
*/}}
{{- define "mozdef.checkPartitions" -}}
{{- $values := get .root.Values .component }}
{{- $traits := fromYaml (include "mozdef.traitsOf" .) }}
{{- $most := ternary $values.autoscaling.maxReplicas $values.replicas $values.autoscaling.enabled | int }}
{{- $partitions := .root.Values.kafka.partitions | int }}
{{- if and $traits.group (gt $most $partitions) }}
{{- fail (printf "%s may run %d replicas but kafka.partitions is %d: a consumer group (%s) uses at most one replica per partition; raise kafka.partitions or lower the replicas" .component $most $partitions $traits.group) }}
{{- end }}
{{- end }}
