package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scaling, disruption and shutdown: what keeps Relay up while Kubernetes moves pods around. */
class KubernetesOperationsTest {

    private static final KubernetesManifests K8S = KubernetesManifests.load();

    /** The services that carry the message load and scale with it. */
    private static final List<String> SCALED =
            List.of("message-gateway", "private-message-server", "group-message-server");

    @Test
    void scaledServicesHaveAnAutoscalerThatOwnsTheirReplicaCount() {
        for (String name : SCALED) {
            HorizontalPodAutoscaler autoscaler = K8S.ofType(HorizontalPodAutoscaler.class).stream()
                    .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no HorizontalPodAutoscaler for " + name));
            assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(autoscaler.getSpec().getMinReplicas())
                    .as(name + " minReplicas")
                    .isGreaterThanOrEqualTo(2);
            assertThat(autoscaler.getSpec().getMaxReplicas())
                    .as(name + " maxReplicas")
                    .isGreaterThan(autoscaler.getSpec().getMinReplicas());
            // a fixed count in the Deployment would be reset by every `kubectl apply`
            assertThat(K8S.deployment(name).getSpec().getReplicas())
                    .as(name + " replicas")
                    .isNull();
        }
    }

    @Test
    void scaledServicesHaveADisruptionBudgetOverTheirPods() {
        for (String name : SCALED) {
            var podLabels =
                    K8S.deployment(name).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(K8S.ofType(PodDisruptionBudget.class))
                    .as("PodDisruptionBudget for " + name)
                    .anySatisfy(pdb -> assertThat(podLabels)
                            .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
        }
    }

    @Test
    void messageGatewayDrainsItsSocketsBeforeItIsKilled() {
        Deployment deployment = K8S.deployment("message-gateway");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThanOrEqualTo(40L);
        Container container = KubernetesManifestsTest.container(deployment);
        assertThat(container.getLifecycle()).isNotNull();
        assertThat(container.getLifecycle().getPreStop()).isNotNull();
    }

    @Test
    void everyDeploymentWaitsForItsEndpointsToGoBeforeShuttingDown() {
        for (String name : ServiceDefaults.NAMES) {
            Deployment deployment = K8S.deployment(name);
            Container container = KubernetesManifestsTest.container(deployment);
            assertThat(container.getLifecycle()).as(name + " lifecycle").isNotNull();
            assertThat(container.getLifecycle().getPreStop())
                    .as(name + " preStop")
                    .isNotNull();
            // Spring's graceful shutdown takes up to 30 s after the preStop hook
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(name + " terminationGracePeriodSeconds")
                    .isGreaterThan(30L);
        }
    }

    @Test
    void messageGatewayAdvertisesItsPodAddressToTheOtherNodes() {
        Container container = KubernetesManifestsTest.container(K8S.deployment("message-gateway"));
        EnvVar podIp = env(container, "POD_IP");
        assertThat(podIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        int grpc = ServiceDefaults.named("message-gateway").grpcPort().orElseThrow();
        assertThat(env(container, "RELAY_MESSAGEGATEWAY_CLUSTER_ADVERTISEDADDRESS")
                        .getValue())
                .isEqualTo("$(POD_IP):" + grpc);
        // Kubernetes expands $(POD_IP) only when POD_IP is defined earlier in the list
        assertThat(container.getEnv().indexOf(podIp))
                .isLessThan(
                        container.getEnv().indexOf(env(container, "RELAY_MESSAGEGATEWAY_CLUSTER_ADVERTISEDADDRESS")));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }
}
