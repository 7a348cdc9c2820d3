package im.relay.privatemessage.media;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code media} and {@code media_reference} tables. */
@Repository
class MediaRepository {

    private static final String COLUMNS =
            "id, uploader_id, name, size, mime_type, width, height, has_thumbnail, created_at";

    private static final RowMapper<Media> MEDIA = (row, n) -> new Media(
            row.getObject("id", UUID.class),
            row.getObject("uploader_id", UUID.class),
            row.getString("name"),
            row.getLong("size"),
            row.getString("mime_type"),
            (Integer) row.getObject("width"),
            (Integer) row.getObject("height"),
            row.getBoolean("has_thumbnail"),
            row.getObject("created_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    MediaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Media media) {
        jdbc.sql("INSERT INTO media (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        media.id(),
                        media.uploaderId(),
                        media.name(),
                        media.size(),
                        media.mimeType(),
                        media.width(),
                        media.height(),
                        media.hasThumbnail(),
                        utc(media.createdAt()))
                .update();
    }

    Optional<Media> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media WHERE id = ?")
                .param(id)
                .query(MEDIA)
                .optional();
    }

    /** The conversations whose messages carry the media. */
    List<String> conversationsOf(UUID id) {
        return jdbc.sql("SELECT conversation_id FROM media_reference WHERE media_id = ?")
                .param(id)
                .query(String.class)
                .list();
    }

    /**
     * Records that {@code conversationId} references the media that {@code uploader} uploaded, with the media row
     * locked against the orphan cleanup; empty when there is no such upload (or the cleanup just removed it).
     */
    @Transactional
    public Optional<Media> reference(UUID id, UUID uploader, String conversationId, Instant now) {
        Optional<Media> media = jdbc.sql("SELECT " + COLUMNS + " FROM media WHERE id = ? AND uploader_id = ? FOR SHARE")
                .params(id, uploader)
                .query(MEDIA)
                .optional();
        media.ifPresent(
                found -> jdbc.sql("INSERT INTO media_reference (media_id, conversation_id, created_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT DO NOTHING")
                        .params(id, conversationId, utc(now))
                        .update());
        return media;
    }

    /**
     * Deletes up to {@code limit} uploads made before {@code cutoff} that no message references, skipping rows a send
     * holds at this moment, and answers them (their bytes are then removed from the store).
     */
    @Transactional
    public List<Media> deleteOrphans(Instant cutoff, int limit) {
        List<Media> orphans = jdbc.sql("SELECT " + COLUMNS + " FROM media m WHERE created_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM media_reference r WHERE r.media_id = m.id)"
                        + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(utc(cutoff), limit)
                .query(MEDIA)
                .list();
        for (Media orphan : orphans) {
            jdbc.sql("DELETE FROM media WHERE id = ?").param(orphan.id()).update();
        }
        return orphans;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
