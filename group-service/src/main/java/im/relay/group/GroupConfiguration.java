package im.relay.group;

import im.relay.common.config.LiveProperties;
import jakarta.validation.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class GroupConfiguration {

    @Bean
    LiveProperties<GroupProperties> groupProperties(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, GroupProperties.PREFIX, GroupProperties.class);
    }
}
