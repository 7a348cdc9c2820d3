package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's NetworkPolicies against the services' own configuration, as NetworkPoliciesTest checks the kustomize
 * base: closed by default, 8080 and 8090 open, each gRPC port admitting exactly the services whose channels call it,
 * and Prometheus let in to each management port only.
 */
class HelmNetworkPoliciesTest {

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyIngressIsDeniedUnlessAPolicyOpensIt(HelmScenario scenario) {
        NetworkPolicy deny = scenario.render()
                .find(NetworkPolicy.class, "relay-default-deny-ingress")
                .orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void onlyTheClientFacingPortsAreOpenToAnyone(HelmScenario scenario) {
        for (NetworkPolicy policy : scenario.render().ofType(NetworkPolicy.class)) {
            for (NetworkPolicyIngressRule rule : rules(policy)) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    assertThat(ports(rule))
                            .as(scenario + " " + policy.getMetadata().getName() + " open to anyone")
                            .isSubsetOf(8080, 8090);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void eachGrpcPortAdmitsExactlyTheServicesThatCallIt(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults callee : ServiceDefaults.all()) {
            if (callee.grpcPort().isEmpty()) {
                continue;
            }
            int port = callee.grpcPort().getAsInt();
            List<String> callers = callee.grpcCallers();
            List<NetworkPolicyIngressRule> grpcRules = rules(policyOf(chart, callee.name())).stream()
                    .filter(rule -> ports(rule).contains(port))
                    .toList();
            // a rule without peers would admit everyone: a port nobody calls has no rule at all
            assertThat(grpcRules)
                    .as(scenario + " " + callee.name() + " gRPC rules")
                    .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
            List<String> admitted = grpcRules.stream()
                    .flatMap(rule -> rule.getFrom().stream())
                    .map(HelmNetworkPoliciesTest::podName)
                    .toList();
            assertThat(admitted)
                    .as(scenario + " " + callee.name() + " gRPC " + port)
                    .containsExactlyInAnyOrderElementsOf(callers);
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void internalHttpPortsAdmitTheApiGatewayOnly(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            if (List.of("gateway-service", "message-gateway").contains(service.name())) {
                continue; // client-facing
            }
            List<NetworkPolicyPeer> peers = rules(policyOf(chart, service.name())).stream()
                    .filter(rule -> ports(rule).contains(service.httpPort()))
                    .flatMap(rule -> rule.getFrom().stream())
                    .toList();
            for (NetworkPolicyPeer peer : peers) {
                boolean gateway = "gateway-service".equals(podName(peer));
                // JWKS: every Relay pod verifies tokens with auth-service's keys
                boolean relayPods = service.name().equals("auth-service")
                        && peer.getPodSelector() != null
                        && "relay".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/part-of"));
                assertThat(gateway || relayPods)
                        .as(scenario + " " + service.name() + " HTTP from " + peer)
                        .isTrue();
            }
            boolean routed =
                    ServiceDefaults.named("gateway-service").routedServices().contains(service.name());
            if (routed && !service.name().equals("auth-service")) {
                assertThat(peers).extracting(HelmNetworkPoliciesTest::podName).contains("gateway-service");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyDeploymentIsCoveredByAPolicyOfItsOwn(HelmScenario scenario) {
        for (String name : ServiceDefaults.NAMES) {
            assertThat(policyOf(scenario.render(), name)
                            .getSpec()
                            .getPodSelector()
                            .getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", name);
        }
    }

    static NetworkPolicy policyOf(KubernetesManifests chart, String service) {
        return chart.find(NetworkPolicy.class, service).orElseThrow(() -> new AssertionError("no policy " + service));
    }

    static List<NetworkPolicyIngressRule> rules(NetworkPolicy policy) {
        return Objects.requireNonNullElse(policy.getSpec().getIngress(), List.of());
    }

    static List<Integer> ports(NetworkPolicyIngressRule rule) {
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
