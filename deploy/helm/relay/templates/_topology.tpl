{{/*
The eight services as their own built-in defaults describe them (<module>/src/main/resources/<service>.yaml): ports,
database, the gRPC channels each one opens, whether it uses Kafka, and whether the API gateway routes REST to it.
These are facts of the code, not settings: the deploy module's HelmChartTest checks them against the services'
files. The NetworkPolicies admit each gRPC port from exactly the services whose channels name it.
*/}}
{{- define "relay.topology" -}}
auth-service:
  httpPort: 8081
  grpcPort: 9081
  database: relay_auth
  kafka: true
  routed: true
  internalHttp: true
  channels: [user-service]
user-service:
  httpPort: 8082
  grpcPort: 9082
  database: relay_user
  kafka: true
  routed: true
  internalHttp: true
  channels: [auth-service]
friend-service:
  httpPort: 8083
  grpcPort: 9083
  database: relay_friend
  kafka: true
  routed: true
  internalHttp: true
  channels: [user-service, message-gateway]
group-service:
  httpPort: 8084
  grpcPort: 9084
  database: relay_group
  kafka: true
  routed: true
  internalHttp: true
  channels: [user-service, friend-service]
private-message-server:
  httpPort: 8085
  grpcPort: 9085
  database: relay_private_message
  kafka: true
  routed: true  # uploads (/api/media)
  internalHttp: true
  channels: [friend-service, user-service, group-service]
group-message-server:
  httpPort: 8086
  grpcPort: 9086
  database: relay_group_message
  kafka: true
  routed: false
  internalHttp: true
  channels: [group-service, private-message-server]
message-gateway:
  httpPort: 8090
  grpcPort: 9090
  database: ""
  kafka: true
  routed: true
  internalHttp: false
  channels: [private-message-server, group-message-server, friend-service, group-service]
gateway-service:
  httpPort: 8080
  grpcPort: 0
  database: ""
  kafka: false
  routed: false
  internalHttp: false
  channels: []
{{- end }}

{{/*
Who calls a service's gRPC port: every service whose channels name it (friend-service asks message-gateway for
presence); message-gateway's nodes also call each other (Deliver, CloseSessions). Takes (list $root $name); returns a YAML list.
*/}}
{{- define "relay.grpcCallers" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $callers := list -}}
{{- range $caller, $t := (include "relay.topology" $root | fromYaml) -}}
{{- if has $name $t.channels -}}
{{- $callers = append $callers $caller -}}
{{- end -}}
{{- end -}}
{{- if eq $name "message-gateway" -}}
{{- $callers = append $callers "message-gateway" -}}
{{- end -}}
{{- toYaml $callers -}}
{{- end }}
