package im.relay.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The settings the chart is rendered with in the tests; each is rendered once per test run. */
enum HelmScenario {
    DEFAULTS("-f", HelmChart.CI_VALUES.toString()),
    MANAGED_ENGINES("-f", HelmChart.MANAGED_VALUES.toString()),
    INGRESS(
            "-f",
            HelmChart.CI_VALUES.toString(),
            "--set",
            "ingress.enabled=true",
            "--set",
            "ingress.hosts[0]=chat.example.com",
            "--set",
            "ingress.tls[0].secretName=chat-example-com-tls",
            "--set",
            "ingress.tls[0].hosts[0]=chat.example.com",
            "--set",
            "ingress.directWebSocket=true",
            "--set",
            "metrics.serviceMonitor.enabled=true"),
    HTTP_ROUTE(
            "-f",
            HelmChart.CI_VALUES.toString(),
            "--set",
            "httpRoute.enabled=true",
            "--set",
            "httpRoute.parentRefs[0].name=public",
            "--set",
            "httpRoute.hostnames[0]=chat.example.com",
            "--set",
            "httpRoute.directWebSocket=true");

    private static final Map<HelmScenario, KubernetesManifests> RENDERED = new ConcurrentHashMap<>();

    private final List<String> args;

    HelmScenario(String... args) {
        this.args = List.of(args);
    }

    List<String> args() {
        return args;
    }

    /** The rendered objects; skips the calling test where there is no helm binary. */
    KubernetesManifests render() {
        HelmChart.requireBinary();
        return RENDERED.computeIfAbsent(this, scenario -> HelmChart.render(args.toArray(String[]::new)));
    }
}
