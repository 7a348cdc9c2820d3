package im.relay.privatemessage.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default store: one file per key under a directory (by default {@code <data>/media} of {@code ./relay up}). */
final class FilesystemMediaStore implements MediaStore {

    private static final Logger log = LoggerFactory.getLogger(FilesystemMediaStore.class);

    private final Path directory;

    /**
     * Creates the directory if it can; if not (a read-only container file system without a volume there), the server
     * still starts and uploads answer 503 until the directory can be written, as the warning says.
     */
    FilesystemMediaStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            log.warn(
                    "uploads cannot be stored in {} ({}): mount a writable volume there, set relay.media.directory, or "
                            + "use relay.media.store=s3",
                    this.directory,
                    e.toString());
        }
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.move(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(file(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    /** Keys are media ids (a UUID, optionally with a suffix): spread over 256 subdirectories by their last digits. */
    private Path file(String key) {
        if (!key.matches("[0-9a-f-]{36}(\\.[a-z]+)?")) {
            throw new IllegalArgumentException("not a media key: " + key);
        }
        return directory.resolve(key.substring(34, 36)).resolve(key);
    }
}
