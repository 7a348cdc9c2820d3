package im.relay.sdk;

/**
 * An upload ({@code POST /api/media}): its id (the content of a media message), the name and size, the type the server
 * read from its bytes, and for images their size and the path of a thumbnail ({@code null} otherwise).
 */
public record MediaFile(
        String mediaId, String name, long size, String mimeType, Integer width, Integer height, String thumbnail) {

    /** The message content type that suits this upload: IMAGE, AUDIO, VIDEO, or FILE for anything else. */
    public String contentType() {
        if (mimeType.startsWith("image/")) {
            return "IMAGE";
        }
        if (mimeType.startsWith("audio/")) {
            return "AUDIO";
        }
        return mimeType.startsWith("video/") ? "VIDEO" : "FILE";
    }
}
