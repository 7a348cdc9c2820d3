package im.relay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSecretsTest {

    @TempDir
    Path data;

    @Test
    void makesUpEachSecretOnceAndKeepsItOwnerOnly() throws Exception {
        String first = DataSecrets.in(data).get("message-gateway.cluster-secret");

        assertThat(first).hasSizeGreaterThanOrEqualTo(40).doesNotContain("dev-only");
        assertThat(DataSecrets.in(data).get("message-gateway.cluster-secret"))
                .as("read back on the next start")
                .isEqualTo(first);
        assertThat(DataSecrets.in(data).get("redis.password")).isNotEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(DataSecrets.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void differsBetweenDataDirectories(@TempDir Path other) {
        assertThat(DataSecrets.in(data).get("auth.key-encryption-key"))
                .isNotEqualTo(DataSecrets.in(other).get("auth.key-encryption-key"));
    }
}
