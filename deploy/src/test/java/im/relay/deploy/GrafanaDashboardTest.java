package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GrafanaDashboardTest {

    private static final JsonNode DASHBOARD = DeployFiles.json(DeployFiles.DASHBOARDS.resolve("relay-overview.json"));

    /** Every panel, rows' nested panels included. */
    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : DASHBOARD.path("panels").values()) {
            panels.add(panel);
            panels.addAll(panel.path("panels").values());
        }
        return panels;
    }

    private static List<String> expressions() {
        return panels().stream()
                .flatMap(panel -> panel.path("targets").values().stream())
                .map(target -> target.path("expr").asString())
                .toList();
    }

    @Test
    void everyQueryNamesOnlyMetricsTheServicesExport() {
        assertThat(expressions()).isNotEmpty();
        for (String expression : expressions()) {
            assertThat(PromQl.metricNames(expression))
                    .as(expression)
                    .isNotEmpty()
                    .isSubsetOf(ExportedMetrics.NAMES);
        }
    }

    @Test
    void showsWhatAnOperatorWatches() {
        Set<String> used = new HashSet<>();
        expressions().forEach(expression -> used.addAll(PromQl.metricNames(expression)));

        assertThat(used)
                .contains(
                        "relay_ws_connections",
                        "relay_messages_accepted_total",
                        "relay_messages_delivered_total",
                        "relay_messages_deliver_latency_seconds_bucket",
                        "relay_ws_send_ack_seconds_bucket",
                        "relay_messages_batch_size_bucket",
                        "relay_outbox_backlog",
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "jvm_memory_used_bytes",
                        "jvm_gc_pause_seconds_sum",
                        "process_cpu_usage",
                        "http_server_requests_seconds_count",
                        "grpc_server_seconds_count");
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(expressions())
                    .as("delivery latency p" + quantile)
                    .anySatisfy(expression -> assertThat(expression)
                            .startsWith("histogram_quantile(" + quantile + ",")
                            .contains("relay_messages_deliver_latency_seconds_bucket"));
        }
    }

    @Test
    void panelsQueryTheDataSourceChosenOnTheDashboard() {
        JsonNode variables = DASHBOARD.path("templating").path("list");
        assertThat(variables.values()).anySatisfy(variable -> {
            assertThat(variable.path("name").asString()).isEqualTo("datasource");
            assertThat(variable.path("type").asString()).isEqualTo("datasource");
            assertThat(variable.path("query").asString()).isEqualTo("prometheus");
        });
        for (JsonNode panel : panels()) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            String title = panel.path("title").asString();
            assertThat(panel.path("datasource").path("uid").asString())
                    .as(title)
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets").values()).as(title).isNotEmpty();
        }
    }

    @Test
    void panelsHaveUniqueIdsAndTitles() {
        List<Integer> ids =
                panels().stream().map(panel -> panel.path("id").asInt()).toList();
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
        assertThat(panels())
                .allSatisfy(panel -> assertThat(panel.path("title").asString()).isNotBlank());
    }

    @Test
    void composeProvisionsThePrometheusDataSourceAndThisDashboardFolder() {
        JsonNode datasource = DeployFiles.yaml(
                        DeployFiles.MODULE.resolve("grafana/provisioning/datasources/prometheus.yaml"))
                .path("datasources")
                .get(0);
        assertThat(datasource.path("type").asString()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asString()).isEqualTo("http://prometheus:9090");

        String dashboards = DeployFiles.yaml(DeployFiles.MODULE.resolve("grafana/provisioning/dashboards/relay.yaml"))
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asString();
        JsonNode grafana =
                DeployFiles.yaml(DeployFiles.COMPOSE_FILE).path("services").path("grafana");
        assertThat(grafana.path("volumes").values().stream().map(JsonNode::asString))
                .contains("./deploy/grafana/dashboards:" + dashboards + ":ro")
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    }
}
