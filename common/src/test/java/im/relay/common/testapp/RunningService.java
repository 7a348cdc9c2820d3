package im.relay.common.testapp;

import im.relay.common.config.RelayApplication;
import im.relay.engines.Engines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** The platform test service started the way a real service starts: through {@link RelayApplication}. */
public final class RunningService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningService start(Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server.port=0");
        all.add("--spring.grpc.server.port=0");
        all.add("--spring.data.redis.url=" + Engines.shared().redis().url());
        return new RunningService(RelayApplication.run(
                PlatformTestApplication.class, all.toArray(String[]::new), environment, workingDirectory));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int httpPort() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public int grpcPort() {
        return context.getEnvironment().getRequiredProperty("local.grpc.port", Integer.class);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String bearerToken) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + bearerToken)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    @Override
    public void close() {
        context.close();
    }
}
