package im.relay.common.security;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.Problems;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.common.identity.TokenVerifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every REST call of a service needs a valid access token, except the public paths: the service checks the token
 * itself even behind the API gateway. The caller is then {@link CallerContext#current() current} for the request,
 * so the gRPC calls it makes carry the token on.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenVerifier verifier;
    private final List<String> publicPaths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public BearerTokenFilter(TokenVerifier verifier, List<String> publicPaths) {
        this.verifier = verifier;
        this.publicPaths = new ArrayList<>(publicPaths);
        this.publicPaths.add("/actuator/**");
        this.publicPaths.add("/error");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return publicPaths.stream().filter(p -> !p.isBlank()).anyMatch(pattern -> matcher.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller;
        try {
            caller = verifier.verify(bearerToken(request));
        } catch (RelayException e) {
            reject(response, e);
            return;
        }
        try {
            CallerContext.callAs(caller, () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    private static String bearerToken(HttpServletRequest request) {
        String token = BearerTokens.fromAuthorization(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "a Bearer access token is required");
        }
        return token;
    }

    private static void reject(HttpServletResponse response, RelayException e) throws IOException {
        ProblemDetail problem = Problems.of(e);
        problem.setInstance(null);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (e.code().httpStatus().value() == 401) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        JSON.writeValue(response.getOutputStream(), Problems.members(problem));
    }
}
