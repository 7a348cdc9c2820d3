package im.relay.deploy;

import java.util.Set;

/**
 * The Prometheus series the services really export, as /actuator/prometheus names them. A dashboard query that
 * names anything else shows nothing, silently; keep this list in step with the code that registers the meters.
 */
final class ExportedMetrics {

    static final Set<String> NAMES = Set.of(
            // message-gateway, cluster/LocalSessions.java: Gauge relay.ws.connections
            "relay_ws_connections",
            // message-gateway, observability/GatewayMetrics.java: Counters relay.ws.frames.in{type},
            // relay.ws.frames.out,
            // relay.messages.delivered, relay.deliveries.forwarded, relay.deliveries.forward.failures,
            // relay.deliveries.dropped{reason} (from the first drop on)
            "relay_ws_frames_in_total",
            "relay_ws_frames_out_total",
            "relay_messages_delivered_total",
            "relay_deliveries_forwarded_total",
            "relay_deliveries_forward_failures_total",
            "relay_deliveries_dropped_total",
            // message-gateway, GatewayMetrics.java: Timers relay.ws.send.ack and relay.messages.deliver.latency with
            // publishPercentileHistogram(), hence the _bucket series
            "relay_ws_send_ack_seconds_bucket",
            "relay_ws_send_ack_seconds_count",
            "relay_ws_send_ack_seconds_sum",
            "relay_ws_send_ack_seconds_max",
            "relay_messages_deliver_latency_seconds_bucket",
            "relay_messages_deliver_latency_seconds_count",
            "relay_messages_deliver_latency_seconds_sum",
            "relay_messages_deliver_latency_seconds_max",
            // message-store, MessageBatcher.java (both message servers): Counter relay.messages.accepted,
            // DistributionSummary relay.messages.batch.size and Timer relay.messages.batch.commit (both with
            // histograms), Gauge relay.messages.batch.queue
            "relay_messages_accepted_total",
            "relay_messages_batch_size_bucket",
            "relay_messages_batch_size_count",
            "relay_messages_batch_size_sum",
            "relay_messages_batch_size_max",
            "relay_messages_batch_commit_seconds_bucket",
            "relay_messages_batch_commit_seconds_count",
            "relay_messages_batch_commit_seconds_sum",
            "relay_messages_batch_commit_seconds_max",
            "relay_messages_batch_queue",
            // common, outbox/OutboxAutoConfiguration.java: Gauge relay.outbox.backlog (every service with an outbox)
            "relay_outbox_backlog",
            // Micrometer's KafkaClientMetrics, bound by Spring Boot to every consumer of its consumer factory
            // (message-gateway's events/EventListenerContainers.java, the @KafkaListener consumers)
            "kafka_consumer_fetch_manager_records_lag_max",
            // Spring Boot's JVM and process binders (every service)
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max",
            "process_cpu_usage",
            // Spring Boot's http.server.requests observation (Spring MVC services and the WebFlux gateways)
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max",
            // Spring gRPC's ObservationGrpcServerInterceptor: observation grpc.server, tags grpc.status_code,
            // rpc.service, rpc.method (seen on user-service's /actuator/prometheus; not the
            // grpc_server_processing_duration_seconds of Micrometer's older MetricCollectingServerInterceptor)
            "grpc_server_seconds_count",
            "grpc_server_seconds_sum",
            "grpc_server_seconds_max");

    private ExportedMetrics() {}
}
