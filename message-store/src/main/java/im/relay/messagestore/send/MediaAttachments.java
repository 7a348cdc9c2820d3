package im.relay.messagestore.send;

import im.relay.messagestore.model.ContentType;
import java.util.UUID;

/**
 * Media messages that name an uploaded file by its id: a server that hosts uploads supplies this, and a send of
 * {@code IMAGE}, {@code AUDIO}, {@code VIDEO} or {@code FILE} whose content is not an http(s) URL goes through it.
 */
public interface MediaAttachments {

    /**
     * Checks that {@code sender} uploaded the media {@code mediaId} and that it suits {@code contentType}, records that
     * {@code conversationId} references it (its members may then download it) and answers the message's content: the
     * media's description as a JSON object. Throws a RelayException (VALIDATION_FAILED, NOT_FOUND) otherwise.
     */
    String attach(UUID sender, String conversationId, ContentType contentType, String mediaId);
}
