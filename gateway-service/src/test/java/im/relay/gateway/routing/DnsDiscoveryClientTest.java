package im.relay.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class DnsDiscoveryClientTest {

    @Test
    void listsAnInstanceForEveryAddressTheNameResolvesTo() {
        DnsDiscoveryClient.Names names = new DnsDiscoveryClient.Names();
        names.setDns(Map.of("user-service", URI.create("http://localhost:8082")));
        DnsDiscoveryClient dns = new DnsDiscoveryClient(names);

        assertThat(dns.getInstances("user-service"))
                .isNotEmpty()
                .allSatisfy(instance -> {
                    assertThat(instance.getServiceId()).isEqualTo("user-service");
                    assertThat(instance.getPort()).isEqualTo(8082);
                    assertThat(instance.isSecure()).isFalse();
                })
                .extracting(ServiceInstance::getHost)
                .contains("127.0.0.1");
        assertThat(dns.getServices()).containsExactly("user-service");
    }

    @Test
    void knowsNothingOfOtherServicesOrUnresolvableNames() {
        DnsDiscoveryClient.Names names = new DnsDiscoveryClient.Names();
        names.setDns(Map.of("ghost", URI.create("https://no-such-host.invalid:443")));
        DnsDiscoveryClient dns = new DnsDiscoveryClient(names);

        assertThat(dns.getInstances("user-service")).isEmpty();
        assertThat(dns.getInstances("ghost")).isEmpty();
    }
}
