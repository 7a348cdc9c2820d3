package im.relay.common.testapp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Read once at startup, as most keys are; a blank greeting stops the service from starting. */
@Validated
@ConfigurationProperties("relay.demo")
record DemoProperties(@NotBlank @Size(max = 40) String greeting) {}
