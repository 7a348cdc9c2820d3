package im.relay.gateway.edge;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A body over the limit (default 64 KiB; 65,536 bytes pass) gets 413 before anything else looks at it. Uploads (the
 * upload paths, {@code /api/media}) have a limit of their own ({@code max-upload-size}, default 100 MB).
 */
@Component
class BodySizeFilter implements GlobalFilter, Ordered {

    private final LiveProperties<GatewaySettings> settings;

    BodySizeFilter(LiveProperties<GatewaySettings> settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewaySettings current = settings.get();
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean upload = current.uploadPaths().stream()
                .anyMatch(pattern ->
                        PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path)));
        long max = (upload ? current.maxUploadSize() : current.maxBodySize()).toBytes();
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > max) {
            return ProblemResponses.write(
                    exchange.getResponse(),
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body is " + length + " bytes; at most " + max + " are allowed");
        }
        if (length < 0) {
            // a chunked body: count it as it streams and stop it at the limit
            return chain.filter(exchange.mutate()
                    .request(limited(exchange.getRequest(), max))
                    .build());
        }
        return chain.filter(exchange);
    }

    private static ServerHttpRequest limited(ServerHttpRequest request, long max) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ResponseStatusException(
                                HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + max + " bytes"));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
