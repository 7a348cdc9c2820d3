{{/* Labels of every object of one service. Takes (list $root $name). */}}
{{- define "relay.labels" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{ include "relay.selectorLabels" . }}
app.kubernetes.io/part-of: relay
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end }}

{{/* The labels a Deployment, Service, PDB, autoscaler or NetworkPolicy selects a service's pods by. */}}
{{- define "relay.selectorLabels" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}

{{/* Labels of objects that belong to the release rather than to one service. */}}
{{- define "relay.releaseLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: relay
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* A service's values (services.<name>), failing clearly when the map lacks it. Takes (list $root $name). */}}
{{- define "relay.values" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- toYaml (required (printf "services.%s is missing from the values" $name) (index $root.Values.services $name)) -}}
{{- end }}

{{/*
The image of a service, always registry-qualified: an image name without a registry host is pulled from Docker Hub,
from a namespace this project does not own. The registry has no default: rendering stops until it is set.
Takes (list $root $name).
*/}}
{{- define "relay.image" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $svc := include "relay.values" . | fromYaml -}}
{{- $image := $svc.image | default dict -}}
{{- $registry := $image.registry | default $root.Values.global.image.registry | trimSuffix "/" -}}
{{- if not $registry -}}
{{- fail "global.image.registry is required: the registry (and path) your Relay images were pushed to, e.g. --set global.image.registry=ghcr.io/acme or 123456789012.dkr.ecr.eu-west-1.amazonaws.com/relay (deploy/helm/relay/README.md)" -}}
{{- end -}}
{{- $host := first (splitList "/" $registry) -}}
{{- if not (or (contains "." $host) (contains ":" $host) (eq $host "localhost")) -}}
{{- fail (printf "image registry %q for %s does not start with a registry host (a name with a dot or a port, or localhost): a kubelet would pull it from Docker Hub" $registry $name) -}}
{{- end -}}
{{- $repository := $image.repository | default $name -}}
{{- $tag := $image.tag | default $root.Values.global.image.tag | default $root.Chart.AppVersion -}}
{{- if $image.digest -}}
{{- printf "%s/%s@%s" $registry $repository $image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry $repository $tag -}}
{{- end -}}
{{- end }}

{{/* The port name probes and scrapes use: management, or http when managementPort is set to the HTTP port. */}}
{{- define "relay.managementPortName" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $t := index (include "relay.topology" $root | fromYaml) $name -}}
{{- $svc := include "relay.values" . | fromYaml -}}
{{- if eq (int ($svc.managementPort | default (add $t.httpPort 10000))) (int $t.httpPort) -}}http{{- else -}}management{{- end -}}
{{- end }}

{{/* The management port number; never the gRPC port. Takes (list $root $name). */}}
{{- define "relay.managementPort" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $t := index (include "relay.topology" $root | fromYaml) $name -}}
{{- $svc := include "relay.values" . | fromYaml -}}
{{- $port := int ($svc.managementPort | default (add $t.httpPort 10000)) -}}
{{- if eq $port (int $t.grpcPort) -}}
{{- fail (printf "services.%s.managementPort %d is the service's gRPC port" $name $port) -}}
{{- end -}}
{{- $port -}}
{{- end }}

{{/*
The Secrets a service's pods see at /secrets, as projected volume sources. Each credential's Secret is projected
whole when its key is empty (its keys are Relay's own names, so more keys can be added later: a previous encryption
key during a rotation, say), or just the one key, under Relay's name, when a key is given. Takes (list $root $name).
*/}}
{{- define "relay.secretSources" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $t := index (include "relay.topology" $root | fromYaml) $name -}}
{{- $v := $root.Values -}}
{{- $sources := list -}}
{{- if $t.database -}}
{{- $sources = append $sources (dict "secret" (required "postgresql.existingSecret is required: the Secret with the PostgreSQL password" $v.postgresql.existingSecret) "key" $v.postgresql.passwordKey "path" "SPRING_DATASOURCE_PASSWORD") -}}
{{- end -}}
{{- if eq $name "auth-service" -}}
{{- $sources = append $sources (dict "secret" (required "auth.keysEncryption.existingSecret is required: the Secret with the signing keys' encryption key" $v.auth.keysEncryption.existingSecret) "key" $v.auth.keysEncryption.key "path" "RELAY_AUTH_KEYS_ENCRYPTIONKEY") -}}
{{- end -}}
{{- if has $name (list "message-gateway" "private-message-server" "group-message-server") -}}
{{- $sources = append $sources (dict "secret" (required "messageGateway.clusterSecret.existingSecret is required: the Secret with the cluster secret" $v.messageGateway.clusterSecret.existingSecret) "key" $v.messageGateway.clusterSecret.key "path" "RELAY_MESSAGEGATEWAY_CLUSTER_SECRET") -}}
{{- end -}}
{{- if and (eq $name "private-message-server") (eq $v.media.store "s3") $v.media.s3.existingSecret -}}
{{- if and $v.media.s3.accessKeyKey $v.media.s3.secretKeyKey -}}
{{- $sources = append $sources (dict "secret" $v.media.s3.existingSecret "key" $v.media.s3.accessKeyKey "path" "RELAY_MEDIA_S3_ACCESSKEY") -}}
{{- $sources = append $sources (dict "secret" $v.media.s3.existingSecret "key" $v.media.s3.secretKeyKey "path" "RELAY_MEDIA_S3_SECRETKEY") -}}
{{- else -}}
{{- $sources = append $sources (dict "secret" $v.media.s3.existingSecret "key" "" "path" "") -}}
{{- end -}}
{{- end -}}
{{- if $v.redis.existingSecret -}}
{{- $sources = append $sources (dict "secret" $v.redis.existingSecret "key" $v.redis.urlKey "path" "SPRING_DATA_REDIS_URL") -}}
{{- end -}}
{{- if and $t.kafka $v.kafka.existingSecret -}}
{{- $sources = append $sources (dict "secret" $v.kafka.existingSecret "key" $v.kafka.jaasConfigKey "path" "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG") -}}
{{- end -}}
{{- $projected := list -}}
{{- $whole := dict -}}
{{- range $sources -}}
{{- if .key -}}
{{- $projected = append $projected (dict "secret" (dict "name" .secret "items" (list (dict "key" .key "path" .path)))) -}}
{{- else if not (hasKey $whole .secret) -}}
{{- $_ := set $whole .secret true -}}
{{- $projected = append $projected (dict "secret" (dict "name" .secret)) -}}
{{- end -}}
{{- end -}}
{{- if $projected -}}
{{- toYaml $projected -}}
{{- end -}}
{{- end }}

{{/* common.yaml of the relay-common ConfigMap: what every service shares, then config.common on top. */}}
{{- define "relay.commonConfig" -}}
{{- $v := .Values -}}
{{- $kafka := dict "bootstrap-servers" $v.kafka.bootstrapServers -}}
{{- $kafkaProperties := dict -}}
{{- with $v.kafka.securityProtocol }}{{ $_ := set $kafkaProperties "security.protocol" . }}{{ end -}}
{{- with $v.kafka.saslMechanism }}{{ $_ := set $kafkaProperties "sasl.mechanism" . }}{{ end -}}
{{- with $v.kafka.properties }}{{ $kafkaProperties = merge (deepCopy .) $kafkaProperties }}{{ end -}}
{{- if $kafkaProperties }}{{ $_ := set $kafka "properties" $kafkaProperties }}{{ end -}}
{{- $config := dict
  "spring" (dict
    "data" (dict "redis" (dict "url" $v.redis.url))
    "kafka" $kafka
    "datasource" (dict "username" $v.postgresql.username)
    "grpc" (dict "server" (dict "keep-alive" (dict "max-age" $v.grpc.keepAliveMaxAge "max-age-grace" $v.grpc.keepAliveMaxAgeGrace))))
  "relay" (dict
    "auth" (dict "jwks-uri" "http://auth-service:8081/api/auth/jwks")
    "kafka" (dict "topic-partitions" (int $v.kafka.topicPartitions) "topic-replication-factor" (int $v.kafka.topicReplicationFactor)))
  "logging" (dict "level" (dict "im.relay" $v.logLevel)) -}}
{{- toYaml (mergeOverwrite $config (deepCopy ($v.config.common | default dict))) -}}
{{- end }}

{{/* service.yaml of <service>-config: its database, its channels, its own settings, then services.<name>.config. */}}
{{- define "relay.serviceConfig" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $v := $root.Values -}}
{{- $topology := include "relay.topology" $root | fromYaml -}}
{{- $t := index $topology $name -}}
{{- $svc := include "relay.values" . | fromYaml -}}
{{- $spring := dict -}}
{{- if $t.database -}}
{{- $url := printf "jdbc:postgresql://%s:%d/%s" $v.postgresql.host (int $v.postgresql.port) $t.database -}}
{{- with $v.postgresql.parameters }}{{ $url = printf "%s?%s" $url . }}{{ end -}}
{{- $_ := set $spring "datasource" (dict "url" $url) -}}
{{- end -}}
{{- if $t.channels -}}
{{- $channels := dict -}}
{{- range $t.channels -}}
{{- $_ := set $channels . (dict "address" (printf "dns:///%s:%d" . (int (index $topology .).grpcPort))) -}}
{{- end -}}
{{- $_ := set $spring "grpc" (dict "client" (dict "channels" $channels)) -}}
{{- end -}}
{{- $config := dict -}}
{{- if $spring }}{{ $_ := set $config "spring" $spring }}{{ end -}}
{{- if eq $name "gateway-service" -}}
{{- $_ := set $spring "cloud" (dict "discovery" (dict "reactive" (dict "enabled" false) "client" (dict "simple" (dict "order" 100)))) -}}
{{- $_ := set $config "spring" $spring -}}
{{- $dns := dict -}}
{{- range $routed, $rt := $topology -}}
{{- if $rt.routed }}{{ $_ := set $dns $routed (printf "http://%s:%d" $routed (int $rt.httpPort)) }}{{ end -}}
{{- end -}}
{{- $_ := set $config "relay" (dict "gateway" (dict "trusted-proxies" (int $v.gateway.trustedProxies) "dns" $dns)) -}}
{{- end -}}
{{- if eq $name "private-message-server" -}}
{{- $_ := set $config "relay" (dict "media" (include "relay.mediaConfig" $root | fromYaml)) -}}
{{- end -}}
{{- toYaml (mergeOverwrite $config (deepCopy ($svc.config | default dict))) -}}
{{- end }}

{{/*
relay.media of private-message-server's service.yaml. Refuses a filesystem store that the pods would not share: a
volume that is not ReadWriteMany (or an emptyDir) under more than one pod, where an upload would be stored on one
pod and missing on the others.
*/}}
{{- define "relay.mediaConfig" -}}
{{- $m := .Values.media -}}
{{- if eq $m.store "s3" -}}
{{- $s3 := dict "bucket" (required "media.s3.bucket is required with media.store s3" $m.s3.bucket) "region" $m.s3.region "endpoint" $m.s3.endpoint "path-style" $m.s3.pathStyle "key-prefix" $m.s3.keyPrefix -}}
{{- toYaml (dict "store" "s3" "s3" $s3) -}}
{{- else if eq $m.store "filesystem" -}}
{{- $svc := include "relay.values" (list . "private-message-server") | fromYaml -}}
{{- $pods := ternary $svc.autoscaling.maxReplicas $svc.replicas (eq $svc.autoscaling.enabled true) | int -}}
{{- $shared := and $m.persistence.enabled (eq $m.persistence.accessMode "ReadWriteMany") -}}
{{- if and (gt $pods 1) (not $shared) -}}
{{- fail "media.store filesystem with more than one private-message-server pod needs media.persistence.enabled with accessMode ReadWriteMany (each pod would see only its own uploads): use such a storage class, media.store s3, or one pod (services.private-message-server.replicas 1, autoscaling off)" -}}
{{- end -}}
{{- toYaml (dict "store" "filesystem" "directory" "/var/lib/relay/media") -}}
{{- else -}}
{{- fail (printf "media.store is filesystem or s3, not %q" $m.store) -}}
{{- end -}}
{{- end }}
