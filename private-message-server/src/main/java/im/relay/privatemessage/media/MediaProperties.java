package im.relay.privatemessage.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code relay.media.*}: uploads (size and type limits), the store of their bytes, and the cleanup of uploads that no
 * message references.
 */
@ConfigurationProperties("relay.media")
public record MediaProperties(
        DataSize maxSize,
        List<String> allowedTypes,
        Duration orphanTtl,
        Duration cleanupInterval,
        int thumbnailSize,
        long maxImagePixels,
        Store store,
        Path directory,
        S3 s3) {

    public enum Store {
        FILESYSTEM,
        S3
    }

    /** An S3-compatible bucket (AWS S3, MinIO, Ceph, S3Proxy ...); credentials empty: the SDK's default chain. */
    public record S3(
            String endpoint,
            String region,
            String bucket,
            String accessKey,
            String secretKey,
            boolean pathStyle,
            String keyPrefix) {}

    /** Whether the sniffed type is allowed: an exact type, or {@code type/*}. */
    boolean allows(String mimeType) {
        return allowedTypes.stream()
                .anyMatch(allowed -> allowed.equalsIgnoreCase(mimeType)
                        || (allowed.endsWith("/*")
                                && mimeType.regionMatches(true, 0, allowed, 0, allowed.length() - 1)));
    }
}
