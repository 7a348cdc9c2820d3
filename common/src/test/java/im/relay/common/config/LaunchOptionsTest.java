package im.relay.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void readsTheOriginalDesignsOptionsAndPassesTheRestToSpring() {
        LaunchOptions options =
                LaunchOptions.parse("--config", "prod.yaml", "--refresh", "5", "--server.port=8081", "--debug");

        assertThat(options.configFile).isEqualTo(Path.of("prod.yaml"));
        assertThat(options.refreshSeconds).isEqualTo(5);
        assertThat(options.kubernetes()).isFalse();
        assertThat(options.springArgs).containsExactly("--server.port=8081", "--debug");
    }

    @Test
    void k8sConfigDefaultsToSlashConfigAndSecretsToSlashSecrets() {
        LaunchOptions options = LaunchOptions.parse("--k8s-config", "--refresh=2");

        assertThat(options.k8sConfigDir).isEqualTo(Path.of("/config"));
        assertThat(options.secretsDir()).isEqualTo(Path.of("/secrets"));
        assertThat(options.refreshSeconds).isEqualTo(2);
    }

    @Test
    void k8sConfigTakesADirectory() {
        LaunchOptions options =
                LaunchOptions.parse("--k8s-config", "/etc/relay", "--k8s-secrets", "/etc/relay-secrets");

        assertThat(options.k8sConfigDir).isEqualTo(Path.of("/etc/relay"));
        assertThat(options.secretsDir()).isEqualTo(Path.of("/etc/relay-secrets"));
    }

    @Test
    void refusesARefreshBelowOneSecondOrNotANumber() {
        assertThatThrownBy(() -> LaunchOptions.parse("--refresh", "0")).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> LaunchOptions.parse("--refresh", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--refresh");
    }

    @Test
    void refusesSecretsWithoutK8sConfig() {
        assertThatThrownBy(() -> LaunchOptions.parse("--k8s-secrets", "/s")).hasMessageContaining("needs --k8s-config");
    }

    @Test
    void recognisesHelp() {
        assertThat(LaunchOptions.parse("--help").helpRequested).isTrue();
        assertThat(LaunchOptions.usage()).contains("--config", "--refresh", "--k8s-config");
    }
}
