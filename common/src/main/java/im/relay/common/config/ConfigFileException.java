package im.relay.common.config;

import java.nio.file.Path;

/** A configuration file that cannot be read or parsed; the message names the file and the problem. */
public final class ConfigFileException extends RuntimeException {

    private final Path file;

    ConfigFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
