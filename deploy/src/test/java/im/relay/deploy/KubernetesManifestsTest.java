package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.deploy.KubernetesManifests.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KubernetesManifestsTest {

    private static final KubernetesManifests K8S = KubernetesManifests.load();

    static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers)
                .as(deployment.getMetadata().getName() + " containers")
                .hasSize(1);
        return containers.getFirst();
    }

    /** The service.yaml of a service's own ConfigMap, as dotted keys. */
    static Map<String, String> serviceConfig(String service) {
        ConfigMap configMap = K8S.configMap(service + "-config");
        assertThat(configMap.getData()).as(service + "-config").containsKey("service.yaml");
        return DeployFiles.flatten(DeployFiles.yaml(configMap.getData().get("service.yaml")));
    }

    @Test
    void everyManifestParsesIntoTypedObjectsWithOnlyKnownFields() {
        assertThat(K8S.all()).isNotEmpty();
        for (Manifest manifest : K8S.all()) {
            assertThat(manifest.object()).as(manifest.describe()).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(UnknownFields.in(manifest.object()))
                    .as(manifest.describe() + ": fields the Kubernetes model does not know")
                    .isEmpty();
        }
    }

    @Test
    void reportsAMisspeltField() {
        HasMetadata deployment = KubernetesManifests.parse("""
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: x}
                        spec:
                          template:
                            spec:
                              containers:
                                - name: x
                                  livenesProbe: {httpGet: {path: /, port: 80}}
                        """).getFirst();

        assertThat(UnknownFields.in(deployment)).containsExactly("spec.template.spec.containers[0].livenesProbe");
    }

    @Test
    void kustomizationListsEveryManifestOfTheBase() {
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.K8S_BASE.resolve("kustomization.yaml"));
        List<String> resources = kustomization.get("resources").values().stream()
                .map(JsonNode::asString)
                .toList();
        List<String> files = KubernetesManifests.manifestFiles(DeployFiles.K8S_BASE).stream()
                .map(DeployFiles.K8S_BASE::relativize)
                .map(Path::toString)
                .toList();

        assertThat(resources).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void everyServiceHasADeploymentWhosePortsAreTheServicesOwn() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Container container = container(K8S.deployment(service.name()));
            assertThat(container.getPorts())
                    .as(service.name() + " container ports")
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo("http");
                        assertThat(port.getContainerPort()).isEqualTo(service.httpPort());
                    });
            assertThat(service.managementPort()).as(service.name()).isNotEqualTo(service.httpPort());
            assertThat(container.getPorts())
                    .as(service.name() + " container ports")
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo("management");
                        assertThat(port.getContainerPort()).isEqualTo(service.managementPort());
                    });
            service.grpcPort()
                    .ifPresent(grpc -> assertThat(container.getPorts())
                            .as(service.name() + " container ports")
                            .anySatisfy(port -> {
                                assertThat(port.getName()).isEqualTo("grpc");
                                assertThat(port.getContainerPort()).isEqualTo(grpc);
                            }));
        }
    }

    @Test
    void deploymentsProbeLivenessAndReadinessOnTheManagementPort() {
        for (String name : ServiceDefaults.NAMES) {
            Container container = container(K8S.deployment(name));
            assertProbe(name + " liveness", container.getLivenessProbe(), "/actuator/health/liveness");
            assertProbe(name + " readiness", container.getReadinessProbe(), "/actuator/health/readiness");
        }
    }

    @Test
    void managementPortsListenOnThePodAddressOnly() {
        for (String name : ServiceDefaults.NAMES) {
            Container container = container(K8S.deployment(name));
            assertThat(container.getEnv())
                    .as(name + " env")
                    .anySatisfy(env -> {
                        assertThat(env.getName()).isEqualTo("POD_IP");
                        assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                                .isEqualTo("status.podIP");
                    })
                    .anySatisfy(env -> {
                        assertThat(env.getName()).isEqualTo("MANAGEMENT_SERVER_ADDRESS");
                        assertThat(env.getValue()).isEqualTo("$(POD_IP)");
                    });
        }
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what + " port").isEqualTo("management");
    }

    @Test
    void deploymentsRequestAndLimitCpuAndMemory() {
        for (String name : ServiceDefaults.NAMES) {
            var resources = container(K8S.deployment(name)).getResources();
            assertThat(resources).as(name + " resources").isNotNull();
            assertThat(resources.getRequests()).as(name + " requests").containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(name + " limits").containsKeys("cpu", "memory");
        }
    }

    @Test
    void deploymentsReadTheirConfigMapsMountedAtConfig() {
        for (String name : ServiceDefaults.NAMES) {
            Deployment deployment = K8S.deployment(name);
            Container container = container(deployment);
            List<String> args = container.getArgs();
            assertThat(args).as(name + " args").contains("--k8s-config");
            int at = args.indexOf("--k8s-config");
            if (at + 1 < args.size() && !args.get(at + 1).startsWith("--")) {
                assertThat(args.get(at + 1))
                        .as(name + " --k8s-config directory")
                        .isEqualTo("/config");
            }

            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/config"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " mounts nothing at /config"));
            List<String> configMaps = configMapsOf(volume(deployment, mount.getName()));
            assertThat(configMaps).as(name + " ConfigMaps at /config").contains(name + "-config");
            configMaps.forEach(K8S::configMap);
        }
    }

    static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no volume " + name));
    }

    private static List<String> configMapsOf(Volume volume) {
        if (volume.getConfigMap() != null) {
            return List.of(volume.getConfigMap().getName());
        }
        assertThat(volume.getProjected()).as("volume " + volume.getName()).isNotNull();
        return volume.getProjected().getSources().stream()
                .map(VolumeProjection::getConfigMap)
                .filter(Objects::nonNull)
                .map(source -> source.getName())
                .toList();
    }

    @Test
    void grpcChannelsReachEveryPodOfAHeadlessService() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Map<String, String> config = serviceConfig(service.name());
            service.channels().keySet().forEach(channel -> {
                int port = ServiceDefaults.named(channel).grpcPort().orElseThrow();
                assertThat(config.get("spring.grpc.client.channels." + channel + ".address"))
                        .as(service.name() + " channel " + channel)
                        .isEqualTo("dns:///" + channel + ":" + port);
                assertHeadless(K8S.service(channel), port);
            });
        }
    }

    private static void assertHeadless(Service service, int port) {
        String name = service.getMetadata().getName();
        assertThat(service.getSpec().getClusterIP()).as(name + " clusterIP").isEqualTo("None");
        assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getPort)
                .as(name + " ports")
                .contains(port);
    }

    @Test
    void eachServiceUsesItsOwnDatabase() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Map<String, String> config = serviceConfig(service.name());
            service.database()
                    .ifPresentOrElse(
                            database -> assertThat(config.get("spring.datasource.url"))
                                    .as(service.name() + " datasource")
                                    .startsWith("jdbc:postgresql://")
                                    .endsWith("/" + database),
                            () -> assertThat(config).doesNotContainKey("spring.datasource.url"));
        }
    }

    @Test
    void apiGatewayFindsEveryRoutedServiceThroughDns() {
        Map<String, String> config = serviceConfig("gateway-service");
        // with reactive discovery on, Spring Cloud's load balancer never asks relay.gateway.dns (checked by hand)
        assertThat(config.get("spring.cloud.discovery.reactive.enabled")).isEqualTo("false");
        List<String> routed = ServiceDefaults.named("gateway-service").routedServices();
        assertThat(routed).isNotEmpty();
        for (String name : routed) {
            int port = ServiceDefaults.named(name).httpPort();
            assertThat(config.get("relay.gateway.dns." + name))
                    .as("relay.gateway.dns." + name)
                    .isEqualTo("http://" + name + ":" + port);
            assertHeadless(K8S.service(name), port);
        }
    }

    @Test
    void servicesSelectPodsOfADeploymentAndTargetItsNamedPorts() {
        for (Service service : K8S.ofType(Service.class)) {
            String name = service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as(name + " selector").isNotEmpty();
            Deployment target = K8S.ofType(Deployment.class).stream()
                    .filter(d -> d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(selector.entrySet()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + name + " selects no Deployment's pods"));
            List<String> containerPorts = container(target).getPorts().stream()
                    .map(ContainerPort::getName)
                    .toList();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(containerPorts)
                        .as("Service " + name + " port " + port.getName())
                        .contains(port.getTargetPort().getStrVal());
            }
        }
    }

    @Test
    void deploymentsSelectTheirOwnPods() {
        for (Deployment deployment : K8S.ofType(Deployment.class)) {
            Map<String, String> podLabels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels)
                    .as(deployment.getMetadata().getName() + " pod labels")
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void entryPointsHaveOrdinaryServices() {
        assertThat(K8S.service("gateway-service").getSpec().getClusterIP()).isNotEqualTo("None");
        Service webSocket = K8S.service("message-gateway-ws");
        assertThat(webSocket.getSpec().getClusterIP()).isNotEqualTo("None");
        assertThat(webSocket.getSpec().getPorts())
                .extracting(ServicePort::getPort)
                .containsExactly(ServiceDefaults.named("message-gateway").httpPort());
    }

    @Test
    void podsAnnounceTheirMetricsToPrometheus() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Map<String, String> annotations = K8S.deployment(service.name())
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getAnnotations();
            assertThat(annotations)
                    .as(service.name() + " pod annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(service.managementPort()))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
        }
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootFilesystem() {
        for (String name : ServiceDefaults.NAMES) {
            Deployment deployment = K8S.deployment(name);
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getSecurityContext()
                            .getRunAsNonRoot())
                    .as(name + " runAsNonRoot")
                    .isTrue();
            Container container = container(deployment);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(name + " readOnlyRootFilesystem")
                    .isTrue();
            // the JVM and Netty write to /tmp
            assertThat(container.getVolumeMounts())
                    .extracting(VolumeMount::getMountPath)
                    .as(name + " mounts")
                    .contains("/tmp");
        }
    }

    @Test
    void privateMessageServerKeepsUploadsOnAVolumeEveryReplicaShares() {
        assertUploadsOnASharedClaim(K8S, serviceConfig("private-message-server"));
    }

    /**
     * relay.media.directory is where private-message-server mounts a PersistentVolumeClaim of the manifests that every
     * replica may mount at once (ReadWriteMany): the uploads one pod stores, the others serve.
     */
    static void assertUploadsOnASharedClaim(KubernetesManifests manifests, Map<String, String> config) {
        assertThat(config.getOrDefault("relay.media.store", "filesystem")).isEqualTo("filesystem");
        String directory = config.get("relay.media.directory");
        assertThat(directory).as("relay.media.directory").startsWith("/");
        Deployment deployment = manifests.deployment("private-message-server");
        VolumeMount mount = container(deployment).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(directory))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + directory));
        assertThat(mount.getReadOnly()).as("the media mount").isNotEqualTo(Boolean.TRUE);
        Volume volume = volume(deployment, mount.getName());
        assertThat(volume.getPersistentVolumeClaim()).as("the media volume").isNotNull();
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = manifests
                .find(PersistentVolumeClaim.class, claim)
                .orElseThrow(() -> new AssertionError("no PersistentVolumeClaim " + claim));
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getFsGroup())
                .as("fsGroup: the volume is writable by the image's user")
                .isEqualTo(10001L);
    }
}
