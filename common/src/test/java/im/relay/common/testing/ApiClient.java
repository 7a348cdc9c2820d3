package im.relay.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A REST client for tests, as a third-party app would call Relay: real HTTP, JSON text in and out.
 *
 * <pre>{@code
 * ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port));
 * ApiClient.Reply me = api.withToken(token).get("/api/users/me");
 * assertThat(me.status()).isEqualTo(200);
 * assertThat(me.json().get("username").asString()).isEqualTo("alice");
 * }</pre>
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer: status, headers and body, with the body parsed on demand. */
    public record Reply(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public JsonNode json() {
            return JSON.readTree(response.body());
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The {@code code} of a problem+json answer. */
        public String code() {
            return json().path("code").asString();
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }

    private final URI base;
    private final String token;
    private final Map<String, String> headers;

    public ApiClient(URI base) {
        this(base, null, Map.of());
    }

    private ApiClient(URI base, String token, Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.headers = headers;
    }

    public ApiClient withToken(String accessToken) {
        return new ApiClient(base, accessToken, headers);
    }

    /** Sends this header on every request, e.g. {@code X-Forwarded-For} to pose as another client address. */
    public ApiClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiClient(base, token, Map.copyOf(more));
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** A DELETE with a JSON body (account deletion takes the password). */
    public Reply delete(String path, String json) {
        return send(withBody(request(path), "DELETE", json));
    }

    public Reply post(String path, String json) {
        return send(withBody(request(path), "POST", json));
    }

    public Reply put(String path, String json) {
        return send(withBody(request(path), "PUT", json));
    }

    public Reply patch(String path, String json) {
        return send(withBody(request(path), "PATCH", json));
    }

    /** JSON text from alternating names and values: {@code json("username", "alice", "age", 3)}. */
    public static String json(Object... namesAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder builder, String method, String json) {
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            return new Reply(HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
