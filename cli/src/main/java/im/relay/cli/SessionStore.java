package im.relay.cli;

import im.relay.sdk.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's saved login: {@code session.json} in the user's config directory ({@code $RELAY_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/relay}, else {@code ~/.config/relay}), readable by its owner only, since it holds a refresh
 * token.
 */
final class SessionStore {

    record Saved(String server, String username, Tokens tokens) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    SessionStore(Path directory) {
        this.file = directory.resolve("session.json");
    }

    static Path defaultDirectory() {
        String explicit = System.getenv("RELAY_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("relay");
    }

    Path file() {
        return file;
    }

    Optional<Saved> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(file.toFile());
        Tokens tokens = new Tokens(
                node.path("userId").asString(),
                node.path("accessToken").asString(),
                node.path("refreshToken").asString(),
                Instant.parse(node.path("expiresAt").asString()));
        return Optional.of(
                new Saved(node.path("server").asString(), node.path("username").asString(), tokens));
    }

    void save(Saved saved) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", saved.server());
        json.put("username", saved.username());
        json.put("userId", saved.tokens().userId());
        json.put("accessToken", saved.tokens().accessToken());
        json.put("refreshToken", saved.tokens().refreshToken());
        json.put("expiresAt", saved.tokens().expiresAt().toString());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("session.json.tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary);
            ownerOnly(temporary);
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            Files.move(
                    temporary,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the session in " + file, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile directory protects it
        }
    }
}
