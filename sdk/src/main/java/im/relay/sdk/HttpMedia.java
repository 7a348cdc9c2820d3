package im.relay.sdk;

import static im.relay.sdk.Http.query;
import static im.relay.sdk.Http.segment;

import java.nio.file.Path;

/** The media calls of {@link HttpRelayClient}: {@code /api/media}, files streamed from and to disk. */
final class HttpMedia implements RelayClient.Media {

    private final HttpRelayClient client;

    HttpMedia(HttpRelayClient client) {
        this.client = client;
    }

    @Override
    public MediaFile upload(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        String path = "/api/media" + query("name", name.toString()).replace("+", "%20");
        return Http.read(client.withToken(token -> client.http().postFile(path, file, token)), MediaFile.class);
    }

    @Override
    public void download(String mediaId, Path target) {
        String path = "/api/media/" + segment(mediaId);
        client.withToken(token -> client.http().getFile(path, target, token));
    }

    @Override
    public void downloadThumbnail(String mediaId, Path target) {
        String path = "/api/media/" + segment(mediaId) + "/thumbnail";
        client.withToken(token -> client.http().getFile(path, target, token));
    }
}
