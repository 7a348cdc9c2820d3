package im.relay.common.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerContext;
import im.relay.proto.user.v1.GetUserRequest;
import im.relay.proto.user.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The platform test service, started like a real service, serves what every Relay service serves. */
class PlatformIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static RunningService service;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("config.toml"), "[relay.demo]\ngreeting = \"hello from config.toml\"\n");
        service = RunningService.start(dir, Map.of());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", service.grpcPort())
                .usePlaintext()
                .intercept(new CallerClientInterceptor())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.close();
    }

    @Test
    void readsItsConfigurationThroughThePlatform() throws Exception {
        JsonNode settings = JSON.readTree(service.get("/demo/settings").body());

        assertThat(settings.get("greeting").asString()).isEqualTo("hello from config.toml");
        assertThat(settings.get("maxItems").asInt()).isEqualTo(10);
    }

    @Test
    void servesPrometheusMetricsTaggedWithTheApplication() throws Exception {
        HttpResponse<String> response = service.get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"platform-test\"");
    }

    @Test
    void servesHealthWithLivenessAndReadiness() throws Exception {
        assertThat(service.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(service.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(service.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheStandardGrpcHealthService() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void answersRelayErrorsAsProblemJsonWithTheirCode() throws Exception {
        HttpResponse<String> response = service.get("/demo/users/alice");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("title").asString()).isEqualTo("Conflict");
        assertThat(problem.get("code").asString()).isEqualTo("USERNAME_TAKEN");
        assertThat(problem.get("detail").asString()).isEqualTo("username 'alice' is taken");
    }

    @Test
    void answersBadInputWithA4xxProblemNeverA500() throws Exception {
        assertProblem(service.get("/no/such/route", "token-alice"), 404, "NOT_FOUND");
        assertProblem(service.get("/demo/items/twelve"), 400, "VALIDATION_FAILED");
        assertProblem(service.postJson("/demo/echo", "{not json"), 400, "VALIDATION_FAILED");
        assertProblem(service.postJson("/demo/echo", "{\"name\": 42.5e999}"), 400, "VALIDATION_FAILED");
        assertProblem(service.postJson("/demo/echo", "{}"), 400, "VALIDATION_FAILED");
        assertProblem(service.postJson("/demo/echo", "{\"name\":\"far too long\"}"), 400, "VALIDATION_FAILED");
        assertProblem(service.postJson("/demo/settings", "{}"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void restCallsNeedAValidTokenOutsideThePublicPaths() throws Exception {
        HttpResponse<String> anonymous = service.get("/private/me");
        assertProblem(anonymous, 401, "UNAUTHORIZED");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(service.get("/private/me", "forged"), 401, "UNAUTHORIZED");
        assertProblem(service.get("/private/me", "expired"), 401, "TOKEN_EXPIRED");
        assertProblem(service.get("/no/such/route"), 401, "UNAUTHORIZED");

        HttpResponse<String> alice = service.get("/private/me", "token-alice");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(alice.body()).get("userId").asString()).isEqualTo("alice");
    }

    @Test
    void carriesTheCallersIdentityAcrossGrpc() throws Exception {
        var stub = UserServiceGrpc.newBlockingStub(channel);
        Caller alice = new Caller("alice", "s1", "token-alice");

        String id = CallerContext.callAs(
                alice,
                () -> stub.getUser(
                                GetUserRequest.newBuilder().setUserId("alice").build())
                        .getUser()
                        .getId());

        assertThat(id).isEqualTo("alice");
    }

    @Test
    void keepsTheErrorCodeAcrossGrpc() {
        var stub = UserServiceGrpc.newBlockingStub(channel);
        Caller alice = new Caller("alice", "s1", "token-alice");

        assertThatThrownBy(() -> CallerContext.callAs(
                        alice,
                        () -> stub.getUser(
                                GetUserRequest.newBuilder().setUserId("bob").build())))
                .satisfies(e -> {
                    assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    RelayException relay = GrpcErrors.fromStatus(e);
                    assertThat(relay.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(relay.detail()).isEqualTo("no user bob");
                });
    }

    @Test
    void refusesCallsWithoutOrWithABadToken() {
        var stub = UserServiceGrpc.newBlockingStub(channel);
        GetUserRequest request = GetUserRequest.newBuilder().setUserId("alice").build();

        assertThat(codeOf(() -> stub.getUser(request))).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(codeOf(() -> CallerContext.callAs(new Caller("x", "s", "forged"), () -> stub.getUser(request))))
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(codeOf(() -> CallerContext.callAs(new Caller("x", "s", "expired"), () -> stub.getUser(request))))
                .isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    private static ErrorCode codeOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable e) {
            assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            return GrpcErrors.fromStatus(e).code();
        }
        throw new AssertionError("the call succeeded");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asString())
                .as(response.body())
                .isEqualTo(code);
    }
}
