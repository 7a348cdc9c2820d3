package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PrometheusConfigTest {

    private static JsonNode job(String file, String name) {
        JsonNode config =
                DeployFiles.yaml(DeployFiles.MODULE.resolve("prometheus").resolve(file));
        return config.path("scrape_configs").values().stream()
                .filter(job -> job.path("job_name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no job " + name));
    }

    @Test
    void composeScrapesEveryServiceOnItsManagementPort() {
        JsonNode relay = job("prometheus.yml", "relay");
        assertThat(relay.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
        List<String> targets = relay.path("static_configs").values().stream()
                .flatMap(config -> config.path("targets").values().stream())
                .map(JsonNode::asString)
                .toList();

        assertThat(targets)
                .containsExactlyInAnyOrderElementsOf(ServiceDefaults.all().stream()
                        .map(service -> service.name() + ":" + service.managementPort())
                        .toList());
        assertThat(DeployFiles.yaml(DeployFiles.COMPOSE_FILE).path("services").propertyNames())
                .containsAll(ServiceDefaults.NAMES)
                .contains("prometheus");
    }

    @Test
    void kubernetesJobScrapesThePodsOfTheKustomizationNamespaceThatAskForIt() {
        JsonNode pods = job("prometheus-kubernetes.yml", "relay-pods");
        JsonNode discovery = pods.path("kubernetes_sd_configs").get(0);
        String namespace = DeployFiles.yaml(DeployFiles.K8S_BASE.resolve("kustomization.yaml"))
                .path("namespace")
                .asString();

        assertThat(discovery.path("role").asString()).isEqualTo("pod");
        assertThat(discovery.path("namespaces").path("names").values().stream().map(JsonNode::asString))
                .containsExactly(namespace);
        assertThat(pods.path("relabel_configs").values())
                .anySatisfy(rule -> {
                    assertThat(rule.path("source_labels").get(0).asString())
                            .isEqualTo("__meta_kubernetes_pod_annotation_prometheus_io_scrape");
                    assertThat(rule.path("action").asString()).isEqualTo("keep");
                })
                .anySatisfy(rule -> {
                    // one target per pod: the container port that the annotation's port names
                    assertThat(rule.path("source_labels").get(0).asString())
                            .isEqualTo("__meta_kubernetes_pod_container_port_name");
                    assertThat(rule.path("regex").asString()).isEqualTo("management");
                })
                .anySatisfy(
                        rule -> assertThat(rule.path("target_label").asString()).isEqualTo("__metrics_path__"));
    }
}
