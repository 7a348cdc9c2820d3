package im.relay.privatemessage.media;

import static im.relay.common.testing.ApiClient.json;
import static im.relay.messagestore.testing.GrpcFailures.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.error.ErrorCode;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.ServiceStack;
import im.relay.common.testing.TestServices;
import im.relay.friend.FriendServiceApplication;
import im.relay.privatemessage.PrivateMessageServerApplication;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.privatemessage.v1.AttachMediaRequest;
import im.relay.proto.privatemessage.v1.MediaServiceGrpc;
import im.relay.user.UserServiceBeside;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads and downloads through private-message-server's REST API, on PostgreSQL, Redis and Kafka with the real
 * friend-service and user-service: the filesystem store (across a restart), and the S3 store against S3Proxy, a real
 * S3-compatible server running in this JVM.
 */
class MediaIT {

    static final MutableClock clock = new MutableClock();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();
    static final int MAX_SIZE = 1024 * 1024;

    static TestTokens tokens;
    static ServiceStack stack;
    static UserServiceBeside users;
    static ConfigurableApplicationContext friends;
    static Map<String, String> calls;
    static Path directory;
    static ConfigurableApplicationContext server;
    static ManagedChannel channel;
    static S3Proxy s3proxy;
    static S3Client s3;
    static ConfigurableApplicationContext s3Server;

    static class Clocks {
        @Bean
        Clock clock() {
            return clock;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        tokens = TestTokens.start();
        stack = new ServiceStack(tokens.jwksUri());
        users = UserServiceBeside.start("media_users", tokens.jwksUri());
        friends = stack.start(
                FriendServiceApplication.class, "media_friends", Map.of("user-service", users.grpcAddress()));
        calls = Map.of("user-service", users.grpcAddress(), "friend-service", ServiceStack.grpcAddress(friends));
        directory = Files.createTempDirectory("relay-media-it");
        server = startServer("media_messages", Map.of("relay.media.directory", directory.toString()));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestServices.grpcPort(server))
                .usePlaintext()
                .build();

        BlobStoreContext blobs = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        s3proxy = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "media-key", "media-secret")
                .build();
        s3proxy.start();
        await().until(() -> "STARTED".equals(s3proxy.getState()));
        String endpoint = "http://127.0.0.1:" + s3proxy.getPort();
        s3 = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("media-key", "media-secret")))
                .build();
        s3.createBucket(b -> b.bucket("relay-media"));
        s3Server = startServer(
                "media_s3",
                Map.of(
                        "relay.media.store", "s3",
                        "relay.media.s3.endpoint", endpoint,
                        "relay.media.s3.bucket", "relay-media",
                        "relay.media.s3.access-key", "media-key",
                        "relay.media.s3.secret-key", "media-secret",
                        "relay.media.s3.path-style", "true",
                        "relay.media.s3.key-prefix", "uploads/"));
    }

    /** A server on its own database: the orphan cleanup of one store must not drop the other's rows. */
    static ConfigurableApplicationContext startServer(String database, Map<String, String> media) {
        Map<String, String> settings = new HashMap<>(media);
        settings.put("relay.media.max-size", MAX_SIZE + "B");
        settings.put("relay.media.cleanup-interval", "200ms");
        settings.put("spring.datasource.hikari.maximum-pool-size", "4"); // the PostgreSQL is shared
        return stack.start(PrivateMessageServerApplication.class, database, calls, settings, Clocks.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (stack != null) {
            stack.close();
        }
        if (s3proxy != null) {
            s3proxy.stop();
        }
        if (users != null) {
            users.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void anImageIsSniffedMeasuredAndThumbnailedWhateverTheClientClaims() throws Exception {
        User alice = user("alice");
        byte[] png = png(640, 480);

        HttpResponse<String> upload = upload(server, alice, "holiday photo.txt", "text/plain", png);

        assertThat(upload.statusCode()).isEqualTo(201);
        JsonNode media = JSON.readTree(upload.body());
        String id = media.get("mediaId").asString();
        assertThat(upload.headers().firstValue("Location")).hasValue("/api/media/" + id);
        assertThat(media.get("name").asString()).isEqualTo("holiday photo.txt");
        assertThat(media.get("size").asLong()).isEqualTo(png.length);
        assertThat(media.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(media.get("width").asInt()).isEqualTo(640);
        assertThat(media.get("height").asInt()).isEqualTo(480);
        assertThat(media.get("thumbnail").asString()).isEqualTo("/api/media/" + id + "/thumbnail");

        HttpResponse<byte[]> whole = download(server, alice, "/api/media/" + id, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(png);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(whole.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(disposition -> assertThat(disposition)
                        .startsWith("inline")
                        .contains("holiday")); // RFC 5987 form for the space

        HttpResponse<byte[]> thumbnail = download(server, alice, "/api/media/" + id + "/thumbnail", null);
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(256);
        assertThat(small.getHeight()).isEqualTo(192);

        JsonNode text = JSON.readTree(upload(server, alice, "notes.png", "image/png", "just words\n".getBytes())
                .body());
        assertThat(text.get("mimeType").asString()).isEqualTo("text/plain");
        assertThat(text.has("width")).isFalse();
        assertThat(text.has("thumbnail")).isFalse();
        assertThat(download(server, alice, "/api/media/" + text.get("mediaId").asString() + "/thumbnail", null)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<byte[]> file =
                download(server, alice, "/api/media/" + text.get("mediaId").asString(), null);
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(disposition -> assertThat(disposition).startsWith("attachment"));
    }

    @Test
    void oversizeUploadsAre413AndUnknownTypes415() throws Exception {
        User alice = user("alice");

        HttpResponse<String> declared = upload(server, alice, "big.bin", "image/png", new byte[MAX_SIZE + 1]);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(declared.body()).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");

        // no Content-Length: the server counts while it streams
        byte[] big = new byte[MAX_SIZE + 100_000];
        HttpResponse<String> streamed = http.send(
                HttpRequest.newBuilder(uri(server, "/api/media?name=big.bin"))
                        .header("Authorization", "Bearer " + alice.token())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(streamed.body()).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");

        byte[] classFile;
        try (InputStream in = MediaIT.class.getResourceAsStream("MediaIT.class")) {
            classFile = in.readAllBytes();
        }
        HttpResponse<String> wrongType = upload(server, alice, "cat.png", "image/png", classFile);
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(wrongType.body()).get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        assertThat(upload(server, alice, "", "image/png", png(4, 4)).statusCode())
                .isEqualTo(400);
        assertThat(upload(server, alice, "../etc/passwd", "image/png", png(4, 4))
                        .statusCode())
                .isEqualTo(400);
        assertThat(upload(server, alice, "empty.png", "image/png", new byte[0]).statusCode())
                .isEqualTo(400);
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(uri(server, "/api/media?name=a.png"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png(4, 4)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void rangesAre206AndUnsatisfiableOnes416() throws Exception {
        User alice = user("alice");
        byte[] png = png(300, 200);
        String id = mediaId(upload(server, alice, "range.png", "image/png", png));

        HttpResponse<byte[]> middle = download(server, alice, "/api/media/" + id, "bytes=10-19");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(png, 10, 20));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + png.length);

        HttpResponse<byte[]> tail = download(server, alice, "/api/media/" + id, "bytes=-5");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(png, png.length - 5, png.length));

        HttpResponse<byte[]> open = download(server, alice, "/api/media/" + id, "bytes=100-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(png, 100, png.length));

        HttpResponse<byte[]> beyond = download(server, alice, "/api/media/" + id, "bytes=" + png.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + png.length);
    }

    @Test
    void onlyTheUploaderAndTheMembersOfAConversationThatCarriesItMayDownload() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        byte[] png = png(64, 32);
        String id = mediaId(upload(server, alice, "cat.png", "image/png", png));

        assertThat(download(server, bob, "/api/media/" + id, null).statusCode()).isEqualTo(404);
        assertThat(codeOf(() -> send(bob, alice, "steal", ContentType.CONTENT_TYPE_IMAGE, id)))
                .as("only one's own uploads may be sent")
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> send(alice, bob, "as-audio", ContentType.CONTENT_TYPE_AUDIO, id)))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, carol, "stranger", ContentType.CONTENT_TYPE_IMAGE, id)))
                .isEqualTo(ErrorCode.NOT_FRIENDS);

        Message sent = send(alice, bob, "img-1", ContentType.CONTENT_TYPE_IMAGE, id);
        JsonNode content = JSON.readTree(sent.getContent());
        assertThat(content.get("id").asString()).isEqualTo(id);
        assertThat(content.get("name").asString()).isEqualTo("cat.png");
        assertThat(content.get("size").asLong()).isEqualTo(png.length);
        assertThat(content.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(content.get("width").asInt()).isEqualTo(64);
        assertThat(content.get("height").asInt()).isEqualTo(32);
        MediaServiceGrpc.MediaServiceBlockingStub attach =
                MediaServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerCredentials(alice.token()));
        assertThat(codeOf(() ->
                        attach.attachMedia(attachment(sent.getConversationId(), ContentType.CONTENT_TYPE_IMAGE, id))))
                .as("AttachMedia is for group conversations")
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() ->
                        attach.attachMedia(attachment("g:" + UUID.randomUUID(), ContentType.CONTENT_TYPE_TEXT, id))))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);

        HttpResponse<byte[]> asBob = download(server, bob, "/api/media/" + id, null);
        assertThat(asBob.statusCode()).isEqualTo(200);
        assertThat(asBob.body()).isEqualTo(png);
        assertThat(download(server, bob, "/api/media/" + id + "/thumbnail", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(download(server, carol, "/api/media/" + id, null).statusCode())
                .isEqualTo(404);
        assertThat(download(server, carol, "/api/media/" + id + "/thumbnail", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(download(server, carol, "/api/media/not-an-id", null).statusCode())
                .isEqualTo(404);

        assertThat(send(alice, bob, "url", ContentType.CONTENT_TYPE_FILE, "https://files.example/a.pdf")
                        .getContent())
                .as("URL content still works")
                .isEqualTo("https://files.example/a.pdf");
    }

    @Test
    void uploadsNoMessageTookAreDeletedAfterTheOrphanTtl() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String kept = mediaId(upload(server, alice, "kept.png", "image/png", png(20, 20)));
        String orphan = mediaId(upload(server, alice, "orphan.png", "image/png", png(20, 20)));
        send(alice, bob, "kept", ContentType.CONTENT_TYPE_IMAGE, kept);
        Path orphanFile = directory.resolve(orphan.substring(34)).resolve(orphan);
        assertThat(orphanFile).exists();

        Thread.sleep(600); // a few cleanups run: neither is old enough yet
        assertThat(download(server, alice, "/api/media/" + orphan, null).statusCode())
                .isEqualTo(200);

        clock.advance(Duration.ofHours(25));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(download(server, alice, "/api/media/" + orphan, null)
                                .statusCode())
                        .isEqualTo(404));
        assertThat(orphanFile).doesNotExist();
        assertThat(directory.resolve(orphan.substring(34)).resolve(orphan + ".thumb"))
                .doesNotExist();
        assertThat(download(server, bob, "/api/media/" + kept, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void uploadsSurviveARestartOfTheService() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        byte[] png = png(50, 50);
        String id = mediaId(upload(server, alice, "stays.png", "image/png", png));
        send(alice, bob, "stays", ContentType.CONTENT_TYPE_IMAGE, id);

        ManagedChannel old = channel;
        server.close();
        server = startServer("media_messages", Map.of("relay.media.directory", directory.toString()));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestServices.grpcPort(server))
                .usePlaintext()
                .build();
        old.shutdownNow();

        HttpResponse<byte[]> after = download(server, bob, "/api/media/" + id, null);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(png);
        assertThat(download(server, bob, "/api/media/" + id + "/thumbnail", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theS3StoreKeepsUploadsInTheBucket() throws Exception {
        User alice = user("alice");
        byte[] png = png(400, 100);
        HttpResponse<String> upload = upload(s3Server, alice, "s3.png", "application/octet-stream", png);
        assertThat(upload.statusCode()).isEqualTo(201);
        String id = mediaId(upload);

        assertThat(s3.getObjectAsBytes(get -> get.bucket("relay-media").key("uploads/" + id))
                        .asByteArray())
                .isEqualTo(png);
        assertThat(s3.headObject(head -> head.bucket("relay-media").key("uploads/" + id + ".thumb"))
                        .contentType())
                .isEqualTo("image/png");

        HttpResponse<byte[]> whole = download(s3Server, alice, "/api/media/" + id, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(png);
        HttpResponse<byte[]> part = download(s3Server, alice, "/api/media/" + id, "bytes=50-99");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(png, 50, 100));
        BufferedImage small =
                ImageIO.read(new ByteArrayInputStream(download(s3Server, alice, "/api/media/" + id + "/thumbnail", null)
                        .body()));
        assertThat(small.getWidth()).isEqualTo(256);
        assertThat(small.getHeight()).isEqualTo(64);
    }

    record User(String id, String token, ApiClient friends) {}

    private static User user(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = users.register(name);
        String token = tokens.accessToken(id, UUID.randomUUID().toString());
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(friends)));
        return new User(id, token, api.withToken(token));
    }

    private static void befriend(User a, User b) {
        a.friends().post("/api/friends/requests", json("userId", b.id()));
        assertThat(b.friends()
                        .post("/api/friends/requests", json("userId", a.id()))
                        .status())
                .isEqualTo(200);
    }

    private static Message send(User from, User to, String clientMsgId, ContentType type, String content) {
        return ChatServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(new BearerCredentials(from.token()))
                .sendMessage(SendMessageRequest.newBuilder()
                        .setTo(to.id())
                        .setClientMsgId(clientMsgId)
                        .setContentType(type)
                        .setContent(content)
                        .build())
                .getMessage();
    }

    private static AttachMediaRequest attachment(String conversationId, ContentType type, String mediaId) {
        return AttachMediaRequest.newBuilder()
                .setConversationId(conversationId)
                .setContentType(type)
                .setMediaId(mediaId)
                .build();
    }

    private static URI uri(ConfigurableApplicationContext service, String path) {
        return URI.create("http://127.0.0.1:" + TestServices.httpPort(service) + path);
    }

    private static HttpResponse<String> upload(
            ConfigurableApplicationContext service, User user, String name, String claimedType, byte[] body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(
                                service,
                                "/api/media?name="
                                        + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                                                .replace("+", "%20")))
                        .header("Authorization", "Bearer " + user.token())
                        .header("Content-Type", claimedType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(
            ConfigurableApplicationContext service, User user, String path, String range)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(service, path)).header("Authorization", "Bearer " + user.token());
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String mediaId(HttpResponse<String> upload) {
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        return JSON.readTree(upload.body()).get("mediaId").asString();
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.ORANGE);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.BLUE);
        graphics.drawLine(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
