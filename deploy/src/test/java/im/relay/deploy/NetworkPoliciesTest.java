package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/base/network-policies.yaml against the services' own configuration: everything is closed by default, the
 * two client-facing ports are open, each gRPC port admits exactly the services whose channels call it, and each
 * management port admits Prometheus's namespace only.
 */
class NetworkPoliciesTest {

    private static final KubernetesManifests K8S = KubernetesManifests.load();

    @Test
    void everyIngressIsDeniedUnlessAPolicyOpensIt() {
        NetworkPolicy deny =
                K8S.find(NetworkPolicy.class, "relay-default-deny-ingress").orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void onlyTheClientFacingPortsAreOpenToAnyone() {
        for (NetworkPolicy policy : K8S.ofType(NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : rules(policy)) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    assertThat(ports(rule))
                            .as(policy.getMetadata().getName() + " open to anyone")
                            .isSubsetOf(8080, 8090);
                }
            }
        }
    }

    @Test
    void eachGrpcPortAdmitsExactlyTheServicesThatCallIt() {
        for (ServiceDefaults callee : ServiceDefaults.all()) {
            if (callee.grpcPort().isEmpty()) {
                continue;
            }
            int port = callee.grpcPort().getAsInt();
            List<String> callers = callee.grpcCallers();
            List<String> admitted = rules(policyOf(callee.name())).stream()
                    .filter(rule -> ports(rule).contains(port))
                    .flatMap(rule -> rule.getFrom().stream())
                    .map(NetworkPoliciesTest::podName)
                    .toList();
            assertThat(admitted).as(callee.name() + " gRPC " + port).containsExactlyInAnyOrderElementsOf(callers);
        }
    }

    @Test
    void eachManagementPortAdmitsPrometheusOnlyAndNoHttpPortDoes() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            List<NetworkPolicyPeer> admitted = rules(policyOf(service.name())).stream()
                    .filter(rule -> ports(rule).contains(service.managementPort()))
                    .flatMap(rule -> Objects.requireNonNullElse(rule.getFrom(), List.<NetworkPolicyPeer>of()).stream())
                    .toList();
            assertThat(admitted)
                    .as(service.name() + " management port")
                    .singleElement()
                    .satisfies(peer -> {
                        assertThat(peer.getPodSelector()).isNull();
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                                .containsEntry("kubernetes.io/metadata.name", "monitoring");
                    });
            assertThat(rules(policyOf(service.name())).stream()
                            .filter(rule -> ports(rule).contains(service.httpPort()))
                            .flatMap(rule ->
                                    Objects.requireNonNullElse(rule.getFrom(), List.<NetworkPolicyPeer>of()).stream()))
                    .as(service.name() + " HTTP port: the API only, no scrapes")
                    .allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull());
        }
    }

    @Test
    void everyDeploymentIsCoveredByAPolicyOfItsOwn() {
        for (String name : ServiceDefaults.NAMES) {
            assertThat(policyOf(name).getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", name);
        }
    }

    private static NetworkPolicy policyOf(String service) {
        return K8S.find(NetworkPolicy.class, service).orElseThrow(() -> new AssertionError("no policy " + service));
    }

    private static List<NetworkPolicyIngressRule> rules(NetworkPolicy policy) {
        return Objects.requireNonNullElse(policy.getSpec().getIngress(), List.of());
    }

    private static List<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream()
                .map(p -> p.getPort())
                .map(IntOrString::getIntVal)
                .toList();
    }

    private static String podName(NetworkPolicyPeer peer) {
        Map<String, String> labels =
                peer.getPodSelector() == null ? Map.of() : peer.getPodSelector().getMatchLabels();
        return labels.getOrDefault("app.kubernetes.io/name", String.valueOf(labels));
    }
}
