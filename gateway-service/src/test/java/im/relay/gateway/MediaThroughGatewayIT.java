package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads, media messages and ranged downloads as a client makes them: through the API gateway only. */
class MediaThroughGatewayIT extends MessagingTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anImageGoesUpIntoAMessageAndOnlyTheConversationDownloadsIt() throws Exception {
        Account alice = register("alice");
        Account bob = register("bob");
        Account carol = register("carol");
        befriend(alice, bob);
        byte[] png = png(320, 160);

        HttpResponse<String> upload = upload(alice, "cat.png", "application/octet-stream", png);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode media = JSON.readTree(upload.body());
        String id = media.get("mediaId").asString();
        assertThat(media.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(media.get("width").asInt()).isEqualTo(320);
        assertThat(media.get("height").asInt()).isEqualTo(160);

        ApiClient.Reply sent = alice.api()
                .post(
                        "/api/chat/private/" + bob.id() + "/messages",
                        json("clientMsgId", "img-1", "contentType", "IMAGE", "content", id));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode content = JSON.readTree(sent.json().get("content").asString());
        assertThat(content.get("id").asString()).isEqualTo(id);
        assertThat(content.get("name").asString()).isEqualTo("cat.png");
        assertThat(content.get("size").asLong()).isEqualTo(png.length);
        assertThat(content.get("width").asInt()).isEqualTo(320);

        HttpResponse<byte[]> range = download(bob, "/api/media/" + id, "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(png, 100));
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + png.length);
        assertThat(range.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(range.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(range.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).contains("cat.png"));
        assertThat(download(bob, "/api/media/" + id, "bytes=99999999-").statusCode())
                .isEqualTo(416);
        assertThat(download(bob, "/api/media/" + id + "/thumbnail", null).statusCode())
                .isEqualTo(200);
        assertThat(download(carol, "/api/media/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aGroupMessageCarriesAnUploadThatTheGroupsMembersDownloadWhileTheyAreMembers() throws Exception {
        Account owner = register("owner");
        Account member = register("member");
        Account leaver = register("leaver");
        Account outsider = register("outsider");
        befriend(owner, member);
        befriend(owner, leaver);
        String group = createGroup(owner, List.of(member, leaver));
        byte[] png = png(64, 48);
        String id = JSON.readTree(upload(member, "team.png", "image/png", png).body())
                .get("mediaId")
                .asString();

        ApiClient.Reply sent = member.api()
                .post(
                        "/api/chat/groups/" + group + "/messages",
                        json("clientMsgId", "gimg-1", "contentType", "IMAGE", "content", id));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode content = JSON.readTree(sent.json().get("content").asString());
        assertThat(content.get("id").asString()).isEqualTo(id);
        assertThat(content.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(content.get("height").asInt()).isEqualTo(48);

        assertThat(download(owner, "/api/media/" + id, null).body()).isEqualTo(png);
        assertThat(download(leaver, "/api/media/" + id + "/thumbnail", null).statusCode())
                .isEqualTo(200);
        assertThat(download(outsider, "/api/media/" + id, null).statusCode()).isEqualTo(404);
        ApiClient.Reply notTheirs = owner.api()
                .post(
                        "/api/chat/groups/" + group + "/messages",
                        json("clientMsgId", "gimg-2", "contentType", "FILE", "content", id));
        assertThat(notTheirs.status()).as("another member's upload").isEqualTo(404);
        ApiClient.Reply asAudio = member.api()
                .post(
                        "/api/chat/groups/" + group + "/messages",
                        json("clientMsgId", "gimg-3", "contentType", "AUDIO", "content", id));
        assertThat(asAudio.status()).as("an image sent as AUDIO").isEqualTo(400);

        ApiClient.Reply removed = owner.api().delete("/api/groups/" + group + "/members/" + leaver.id());
        assertThat(removed.status()).as(removed.toString()).isBetween(200, 204);
        await().untilAsserted(() -> assertThat(
                        download(leaver, "/api/media/" + id, null).statusCode())
                .as("members at download time only")
                .isEqualTo(404));
        assertThat(download(owner, "/api/media/" + id, "bytes=0-9").statusCode())
                .isEqualTo(206);
    }

    @Test
    void oversizeAndUnacceptedUploadsAreProblemsThroughTheGateway() throws Exception {
        Account alice = register("alice");
        byte[] executable = new byte[4096];
        executable[0] = 0x7f;
        executable[1] = 'E';
        executable[2] = 'L';
        executable[3] = 'F';
        HttpResponse<String> wrongType = upload(alice, "run.png", "image/png", executable);
        assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(wrongType.body()).get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(gateway("/api/media?name=a.png"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png(2, 2)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + TestServices.httpPort(system.gateway) + path);
    }

    private static HttpResponse<String> upload(Account user, String name, String claimedType, byte[] body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(gateway("/api/media?name=" + name))
                        .header("Authorization", "Bearer " + user.accessToken())
                        .header("Content-Type", claimedType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(Account user, String path, String range)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(gateway(path)).header("Authorization", "Bearer " + user.accessToken());
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.GREEN);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
