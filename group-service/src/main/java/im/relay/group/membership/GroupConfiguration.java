package im.relay.group.membership;

import im.relay.common.config.LiveProperties;
import jakarta.validation.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class GroupConfiguration {

    @Bean
    LiveProperties<GroupLimits> groupLimits(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.groups.limits", GroupLimits.class);
    }

    @Bean
    LiveProperties<GroupRateLimits> groupRateLimits(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.groups.rate-limits", GroupRateLimits.class);
    }
}
