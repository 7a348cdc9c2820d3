package im.relay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Whatever the user typed for --data, the engines get one absolute, normalised path. */
class DataDirectoryTest {

    private static final Path HERE = Path.of("").toAbsolutePath();

    @Test
    void resolvesARelativeDataDirectoryAgainstTheWorkingDirectory() {
        assertThat(UpCommand.absolute(Path.of("data"))).isEqualTo(HERE.resolve("data"));
        assertThat(UpCommand.absolute(Path.of("../x")))
                .isEqualTo(HERE.getParent().resolve("x"));
        assertThat(UpCommand.absolute(Path.of("./a/../data"))).isEqualTo(HERE.resolve("data"));
    }

    @Test
    void readsATildeTheShellDidNotExpandAsTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(UpCommand.absolute(Path.of("~/relay"))).isEqualTo(home.resolve("relay"));
        assertThat(UpCommand.absolute(Path.of("~"))).isEqualTo(home);
    }

    @Test
    void keepsAnAbsoluteDirectoryWithASpace() {
        assertThat(UpCommand.absolute(Path.of("/tmp/my relay/data"))).isEqualTo(Path.of("/tmp/my relay/data"));
    }
}
