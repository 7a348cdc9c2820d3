package im.relay.messagegateway.support;

import static org.awaitility.Awaitility.await;

import im.relay.common.outbox.Topics;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import im.relay.messagegateway.MessageGatewayApplication;
import im.relay.messagegateway.cluster.NodeIdentity;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two message-gateway nodes on real Redis and an in-process Kafka broker, with the services they call faked at the
 * gRPC boundary; started once per test JVM and shared by every IT, since Spring contexts are slow to start.
 *
 * <pre>{@code
 * GatewayCluster cluster = GatewayCluster.shared();
 * WsClient alice = cluster.connect(1, "alice-1", "session-1", "WEB");
 * }</pre>
 */
public final class GatewayCluster {

    /** The nodes' shared secret for node-to-node calls: made up per test run, as an operator makes one up. */
    public static final String CLUSTER_SECRET = "test-" + java.util.UUID.randomUUID();

    private static final String CONSUMER_GROUP = "message-gateway";
    private static final List<String> PUSHED = List.of(Topics.MESSAGES, Topics.FRIENDS, Topics.GROUPS, Topics.SESSIONS);
    private static GatewayCluster shared;

    static {
        quietKafkaClients();
    }

    private final TestTokens tokens = TestTokens.start();
    private final FakeBackends backends = FakeBackends.start();
    private final String kafka = Engines.shared().kafka().bootstrapServers();
    private final List<ConfigurableApplicationContext> nodes = new CopyOnWriteArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    private GatewayCluster() {
        admin = Admin.create(Map.of("bootstrap.servers", kafka));
        producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka, "acks", "all"), new StringSerializer(), new ByteArraySerializer());
        nodes.add(startNode(Map.of()));
        nodes.add(startNode(Map.of()));
        awaitConsumers();
    }

    public static synchronized GatewayCluster shared() {
        if (shared == null) {
            shared = new GatewayCluster();
        }
        return shared;
    }

    public TestTokens tokens() {
        return tokens;
    }

    public FakeBackends backends() {
        return backends;
    }

    /** Node 1 or 2. */
    public ConfigurableApplicationContext node(int number) {
        return nodes.get(number - 1);
    }

    public int httpPort(int node) {
        return TestServices.httpPort(node(node));
    }

    /** Where the node's probes and /actuator/prometheus answer. */
    public int managementPort(int node) {
        return TestServices.managementPort(node(node));
    }

    public StringRedisTemplate redis() {
        return node(1).getBean(StringRedisTemplate.class);
    }

    /** Another node, for a test that stops it; the test closes it. */
    public ConfigurableApplicationContext startExtraNode() {
        return startExtraNode(Map.of());
    }

    /** Another node with settings of its own, e.g. {@code server.port} for a route that must know it beforehand. */
    public ConfigurableApplicationContext startExtraNode(Map<String, String> settings) {
        ConfigurableApplicationContext node = startNode(settings);
        nodes.add(node);
        awaitConsumers();
        return node;
    }

    public void stopExtraNode(ConfigurableApplicationContext node) {
        node.close();
        nodes.remove(node);
        awaitConsumers();
    }

    public String token(String userId, String sessionId) {
        return tokens.accessToken(userId, sessionId);
    }

    public WsClient connect(int node, String userId, String sessionId, String platform) {
        return connect(httpPort(node), token(userId, sessionId), platform);
    }

    public static WsClient connect(int httpPort, String token, String platform) {
        return WsClient.open(
                URI.create("ws://127.0.0.1:" + httpPort + "/ws?platform=" + platform + "&token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                Map.of());
    }

    /** Publishes an event as the services' outboxes do (protobuf bytes, keyed), once every node consumes. */
    public void publish(String topic, String key, byte[] event) {
        awaitConsumers();
        producer.send(new ProducerRecord<>(topic, key, event));
        producer.flush();
    }

    /**
     * Publishes to a partition that node {@code node} consumes, so that a test knows which node pushes the event
     * (each node names its consumer after its address). Answers where the record went.
     */
    public RecordMetadata publishThrough(int node, String topic, String key, byte[] event) {
        return publishThrough(node, topic, key, List.of(event)).getFirst();
    }

    /** Several events at once, in order, to one partition that node {@code node} consumes. */
    public List<RecordMetadata> publishThrough(int node, String topic, String key, List<byte[]> events) {
        awaitConsumers();
        String clientId =
                "message-gateway-" + node(node).getBean(NodeIdentity.class).address();
        int partition = consumerGroup().members().stream()
                .filter(member -> member.clientId().equals(clientId))
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .filter(assigned -> assigned.topic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + node + " consumes no partition of " + topic))
                .partition();
        List<java.util.concurrent.Future<RecordMetadata>> sent = events.stream()
                .map(event -> producer.send(new ProducerRecord<>(topic, partition, key, event)))
                .toList();
        producer.flush();
        try {
            List<RecordMetadata> written = new ArrayList<>();
            for (var one : sent) {
                written.add(one.get());
            }
            return written;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** How many partitions each of {@code topics} has; fails for a topic that does not exist. */
    public Map<String, Integer> partitions(List<String> topics) {
        try {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach((name, topic) ->
                            partitions.put(name, topic.partitions().size()));
            return partitions;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topics, e);
        }
    }

    private ConfigurableApplicationContext startNode(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("spring.data.redis.url", Engines.shared().redis().url());
        properties.put("spring.kafka.bootstrap-servers", kafka);
        properties.put("relay.auth.jwks-uri", tokens.jwksUri().toString());
        for (String service :
                List.of("private-message-server", "group-message-server", "friend-service", "group-service")) {
            properties.put("spring.grpc.client.channels." + service + ".address", backends.address(service));
        }
        properties.put("relay.message-gateway.limits.ping-interval", "1s");
        properties.put("relay.message-gateway.limits.idle-timeout", "4s");
        properties.put("relay.message-gateway.limits.revocation-check-interval", "1s");
        properties.put("relay.message-gateway.cluster.renew-interval", "2s");
        properties.put("relay.message-gateway.cluster.secret", CLUSTER_SECRET);
        // so that a node starts on another module's test classpath too (gateway-service's holds JDBC, Flyway, webmvc
        // and Spring Cloud Gateway)
        properties.put("spring.main.web-application-type", "reactive");
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT);
        properties.putAll(extra);
        return TestServices.start(MessageGatewayApplication.class, properties);
    }

    /** This fixture's Kafka clients start before Spring's logging rules apply; they would log every setting. */
    private static void quietKafkaClients() {
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    private ConsumerGroupDescription consumerGroup() {
        try {
            return admin.describeConsumerGroups(List.of(CONSUMER_GROUP))
                    .all()
                    .get()
                    .get(CONSUMER_GROUP);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Until the nodes' consumer group is stable with every node in it and every partition assigned (the nodes created
     * the topics; with as many partitions as the first service on this broker declared).
     */
    private void awaitConsumers() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(CONSUMER_GROUP))
                            .all()
                            .get()
                            .get(CONSUMER_GROUP);
                    int assigned = group.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size())
                            .sum();
                    int partitions = partitions(PUSHED).values().stream()
                            .mapToInt(Integer::intValue)
                            .sum();
                    return group.groupState() == GroupState.STABLE
                            && group.members().size() == nodes.size()
                            && assigned == partitions;
                });
    }
}
