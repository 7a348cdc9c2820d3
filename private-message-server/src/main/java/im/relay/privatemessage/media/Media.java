package im.relay.privatemessage.media;

import java.time.Instant;
import java.util.UUID;

/** An upload's metadata (table {@code media}); its bytes are in the {@link MediaStore} under {@link #key()}. */
record Media(
        UUID id,
        UUID uploaderId,
        String name,
        long size,
        String mimeType,
        Integer width,
        Integer height,
        boolean hasThumbnail,
        Instant createdAt) {

    String key() {
        return id.toString();
    }

    String thumbnailKey() {
        return id + ".thumb";
    }
}
