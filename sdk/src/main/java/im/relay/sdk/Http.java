package im.relay.sdk;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to the API gateway: one request, its problem+json turned into {@link RelayException}. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final Map<String, String> headers;

    Http(URI baseUrl, HttpClient client, Duration timeout, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
    }

    Map<String, String> headers() {
        return headers;
    }

    URI baseUrl() {
        return baseUrl;
    }

    HttpClient client() {
        return client;
    }

    /**
     * Calls {@code method path} with an optional JSON body and bearer token ({@code null}: none); answers the parsed
     * body (a missing node for 204). A 401 TOKEN_EXPIRED is retried once with a token from {@code onExpired}.
     */
    JsonNode call(String method, String path, Object body, String token, Supplier<String> onExpired) {
        try {
            return send(method, path, body, token);
        } catch (RelayException e) {
            if (onExpired != null && "TOKEN_EXPIRED".equals(e.code())) {
                return send(method, path, body, onExpired.get());
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, Object body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RelayException.unreachable(method + " " + baseUrl.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RelayException.unreachable(method + " " + path, e);
        }
        byte[] bytes = response.body();
        JsonNode answer = bytes.length == 0 ? JSON.missingNode() : parse(bytes);
        if (response.statusCode() >= 400) {
            throw problem(response, answer);
        }
        return answer;
    }

    /** POSTs the file as the raw body, streamed from disk ({@code /api/media}); answers the parsed JSON. */
    JsonNode postFile(String path, Path file, String token) {
        HttpRequest.Builder request = authorized(path, token).header("Content-Type", "application/octet-stream");
        try {
            request.POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<byte[]> response = exchange("POST", path, request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            throw problem(response, answer);
        }
        return answer;
    }

    /** GETs {@code path} into {@code target}, streamed to disk; a problem answer is thrown and leaves no file. */
    JsonNode getFile(String path, Path target, String token) {
        HttpResponse.BodyHandler<byte[]> handler = info -> info.statusCode() >= 400
                ? HttpResponse.BodySubscribers.ofByteArray()
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(target), saved -> null);
        HttpResponse<byte[]> response =
                exchange("GET", path, authorized(path, token).GET(), handler);
        if (response.statusCode() >= 400) {
            throw problem(response, parse(response.body()));
        }
        return JSON.missingNode();
    }

    private HttpRequest.Builder authorized(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path));
        headers.forEach(request::header);
        return request.header("Authorization", "Bearer " + token);
    }

    private <T> HttpResponse<T> exchange(
            String method, String path, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request.build(), handler);
        } catch (IOException e) {
            throw RelayException.unreachable(method + " " + baseUrl.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RelayException.unreachable(method + " " + path, e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private static RelayException problem(HttpResponse<?> response, JsonNode body) {
        int status = response.statusCode();
        String code = body.path("code").asString("HTTP_" + status);
        String detail = body.path("detail").asString(body.path("title").asString(""));
        Duration retryAfter =
                response.headers().firstValue("Retry-After").map(Http::seconds).orElse(null);
        return new RelayException(status, code, detail, retryAfter);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A JSON object of the pairs whose value is not null (PATCH: an absent field stays as it is). */
    static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    static String query(Object... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            query.append(query.isEmpty() ? '?' : '&')
                    .append(pairs[i])
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(pairs[i + 1]), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static <T> T read(JsonNode node, Class<T> type) {
        return JSON.treeToValue(node, type);
    }
}
