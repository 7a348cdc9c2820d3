package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.deploy.KubernetesManifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KubernetesSecretsTest {

    private static final KubernetesManifests K8S = KubernetesManifests.load();

    @Test
    void noManifestCarriesALiteralSecret() {
        for (Manifest manifest : K8S.all()) {
            assertThat(LiteralSecrets.in(manifest.object()))
                    .as(manifest.describe())
                    .isEmpty();
        }
    }

    @Test
    void servicesReadTheirSecretsFromTheMountedSecretsDirectory() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Deployment deployment = K8S.deployment(service.name());
            Container container = KubernetesManifestsTest.container(deployment);
            List<String> secretVolumes = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> !secretNames(v).isEmpty())
                    .map(Volume::getName)
                    .toList();
            boolean needsSecret =
                    service.database().isPresent() || service.name().equals("message-gateway");
            if (!needsSecret) {
                continue;
            }
            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(m -> secretVolumes.contains(m.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(service.name() + " mounts no Secret"));
            assertThat(mount.getMountPath())
                    .as(service.name() + " Secret mount")
                    .isEqualTo("/secrets");
            List<String> args = container.getArgs();
            assertThat(args).as(service.name() + " args").contains("--k8s-secrets");
            assertThat(args.get(args.indexOf("--k8s-secrets") + 1)).isEqualTo("/secrets");
        }
    }

    @Test
    void everySecretTheDeploymentsUseIsDocumentedForTheOperator() {
        Set<String> secrets = new TreeSet<>();
        for (Deployment deployment : K8S.ofType(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            pod.getVolumes().forEach(v -> secrets.addAll(secretNames(v)));
            pod.getContainers().stream()
                    .flatMap(c -> c.getEnv().stream())
                    .map(EnvVar::getValueFrom)
                    .filter(Objects::nonNull)
                    .filter(from -> from.getSecretKeyRef() != null)
                    .forEach(from -> secrets.add(from.getSecretKeyRef().getName()));
        }
        String readme = DeployFiles.read(DeployFiles.MODULE.resolve("README.md"));

        assertThat(secrets).isNotEmpty();
        assertThat(secrets).allSatisfy(name -> assertThat(readme).contains("create secret generic " + name));
    }

    /** The Secrets a volume shows: its own, or those projected into it beside other sources. */
    static List<String> secretNames(Volume volume) {
        if (volume.getSecret() != null) {
            return List.of(volume.getSecret().getSecretName());
        }
        if (volume.getProjected() == null) {
            return List.of();
        }
        return volume.getProjected().getSources().stream()
                .filter(source -> source.getSecret() != null)
                .map(source -> source.getSecret().getName())
                .toList();
    }

    @Test
    void findsASecretObjectWithData() {
        HasMetadata secret = KubernetesManifests.parse("""
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: relay-database}
                        stringData: {SPRING_DATASOURCE_PASSWORD: hunter2}
                        """).getFirst();

        assertThat(LiteralSecrets.in(secret)).hasSize(1);
    }

    @Test
    void findsAPasswordInAnEnvironmentVariableButNotASecretKeyRef() {
        HasMetadata deployment = KubernetesManifests.parse("""
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: x}
                        spec:
                          template:
                            spec:
                              containers:
                                - name: x
                                  env:
                                    - {name: SPRING_DATASOURCE_PASSWORD, value: hunter2}
                                    - name: RELAY_MESSAGEGATEWAY_CLUSTER_SECRET
                                      valueFrom: {secretKeyRef: {name: s, key: k}}
                                    - {name: SPRING_DATA_REDIS_URL, value: "redis://relay:hunter2@cache:6379"}
                                    - {name: LOGGING_LEVEL_IM_RELAY, value: debug}
                        """).getFirst();

        assertThat(LiteralSecrets.in(deployment))
                .hasSize(2)
                .anySatisfy(found -> assertThat(found).contains("SPRING_DATASOURCE_PASSWORD"))
                .anySatisfy(found -> assertThat(found).contains("SPRING_DATA_REDIS_URL"));
    }

    @Test
    void findsSecretsInConfigMapKeysAndFiles() {
        HasMetadata configMap = KubernetesManifests.parse("""
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: x}
                        data:
                          RELAY_MESSAGEGATEWAY_CLUSTER_SECRET: s3cret
                          service.yaml: |
                            spring:
                              datasource:
                                url: jdbc:postgresql://db:5432/relay_user
                                password: hunter2
                            logging.level.im.relay: debug
                        """).getFirst();

        assertThat(LiteralSecrets.in(configMap))
                .hasSize(2)
                .anySatisfy(found -> assertThat(found).contains("RELAY_MESSAGEGATEWAY_CLUSTER_SECRET"))
                .anySatisfy(found -> assertThat(found).contains("spring.datasource.password"));
    }
}
