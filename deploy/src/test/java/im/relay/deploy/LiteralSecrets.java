package im.relay.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Literal secret values in manifests: a Secret object with data, an environment variable or a configuration key that
 * names a password, secret, token or key and carries a value, or a URL with credentials in it. Secrets come from
 * Secrets the operator creates (deploy/README.md), mounted at /secrets or referenced with secretKeyRef.
 */
final class LiteralSecrets {

    /** Names that announce a secret, in env style (DB_PASSWORD) or dotted style (cluster.secret, api-key). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|private[-_.]?key|api[-_.]?key|access[-_.]?key).*");

    /** scheme://user:password@host */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@");

    private LiteralSecrets() {}

    static List<String> in(HasMetadata object) {
        List<String> found = new ArrayList<>();
        if (object instanceof Secret secret) {
            if (!isEmpty(secret.getData()) || !isEmpty(secret.getStringData())) {
                found.add("Secret " + secret.getMetadata().getName() + " carries data: create it with kubectl instead");
            }
        }
        if (object instanceof Deployment deployment) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                    .forEach(container -> checkEnvironment(container, found));
        }
        if (object instanceof ConfigMap configMap) {
            checkConfigMap(configMap, found);
        }
        return found;
    }

    private static void checkEnvironment(Container container, List<String> found) {
        for (EnvVar env : container.getEnv()) {
            if (env.getValue() == null) {
                continue;
            }
            if (SECRET_NAME.matcher(env.getName()).matches()) {
                found.add("container " + container.getName() + " sets " + env.getName()
                        + " literally: use valueFrom.secretKeyRef or the /secrets mount");
            }
            if (CREDENTIALS_IN_URL.matcher(env.getValue()).find()) {
                found.add("container " + container.getName() + " has credentials in the URL of " + env.getName());
            }
        }
    }

    private static void checkConfigMap(ConfigMap configMap, List<String> found) {
        String name = configMap.getMetadata().getName();
        for (Map.Entry<String, String> entry : configMap.getData().entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key.endsWith(".yaml") || key.endsWith(".yml") || key.endsWith(".json")) {
                DeployFiles.flatten(DeployFiles.yaml(value)).forEach((property, propertyValue) -> {
                    if (!propertyValue.isBlank()
                            && SECRET_NAME.matcher(property).matches()) {
                        found.add("ConfigMap " + name + " sets " + property + " in " + key);
                    }
                });
            } else if (!value.isBlank() && SECRET_NAME.matcher(key).matches()) {
                found.add("ConfigMap " + name + " sets " + key);
            }
            if (CREDENTIALS_IN_URL.matcher(value).find()) {
                found.add("ConfigMap " + name + " has credentials in a URL in " + key);
            }
        }
    }

    private static boolean isEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }
}
