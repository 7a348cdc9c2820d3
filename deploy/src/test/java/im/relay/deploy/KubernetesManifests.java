package im.relay.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every manifest under deploy/k8s as typed fabric8 objects, each with the file it came from. */
final class KubernetesManifests {

    record Manifest(Path file, HasMetadata object) {
        String describe() {
            return DeployFiles.MODULE.relativize(file) + ": " + object.getKind() + " "
                    + object.getMetadata().getName();
        }
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<Manifest> manifests;

    private KubernetesManifests(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    /** Reads every *.yaml and *.yml under deploy/k8s except the kustomization files, which are not objects. */
    static KubernetesManifests load() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : manifestFiles(DeployFiles.K8S)) {
            for (HasMetadata object : parse(file)) {
                manifests.add(new Manifest(file, object));
            }
        }
        return new KubernetesManifests(manifests);
    }

    /** Objects that came from one source (a rendered chart, say), for the same look-ups as the manifests. */
    static KubernetesManifests of(Path source, List<HasMetadata> objects) {
        return new KubernetesManifests(
                objects.stream().map(object -> new Manifest(source, object)).toList());
    }

    static List<Path> manifestFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().startsWith("kustomization."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One object or several (documents separated by ---); anything else in a manifest file is an error. */
    static List<HasMetadata> parse(Path file) {
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return asObjects(parsed, file.toString());
    }

    static List<HasMetadata> parse(String yaml) {
        return asObjects(SERIALIZATION.unmarshal(yaml), "inline manifest");
    }

    private static List<HasMetadata> asObjects(Object parsed, String source) {
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream()
                    .flatMap(item -> asObjects(item, source).stream())
                    .toList();
        }
        if (parsed instanceof HasMetadata object) {
            return List.of(object);
        }
        throw new IllegalArgumentException(source + " holds " + parsed + ", not Kubernetes objects");
    }

    List<Manifest> all() {
        return manifests;
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return manifests.stream()
                .map(Manifest::object)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return ofType(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    Deployment deployment(String name) {
        return find(Deployment.class, name).orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    Service service(String name) {
        return find(Service.class, name).orElseThrow(() -> new AssertionError("no Service " + name));
    }

    ConfigMap configMap(String name) {
        return find(ConfigMap.class, name).orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }
}
