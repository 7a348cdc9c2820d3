package im.relay.privatemessage.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where the bytes of uploads live, by key: a directory ({@link FilesystemMediaStore}) or an S3-compatible bucket. */
public interface MediaStore {

    /** Stores the file {@code source} (which the store may move away) under {@code key}. */
    void put(String key, Path source, String contentType) throws IOException;

    /** Stores small content (a thumbnail) under {@code key}. */
    void put(String key, byte[] content, String contentType) throws IOException;

    /** The bytes under {@code key} from {@code offset} to the end. */
    InputStream open(String key, long offset) throws IOException;

    /** Removes {@code key}; nothing happens when it is absent. */
    void delete(String key) throws IOException;
}
