package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.deploy.KubernetesManifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * deploy/helm/relay rendered by a real helm binary (skipped without one: {@link HelmChart}), with the default values,
 * the managed-engines example, an Ingress and an HTTPRoute, and checked with the fabric8 model against the services'
 * own defaults, as the kustomize base is.
 */
class HelmChartTest {

    @Test
    void lintsCleanWithTheDefaultAndTheManagedValues() {
        for (String values : List.of(HelmChart.CI_VALUES.toString(), HelmChart.MANAGED_VALUES.toString())) {
            HelmChart.Result lint = HelmChart.lint("-f", values);
            assertThat(lint.succeeded())
                    .as("helm lint -f " + values + ": " + lint.stdout() + lint.stderr())
                    .isTrue();
            assertThat(lint.stdout()).contains("0 chart(s) failed");
        }
    }

    @Test
    void everyKeyOfTheValuesFilesSaysWhatItIs() {
        for (var file : List.of(HelmChart.CHART.resolve("values.yaml"), HelmChart.MANAGED_VALUES)) {
            List<String> bare = DeployFiles.read(file)
                    .lines()
                    .filter(line -> line.matches("\\s*(- )?[\\w.\"/-]+:.*"))
                    .filter(line -> !line.contains("#"))
                    .toList();
            assertThat(bare).as(file + ": keys without a comment").isEmpty();
        }
    }

    @Test
    void refusesToRenderWithoutAnImageRegistry() {
        HelmChart.Result result = HelmChart.template();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("global.image.registry is required");
    }

    @Test
    void refusesARegistryThatNamesNoHost() {
        HelmChart.Result result = HelmChart.template("--set", "global.image.registry=acme");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("does not start with a registry host");
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void rendersTypedObjectsWithOnlyKnownFieldsAndNoLiteralSecret(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        assertThat(chart.ofType(Deployment.class)).hasSize(ServiceDefaults.NAMES.size());
        for (Manifest manifest : chart.all()) {
            String what = scenario + ": " + manifest.describe();
            if (manifest.object() instanceof GenericKubernetesResource generic) {
                // the Prometheus Operator's CRD is not in the fabric8 model
                assertThat(generic.getKind()).as(what).isEqualTo("ServiceMonitor");
                assertThat(generic.getApiVersion()).as(what).isEqualTo("monitoring.coreos.com/v1");
                continue;
            }
            assertThat(UnknownFields.in(manifest.object())).as(what).isEmpty();
            assertThat(LiteralSecrets.in(manifest.object())).as(what).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyDeploymentsPortsAreTheServicesOwn(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Container container = KubernetesManifestsTest.container(chart.deployment(service.name()));
            Map<String, Integer> ports = ports(container);
            assertThat(ports).as(scenario + " " + service.name()).containsEntry("http", service.httpPort());
            service.grpcPort()
                    .ifPresentOrElse(
                            grpc -> assertThat(ports)
                                    .as(scenario + " " + service.name())
                                    .containsEntry("grpc", grpc),
                            () -> assertThat(ports).doesNotContainKey("grpc"));
        }
    }

    static Map<String, Integer> ports(Container container) {
        return container.getPorts().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p.getName(), p -> p.getContainerPort()));
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyMultiReplicaDeploymentHasADisruptionBudget(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (Deployment deployment : chart.ofType(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Optional<HorizontalPodAutoscaler> autoscaler = chart.ofType(HorizontalPodAutoscaler.class).stream()
                    .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst();
            // an autoscaler owns the count: a replicas field would be reset by every upgrade
            autoscaler.ifPresent(hpa ->
                    assertThat(deployment.getSpec().getReplicas()).as(name).isNull());
            int pods = autoscaler
                    .map(hpa -> hpa.getSpec().getMinReplicas())
                    .orElse(deployment.getSpec().getReplicas());
            if (pods < 2) {
                continue;
            }
            Map<String, String> podLabels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(chart.ofType(PodDisruptionBudget.class))
                    .as(scenario + ": PodDisruptionBudget for " + name + " (" + pods + " pods)")
                    .anySatisfy(pdb -> assertThat(podLabels)
                            .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
        }
        // the ones the kustomize base left without a budget
        for (String name : List.of("auth-service", "user-service", "friend-service", "group-service")) {
            assertThat(chart.find(PodDisruptionBudget.class, name))
                    .as(scenario + " " + name)
                    .isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyPodRunsAsTheChartsServiceAccountWithoutAToken(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        List<ServiceAccount> accounts = chart.ofType(ServiceAccount.class);
        assertThat(accounts).hasSize(1);
        ServiceAccount account = accounts.getFirst();
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        for (Deployment deployment : chart.ofType(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = scenario + " " + deployment.getMetadata().getName();
            assertThat(pod.getServiceAccountName())
                    .as(name)
                    .isEqualTo(account.getMetadata().getName());
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void everyImageNamesItsRegistry(HelmScenario scenario) {
        for (Deployment deployment : scenario.render().ofType(Deployment.class)) {
            String image = KubernetesManifestsTest.container(deployment).getImage();
            String host = image.substring(0, Math.max(0, image.indexOf('/')));
            assertThat(host.contains(".") || host.contains(":") || host.equals("localhost"))
                    .as(scenario + ": " + image + " would be pulled from Docker Hub")
                    .isTrue();
            assertThat(image).as(scenario + " tag or digest").containsPattern("(:[\\w.-]+|@sha256:[0-9a-f]{64})$");
        }
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void podsAreAsRestrictedAsTheKustomizeBase(HelmScenario scenario) {
        for (Deployment deployment : scenario.render().ofType(Deployment.class)) {
            String name = scenario + " " + deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            Container container = KubernetesManifestsTest.container(deployment);
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(container.getVolumeMounts())
                    .extracting(VolumeMount::getMountPath)
                    .contains("/tmp");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getLifecycle().getPreStop()).as(name).isNotNull();
        }
    }
}
