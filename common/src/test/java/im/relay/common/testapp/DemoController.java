package im.relay.common.testapp;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DemoController {

    record Echo(@NotBlank @Size(max = 5) String name) {}

    private final DemoProperties properties;
    private final LiveProperties<DemoLimits> limits;

    DemoController(DemoProperties properties, LiveProperties<DemoLimits> limits) {
        this.properties = properties;
        this.limits = limits;
    }

    @GetMapping("/demo/settings")
    Map<String, Object> settings() {
        return Map.of(
                "greeting", properties.greeting(), "maxItems", limits.get().maxItems());
    }

    /** Not a public path: needs a token, and knows its caller. */
    @GetMapping("/private/me")
    Map<String, Object> me() {
        return Map.of("userId", CallerContext.require().userId());
    }

    @GetMapping("/demo/users/{name}")
    Map<String, Object> user(@PathVariable String name) {
        throw new RelayException(ErrorCode.USERNAME_TAKEN, "username '" + name + "' is taken");
    }

    @GetMapping("/demo/items/{count}")
    Map<String, Object> items(@PathVariable int count) {
        return Map.of("count", count);
    }

    @PostMapping("/demo/echo")
    Echo echo(@Valid @RequestBody Echo echo) {
        return echo;
    }
}
