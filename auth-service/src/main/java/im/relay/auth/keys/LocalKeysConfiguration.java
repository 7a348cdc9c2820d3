package im.relay.auth.keys;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** auth-service checks access tokens against its own keys rather than fetching its own JWKS over HTTP. */
@Configuration(proxyBeanMethods = false)
class LocalKeysConfiguration {

    @Bean
    JWKSource<SecurityContext> localJwkSource(SigningKeyService keys) {
        return (selector, context) -> selector.select(keys.publicKeys());
    }
}
