package im.relay.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The secrets of one data directory, made up on its first run and kept in {@code data/secrets.properties} (owner
 * only), so that no installation shares a secret with another or with the repository: the message-gateway nodes'
 * cluster secret, the embedded engines' passwords, the key that encrypts the token-signing keys.
 */
final class DataSecrets {

    static final String FILE = "secrets.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties values = new Properties();

    private DataSecrets(Path file) {
        this.file = file;
    }

    static DataSecrets in(Path data) {
        DataSecrets secrets = new DataSecrets(data.resolve(FILE));
        secrets.load();
        return secrets;
    }

    /** The secret named {@code name}, made up (32 random bytes, URL-safe Base64) and saved on first use. */
    synchronized String get(String name) {
        String value = values.getProperty(name);
        if (value == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            values.setProperty(name, value);
            save();
        }
        return value;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            values.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void save() {
        Path next = file.resolveSibling(FILE + ".next");
        try {
            Files.deleteIfExists(next);
            try {
                Files.createFile(
                        next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(next); // not a POSIX file system
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException(e);
            }
            try (Writer writer = Files.newBufferedWriter(next)) {
                values.store(
                        writer,
                        "Relay's secrets for this data directory: keep them with the data, share them with nobody");
            }
            Files.move(
                    next,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
