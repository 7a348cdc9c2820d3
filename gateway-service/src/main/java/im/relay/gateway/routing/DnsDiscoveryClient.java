package im.relay.gateway.routing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Instances from DNS: {@code relay.gateway.dns.user-service=http://user-service-headless:8082} balances over every
 * address the name resolves to (a Kubernetes headless service, say), looked up again as the load balancer's cache
 * expires. Static lists come from Spring Cloud's simple discovery client
 * ({@code spring.cloud.discovery.client.simple.instances}).
 */
public class DnsDiscoveryClient implements DiscoveryClient {

    private static final Logger log = LoggerFactory.getLogger(DnsDiscoveryClient.class);

    /** {@code relay.gateway.dns}: service id → base URI whose host resolves to every instance. Live. */
    @ConfigurationProperties("relay.gateway")
    public static class Names {

        private Map<String, URI> dns = Map.of();

        public Map<String, URI> getDns() {
            return dns;
        }

        public void setDns(Map<String, URI> dns) {
            this.dns = Map.copyOf(dns);
        }
    }

    private final Names names;

    public DnsDiscoveryClient(Names names) {
        this.names = names;
    }

    @Override
    public String description() {
        return "Relay DNS discovery";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        URI base = names.getDns().get(serviceId);
        if (base == null) {
            return List.of();
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(base.getHost()))
                    .map(address -> (ServiceInstance) new DefaultServiceInstance(
                            serviceId + "@" + address.getHostAddress(),
                            serviceId,
                            address.getHostAddress(),
                            base.getPort(),
                            "https".equals(base.getScheme())))
                    .toList();
        } catch (UnknownHostException e) {
            log.warn("{} does not resolve: {}", base.getHost(), e.getMessage());
            return List.of();
        }
    }

    @Override
    public List<String> getServices() {
        return List.copyOf(names.getDns().keySet());
    }

    /** Before the static lists: a service given a DNS name is found there, not at its 127.0.0.1 default. */
    @Override
    public int getOrder() {
        return -1;
    }
}
