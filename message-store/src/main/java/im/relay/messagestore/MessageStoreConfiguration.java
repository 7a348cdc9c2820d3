package im.relay.messagestore;

import im.relay.common.identity.ClusterSecret;
import im.relay.common.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation store, imported by each message server, which supplies its {@link ConversationPolicy}. The
 * server's schema comes from {@code db/migration/message-store} and needs {@code relay.outbox.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessageStoreProperties.class)
public class MessageStoreConfiguration {

    /** The system clock unless the application supplies one (tests step it past the recall window). */
    @Bean
    MessageClock messageClock(ObjectProvider<Clock> clock) {
        return new MessageClock(clock.getIfAvailable(Clock::systemUTC));
    }

    /** Holds the clock without offering a {@link Clock} bean of its own to the application. */
    record MessageClock(Clock clock) {}

    @Bean
    MessageRepository messageRepository(JdbcClient jdbc) {
        return new MessageRepository(jdbc);
    }

    @Bean
    MessageEventPublisher messageEventPublisher(Outbox outbox) {
        return new MessageEventPublisher(outbox);
    }

    @Bean
    MessageBatcher messageBatcher(
            MessageRepository repository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties,
            MeterRegistry meters) {
        return new MessageBatcher(repository, events, transaction, clock.clock(), properties, meters);
    }

    @Bean
    MessageService messageService(
            ConversationPolicy policy,
            MessageBatcher batcher,
            MessageRepository repository,
            MessageStoreProperties properties,
            ObjectProvider<MediaAttachments> media) {
        return new MessageService(policy, batcher, repository, properties, media.getIfAvailable());
    }

    @Bean
    CursorService cursorService(
            ConversationPolicy policy,
            MessageRepository repository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock) {
        return new CursorService(policy, repository, events, transaction, clock.clock());
    }

    @Bean
    RecallService recallService(
            ConversationPolicy policy,
            MessageRepository repository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties) {
        return new RecallService(policy, repository, events, transaction, clock.clock(), properties);
    }

    @Bean
    EditService editService(
            ConversationPolicy policy,
            MessageRepository repository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties) {
        return new EditService(policy, repository, events, transaction, clock.clock(), properties);
    }

    @Bean
    ChatGrpcEndpoint chatGrpcEndpoint(
            MessageService messages, CursorService cursors, RecallService recalls, EditService edits) {
        // a send stream's outcomes are flushed on a virtual thread: whatever committed meanwhile shares the message
        return new ChatGrpcEndpoint(
                messages,
                cursors,
                recalls,
                edits,
                runnable -> Thread.ofVirtual().name("relay-send-outcomes").start(runnable));
    }

    /** The send stream is message-gateway's alone: a server refuses to start without its cluster secret. */
    @Bean
    @GlobalServerInterceptor
    SendStreamAuthentication sendStreamAuthentication(Environment environment) {
        return new SendStreamAuthentication(ClusterSecret.from(environment));
    }
}
