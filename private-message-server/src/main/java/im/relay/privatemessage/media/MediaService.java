package im.relay.privatemessage.media;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.common.validation.UserText;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.send.MediaAttachments;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads: streamed to a temporary file (never held in memory) while counted against {@code relay.media.max-size},
 * typed by their bytes (Apache Tika), measured and thumbnailed when they are images, then moved into the
 * {@link MediaStore}. A message that names an upload makes it readable to its conversation's members: the two people
 * of a private conversation, the current members of a group (group-service answers, at each download).
 */
public class MediaService implements MediaAttachments {

    private static final Logger log = LoggerFactory.getLogger(MediaService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_NAME_LENGTH = 255;

    private final MediaRepository repository;
    private final MediaStore store;
    private final ConversationPolicy policy;
    private final GroupClient groups;
    private final MediaProperties properties;
    private final Clock clock;
    private final Tika tika = new Tika();

    MediaService(
            MediaRepository repository,
            MediaStore store,
            ConversationPolicy policy,
            GroupClient groups,
            MediaProperties properties,
            Clock clock) {
        this.repository = repository;
        this.store = store;
        this.policy = policy;
        this.groups = groups;
        this.properties = properties;
        this.clock = clock;
    }

    /** Stores the body of an upload by {@code uploader}; {@code declaredLength} is -1 when the client did not say. */
    Media upload(UUID uploader, String name, long declaredLength, InputStream body) {
        String fileName = fileName(name);
        long max = properties.maxSize().toBytes();
        if (declaredLength > max) {
            throw tooLarge(max);
        }
        Path staged = null;
        try {
            staged = Files.createTempFile("relay-upload-", ".part");
            long size = copyAtMost(body, staged, max);
            if (size == 0) {
                throw new RelayException(ErrorCode.VALIDATION_FAILED, "the upload is empty");
            }
            String mimeType = sniff(staged);
            if (!properties.allows(mimeType)) {
                throw new RelayException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "files of type " + mimeType + " are not accepted (allowed: "
                                + String.join(", ", properties.allowedTypes()) + ")");
            }
            UUID id = Ids.newUuid();
            Images.Info image = mimeType.startsWith("image/")
                    ? Images.read(staged, properties.thumbnailSize(), properties.maxImagePixels())
                    : null;
            boolean thumbnail = image != null && image.thumbnail() != null;
            Media media = new Media(
                    id,
                    uploader,
                    fileName,
                    size,
                    mimeType,
                    image == null ? null : image.width(),
                    image == null ? null : image.height(),
                    thumbnail,
                    clock.instant());
            if (thumbnail) {
                store.put(media.thumbnailKey(), image.thumbnail(), "image/png");
            }
            store.put(media.key(), staged, mimeType);
            repository.insert(media);
            return media;
        } catch (IOException e) {
            throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the upload could not be stored", e);
        } finally {
            deleteQuietly(staged);
        }
    }

    /** The media if {@code reader} uploaded it or belongs to a conversation whose messages carry it; else 404. */
    Media readable(UUID reader, String mediaId) {
        UUID id = parse(mediaId);
        Media media = repository.find(id).orElseThrow(() -> notFound(mediaId));
        if (media.uploaderId().equals(reader)) {
            return media;
        }
        for (String conversation : repository.conversationsOf(id)) {
            if (mayRead(reader, conversation)) {
                return media;
            }
        }
        throw notFound(mediaId);
    }

    private boolean mayRead(UUID reader, String conversationId) {
        if (conversationId.startsWith("g:")) {
            return groups.isMember(reader, ConversationIds.groupOf(conversationId));
        }
        try {
            policy.authorizeConversation(reader, conversationId);
            return true;
        } catch (RelayException notAMember) {
            return false;
        }
    }

    InputStream open(String key, long offset) {
        try {
            return store.open(key, offset);
        } catch (IOException e) {
            throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the file could not be read", e);
        }
    }

    /**
     * {@link #attach} for a message that group-message-server stores: the sender must be a member of the group now
     * (group-message-server has checked it; asked again, as this call may come from anyone with a token).
     */
    String attachToGroup(UUID sender, String conversationId, ContentType contentType, String mediaId) {
        UUID groupId = ConversationIds.groupOf(conversationId);
        if (!groups.isMember(sender, groupId)) {
            throw new RelayException(ErrorCode.NOT_GROUP_MEMBER, "you are not a member of this group");
        }
        return attach(sender, ConversationIds.group(groupId), contentType, mediaId);
    }

    @Override
    public String attach(UUID sender, String conversationId, ContentType contentType, String mediaId) {
        if (mediaId == null || mediaId.isBlank()) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED,
                    contentType + " content must be the id of an upload or an http(s) URL");
        }
        UUID id = parse(mediaId);
        Media upload = repository
                .find(id)
                .filter(found -> found.uploaderId().equals(sender))
                .orElseThrow(() -> notFound(mediaId));
        String family = switch (contentType) {
            case IMAGE -> "image/";
            case AUDIO -> "audio/";
            case VIDEO -> "video/";
            default -> "";
        };
        if (!upload.mimeType().startsWith(family)) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED,
                    "upload " + mediaId + " is " + upload.mimeType() + ", not " + contentType + "; send it as FILE");
        }
        // sends only your own uploads; the row is locked so that the orphan cleanup cannot take it meanwhile
        Media media = repository
                .reference(id, sender, conversationId, clock.instant())
                .orElseThrow(() -> notFound(mediaId));
        return JSON.writeValueAsString(describe(media));
    }

    /** A media message's content: {id, name, size, mimeType, width, height}. */
    static Map<String, Object> describe(Media media) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("id", media.id().toString());
        content.put("name", media.name());
        content.put("size", media.size());
        content.put("mimeType", media.mimeType());
        content.put("width", media.width());
        content.put("height", media.height());
        return content;
    }

    /** Deletes uploads older than {@code relay.media.orphan-ttl} that no message references: rows, then bytes. */
    int deleteOrphans() {
        int deleted = 0;
        List<Media> orphans;
        do {
            orphans = repository.deleteOrphans(clock.instant().minus(properties.orphanTtl()), 100);
            for (Media orphan : orphans) {
                try {
                    store.delete(orphan.key());
                    if (orphan.hasThumbnail()) {
                        store.delete(orphan.thumbnailKey());
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("orphan upload {}: its row is gone but its bytes could not be deleted", orphan.id(), e);
                }
            }
            deleted += orphans.size();
        } while (orphans.size() == 100);
        return deleted;
    }

    private String sniff(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return tika.detect(in); // from the bytes alone: neither the name nor the client's Content-Type
        }
    }

    private static long copyAtMost(InputStream body, Path target, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
                if (total > max) {
                    throw tooLarge(max);
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    private static String fileName(String name) {
        if (name == null || name.isBlank()) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "name (the file's name) is required");
        }
        UserText.plain("name", name);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED, "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.contains("/") || name.contains("\\")) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "name is a file name, without / or \\");
        }
        return name;
    }

    private static RelayException tooLarge(long max) {
        return new RelayException(ErrorCode.PAYLOAD_TOO_LARGE, "an upload may have at most " + max + " bytes");
    }

    private static UUID parse(String mediaId) {
        try {
            return UUID.fromString(mediaId);
        } catch (IllegalArgumentException e) {
            throw notFound(mediaId);
        }
    }

    private static RelayException notFound(String mediaId) {
        return new RelayException(ErrorCode.NOT_FOUND, "no upload " + mediaId + " that you may read");
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file); // gone already when the store moved it in
        } catch (IOException e) {
            log.warn("could not delete the staged upload {}", file, e);
        }
    }
}
