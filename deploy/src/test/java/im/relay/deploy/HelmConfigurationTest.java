package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the chart's values turn into: configuration, credentials, the management port, the Ingress and HTTPRoute. */
class HelmConfigurationTest {

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void servicesReadTheirConfigMapsAndReachEachOtherAsTheirDefaultsSay(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Container container = KubernetesManifestsTest.container(chart.deployment(service.name()));
            assertThat(container.getArgs()).as(service.name()).containsSequence("--k8s-config", "/config");
            Map<String, String> config = serviceConfig(chart, service.name());
            service.channels()
                    .keySet()
                    .forEach(channel -> assertThat(config.get("spring.grpc.client.channels." + channel + ".address"))
                            .as(scenario + " " + service.name() + " channel " + channel)
                            .isEqualTo("dns:///" + channel + ":"
                                    + ServiceDefaults.named(channel).grpcPort().orElseThrow()));
            service.database()
                    .ifPresentOrElse(
                            database -> assertThat(config.get("spring.datasource.url"))
                                    .as(scenario + " " + service.name())
                                    .startsWith("jdbc:postgresql://")
                                    .containsPattern("/" + database + "(\\?.*)?$"),
                            () -> assertThat(config).doesNotContainKey("spring.datasource.url"));
        }
        Map<String, String> gateway = serviceConfig(chart, "gateway-service");
        for (String routed : ServiceDefaults.named("gateway-service").routedServices()) {
            assertThat(gateway.get("relay.gateway.dns." + routed))
                    .isEqualTo("http://" + routed + ":"
                            + ServiceDefaults.named(routed).httpPort());
        }
    }

    private static Map<String, String> serviceConfig(KubernetesManifests chart, String service) {
        ConfigMap configMap = chart.configMap(service + "-config");
        return DeployFiles.flatten(DeployFiles.yaml(configMap.getData().get("service.yaml")));
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void servicesWithCredentialsReadThemFromTheSecretsDirectory(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            List<String> files = secretFiles(chart.deployment(service.name()));
            List<String> expected = new ArrayList<>();
            service.database().ifPresent(db -> expected.add("relay-database"));
            if (service.name().equals("auth-service")) {
                expected.add("relay-auth");
            }
            if (service.name().equals("message-gateway")) {
                expected.add("relay-message-gateway");
            }
            assertThat(files).as(scenario + " " + service.name()).containsAll(expected);
            Container container = KubernetesManifestsTest.container(chart.deployment(service.name()));
            if (!files.isEmpty()) {
                assertThat(container.getArgs()).containsSequence("--k8s-secrets", "/secrets");
                assertThat(container.getVolumeMounts())
                        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/secrets"));
            }
        }
    }

    @Test
    void managedEnginesHandEveryRedisAndKafkaUserItsCredentials() {
        KubernetesManifests chart = HelmScenario.MANAGED_ENGINES.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            List<String> secrets = secretFiles(chart.deployment(service.name()));
            // every service, the two gateways included, uses Redis
            assertThat(secrets).as(service.name()).contains("relay-redis");
            if (service.usesKafka()) {
                assertThat(secrets).as(service.name()).contains("relay-kafka");
            } else {
                assertThat(secrets).as(service.name()).doesNotContain("relay-kafka");
            }
        }
        Map<String, String> common = DeployFiles.flatten(
                DeployFiles.yaml(chart.configMap("relay-common").getData().get("common.yaml")));
        assertThat(common)
                .containsEntry("spring.kafka.properties.security.protocol", "SASL_SSL")
                .containsEntry("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("spring.kafka.bootstrap-servers");
        assertThat(common.get("spring.data.redis.url")).startsWith("rediss://");
    }

    @Test
    void aSecretWithItsOwnKeyNamesIsProjectedUnderRelaysNames() {
        KubernetesManifests chart = HelmChart.render(
                "-f",
                HelmChart.CI_VALUES.toString(),
                "--set",
                "postgresql.existingSecret=shared-db",
                "--set",
                "postgresql.passwordKey=password",
                "--set",
                "redis.existingSecret=cache",
                "--set",
                "redis.urlKey=uri");

        List<SecretProjection> projections = secretProjections(chart.deployment("gateway-service"));
        assertThat(projections)
                .singleElement()
                .satisfies(p -> assertThat(p.getItems())
                        .extracting(KeyToPath::getKey, KeyToPath::getPath)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("uri", "SPRING_DATA_REDIS_URL")));
        assertThat(secretProjections(chart.deployment("user-service")))
                .anySatisfy(p -> assertThat(p.getItems())
                        .extracting(KeyToPath::getKey, KeyToPath::getPath)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("password", "SPRING_DATASOURCE_PASSWORD")));
    }

    @ParameterizedTest
    @EnumSource(HelmScenario.class)
    void probesAndScrapesUseTheServicesOwnManagementPortOnThePodAddress(HelmScenario scenario) {
        KubernetesManifests chart = scenario.render();
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Deployment deployment = chart.deployment(service.name());
            Container container = KubernetesManifestsTest.container(deployment);
            assertThat(HelmChartTest.ports(container)).containsEntry("management", service.managementPort());
            assertProbesOn(container, "management");
            assertThat(env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo(String.valueOf(service.managementPort()));
            assertThat(env(container, "MANAGEMENT_SERVER_ADDRESS")).isEqualTo("$(POD_IP)");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/port", String.valueOf(service.managementPort()));
        }
    }

    @Test
    void aManagementPortSetToTheHttpPortServesActuatorThere() {
        List<String> args = new ArrayList<>(List.of("-f", HelmChart.CI_VALUES.toString()));
        ServiceDefaults.all()
                .forEach(
                        s -> args.addAll(List.of("--set", "services." + s.name() + ".managementPort=" + s.httpPort())));
        KubernetesManifests chart = HelmChart.render(args.toArray(String[]::new));

        for (ServiceDefaults service : ServiceDefaults.all()) {
            Container container = KubernetesManifestsTest.container(chart.deployment(service.name()));
            assertThat(HelmChartTest.ports(container)).doesNotContainKey("management");
            assertProbesOn(container, "http");
            assertThat(env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo(String.valueOf(service.httpPort()));
        }
    }

    @Test
    void aSeparateManagementPortMovesProbesScrapesAndThePrometheusRule() {
        List<String> args = new ArrayList<>(
                List.of("-f", HelmChart.CI_VALUES.toString(), "--set", "metrics.serviceMonitor.enabled=true"));
        ServiceDefaults.all()
                .forEach(s -> args.addAll(
                        List.of("--set", "services." + s.name() + ".managementPort=" + (s.httpPort() + 100))));
        KubernetesManifests chart = HelmChart.render(args.toArray(String[]::new));

        for (ServiceDefaults service : ServiceDefaults.all()) {
            int management = service.httpPort() + 100;
            Container container = KubernetesManifestsTest.container(chart.deployment(service.name()));
            assertThat(HelmChartTest.ports(container)).containsEntry("management", management);
            assertProbesOn(container, "management");
            assertThat(env(container, "MANAGEMENT_SERVER_PORT")).isEqualTo(String.valueOf(management));
            assertThat(chart.service(service.name()).getSpec().getPorts())
                    .anySatisfy(port -> assertThat(port.getName()).isEqualTo("management"));
            GenericKubernetesResource monitor = chart.find(GenericKubernetesResource.class, service.name())
                    .orElseThrow(() -> new AssertionError("no ServiceMonitor " + service.name()));
            List<?> endpoints =
                    (List<?>) ((Map<?, ?>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
            assertThat(endpoints).singleElement().satisfies(endpoint -> {
                Map<?, ?> fields = (Map<?, ?>) endpoint;
                assertThat(fields.get("port")).isEqualTo("management");
                assertThat(fields.get("path")).isEqualTo("/actuator/prometheus");
            });
            NetworkPolicy policy = HelmNetworkPoliciesTest.policyOf(chart, service.name());
            assertThat(HelmNetworkPoliciesTest.rules(policy))
                    .filteredOn(rule -> HelmNetworkPoliciesTest.ports(rule).contains(management))
                    .singleElement()
                    .satisfies(rule -> assertThat(rule.getFrom())
                            .singleElement()
                            .satisfies(peer ->
                                    assertThat(peer.getNamespaceSelector()).isNotNull()));
        }
    }

    @Test
    void theIngressSendsTheApiToTheGatewayAndKeepsChatSocketsOpenForAnHour() {
        Ingress ingress =
                HelmScenario.INGRESS.render().find(Ingress.class, "relay").orElseThrow();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/" + timeout)))
                    .as(timeout)
                    .isGreaterThanOrEqualTo(3600);
        }
        var rule = ingress.getSpec().getRules().getFirst();
        assertThat(rule.getHost()).isEqualTo("chat.example.com");
        assertThat(rule.getHttp().getPaths())
                .anySatisfy(path -> {
                    assertThat(path.getPath()).isEqualTo("/");
                    assertThat(path.getBackend().getService().getName()).isEqualTo("gateway-service");
                    assertThat(path.getBackend().getService().getPort().getNumber())
                            .isEqualTo(ServiceDefaults.named("gateway-service").httpPort());
                })
                .anySatisfy(path -> {
                    assertThat(path.getPath()).isEqualTo("/ws");
                    assertThat(path.getBackend().getService().getName()).isEqualTo("message-gateway-ws");
                    assertThat(path.getBackend().getService().getPort().getNumber())
                            .isEqualTo(ServiceDefaults.named("message-gateway").httpPort());
                });
        assertThat(ingress.getSpec().getTls())
                .singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("chat.example.com"));
    }

    @Test
    void theHttpRouteSendsTheApiToTheGateway() {
        HTTPRoute route = HelmScenario.HTTP_ROUTE
                .render()
                .find(HTTPRoute.class, "relay")
                .orElseThrow(() -> new AssertionError("no HTTPRoute relay"));
        assertThat(route.getSpec().getParentRefs())
                .extracting(ref -> ref.getName())
                .containsExactly("public");
        List<HTTPRouteRule> rules = route.getSpec().getRules();
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/");
            assertThat(rule.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("gateway-service");
                assertThat(ref.getPort())
                        .isEqualTo(ServiceDefaults.named("gateway-service").httpPort());
            });
        });
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/ws");
            assertThat(rule.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("message-gateway-ws");
                assertThat(ref.getPort())
                        .isEqualTo(ServiceDefaults.named("message-gateway").httpPort());
            });
        });
    }

    private static void assertProbesOn(Container container, String port) {
        for (Probe probe :
                List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPath()).startsWith("/actuator/health/");
            assertThat(probe.getHttpGet().getPort().getStrVal())
                    .as(container.getName() + " probe port")
                    .isEqualTo(port);
        }
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    private static List<SecretProjection> secretProjections(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("secrets"))
                .map(Volume::getProjected)
                .filter(Objects::nonNull)
                .flatMap(p -> p.getSources().stream())
                .map(VolumeProjection::getSecret)
                .filter(Objects::nonNull)
                .toList();
    }

    @Test
    void uploadsLiveOnAClaimEveryPrivateMessageServerPodMounts() {
        KubernetesManifests chart = HelmScenario.DEFAULTS.render();
        KubernetesManifestsTest.assertUploadsOnASharedClaim(chart, serviceConfig(chart, "private-message-server"));
    }

    @Test
    void refusesAFilesystemStoreThatThePodsWouldNotShare() {
        HelmChart.Result readWriteOnce = HelmChart.template(
                "-f", HelmChart.CI_VALUES.toString(), "--set", "media.persistence.accessMode=ReadWriteOnce");
        assertThat(readWriteOnce.succeeded()).isFalse();
        assertThat(readWriteOnce.stderr()).contains("ReadWriteMany", "media.store s3");
        HelmChart.Result emptyDir =
                HelmChart.template("-f", HelmChart.CI_VALUES.toString(), "--set", "media.persistence.enabled=false");
        assertThat(emptyDir.succeeded()).isFalse();

        KubernetesManifests onePod = HelmChart.render(
                "-f",
                HelmChart.CI_VALUES.toString(),
                "--set",
                "media.persistence.enabled=false",
                "--set",
                "services.private-message-server.autoscaling.enabled=false",
                "--set",
                "services.private-message-server.replicas=1");
        Deployment deployment = onePod.deployment("private-message-server");
        VolumeMount mount = KubernetesManifestsTest.container(deployment).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/var/lib/relay/media"))
                .findFirst()
                .orElseThrow();
        assertThat(KubernetesManifestsTest.volume(deployment, mount.getName()).getEmptyDir())
                .isNotNull();
        assertThat(onePod.ofType(PersistentVolumeClaim.class)).isEmpty();
    }

    @Test
    void anS3StoreTakesNoVolumeAndReadsItsKeysFromTheSecret() {
        KubernetesManifests chart = HelmChart.render(
                "-f",
                HelmChart.CI_VALUES.toString(),
                "--set",
                "media.store=s3",
                "--set",
                "media.s3.bucket=relay-uploads",
                "--set",
                "media.s3.endpoint=https://minio.storage:9000",
                "--set",
                "media.s3.existingSecret=relay-media-s3");
        assertThat(serviceConfig(chart, "private-message-server"))
                .containsEntry("relay.media.store", "s3")
                .containsEntry("relay.media.s3.bucket", "relay-uploads")
                .containsEntry("relay.media.s3.endpoint", "https://minio.storage:9000")
                .doesNotContainKey("relay.media.directory");
        Deployment deployment = chart.deployment("private-message-server");
        assertThat(KubernetesManifestsTest.container(deployment).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .doesNotContain("/var/lib/relay/media");
        assertThat(chart.ofType(PersistentVolumeClaim.class)).isEmpty();
        assertThat(secretFiles(deployment)).contains("relay-media-s3");
        assertThat(HelmChart.template("-f", HelmChart.CI_VALUES.toString(), "--set", "media.store=s3")
                        .stderr())
                .contains("media.s3.bucket is required");
    }

    private static List<String> secretFiles(Deployment deployment) {
        return secretProjections(deployment).stream()
                .map(SecretProjection::getName)
                .toList();
    }
}
