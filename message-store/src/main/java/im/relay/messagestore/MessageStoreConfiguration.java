package im.relay.messagestore;

import im.relay.common.config.LiveProperties;
import im.relay.common.identity.ClusterSecret;
import im.relay.common.outbox.Outbox;
import im.relay.common.webhook.WebhookClient;
import im.relay.common.webhook.WebhookProperties;
import im.relay.messagestore.cursors.CursorService;
import im.relay.messagestore.edit.EditService;
import im.relay.messagestore.events.AfterSendEventListener;
import im.relay.messagestore.events.MessageEventPublisher;
import im.relay.messagestore.grpc.ChatGrpcEndpoint;
import im.relay.messagestore.grpc.SendStreamAuthentication;
import im.relay.messagestore.history.HistoryService;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.recall.RecallService;
import im.relay.messagestore.send.BeforeSendHook;
import im.relay.messagestore.send.MediaAttachments;
import im.relay.messagestore.send.MessageBatcher;
import im.relay.messagestore.send.SendService;
import im.relay.messagestore.tables.ConversationRepository;
import im.relay.messagestore.tables.CursorRepository;
import im.relay.messagestore.tables.HiddenMessageRepository;
import im.relay.messagestore.tables.MessageRepository;
import im.relay.messagestore.tables.ReactionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation store, imported by each message server, which supplies its {@link ConversationPolicy}. Wires
 * the feature packages: {@code send}, {@code history}, {@code cursors}, {@code recall}, {@code edit} (edits and
 * reactions) over {@code tables} (one class per table) and {@code events}; {@code grpc} is the edge. The
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
    ConversationRepository conversationRepository(JdbcClient jdbc) {
        return new ConversationRepository(jdbc);
    }

    @Bean
    CursorRepository cursorRepository(JdbcClient jdbc) {
        return new CursorRepository(jdbc);
    }

    @Bean
    ReactionRepository reactionRepository(JdbcClient jdbc) {
        return new ReactionRepository(jdbc);
    }

    @Bean
    HiddenMessageRepository hiddenMessageRepository(JdbcClient jdbc) {
        return new HiddenMessageRepository(jdbc);
    }

    @Bean
    MessageEventPublisher messageEventPublisher(Outbox outbox) {
        return new MessageEventPublisher(outbox);
    }

    @Bean
    MessageBatcher messageBatcher(
            MessageRepository messages,
            ConversationRepository conversations,
            CursorRepository cursors,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties,
            MeterRegistry meters) {
        return new MessageBatcher(
                messages, conversations, cursors, events, transaction, clock.clock(), properties, meters);
    }

    @Bean
    SendService sendService(
            ConversationPolicy policy,
            MessageBatcher batcher,
            MessageRepository messageRepository,
            MessageStoreProperties properties,
            ObjectProvider<MediaAttachments> media,
            BeforeSendHook beforeSend) {
        return new SendService(policy, batcher, messageRepository, properties, media.getIfAvailable(), beforeSend);
    }

    @Bean
    LiveProperties<WebhookProperties> webhookProperties(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.webhooks", WebhookProperties.class);
    }

    @Bean
    BeforeSendHook beforeSendHook(
            LiveProperties<WebhookProperties> webhooks,
            MessageRepository messages,
            MessageStoreProperties properties,
            WebhookClient webhookClient,
            MeterRegistry meters) {
        return new BeforeSendHook(webhooks, webhookClient, messages, properties, meters);
    }

    /** The real time, not the message clock: receivers check a signature's age against their own clocks. */
    @Bean
    WebhookClient webhookClient(MeterRegistry meters) {
        return new WebhookClient(Clock.systemUTC(), meters);
    }

    /** Consumes relay.messages only when the after-send webhook is configured at startup. */
    @Bean
    @ConditionalOnProperty("relay.webhooks.after-send.url")
    AfterSendEventListener afterSendEventListener(
            LiveProperties<WebhookProperties> webhooks, WebhookClient webhookClient) {
        return new AfterSendEventListener(webhooks, webhookClient);
    }

    @Bean
    HistoryService historyService(ConversationPolicy policy, MessageRepository messages, ReactionRepository reactions) {
        return new HistoryService(policy, messages, reactions);
    }

    @Bean
    CursorService cursorService(
            ConversationPolicy policy,
            CursorRepository cursors,
            ConversationRepository conversations,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock) {
        return new CursorService(policy, cursors, conversations, events, transaction, clock.clock());
    }

    @Bean
    RecallService recallService(
            ConversationPolicy policy,
            MessageRepository messages,
            ReactionRepository reactions,
            HiddenMessageRepository hidden,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties) {
        return new RecallService(policy, messages, reactions, hidden, events, transaction, clock.clock(), properties);
    }

    @Bean
    EditService editService(
            ConversationPolicy policy,
            MessageRepository messages,
            ReactionRepository reactions,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            MessageClock clock,
            MessageStoreProperties properties) {
        return new EditService(policy, messages, reactions, events, transaction, clock.clock(), properties);
    }

    @Bean
    ChatGrpcEndpoint chatGrpcEndpoint(
            SendService messages,
            HistoryService history,
            CursorService cursors,
            RecallService recalls,
            EditService edits) {
        // a send stream hands each sender's messages over, and flushes outcomes, on virtual threads
        return new ChatGrpcEndpoint(
                messages,
                history,
                cursors,
                recalls,
                edits,
                runnable -> Thread.ofVirtual().name("relay-send-stream").start(runnable));
    }

    /** The send stream is message-gateway's alone: a server refuses to start without its cluster secret. */
    @Bean
    @GlobalServerInterceptor
    SendStreamAuthentication sendStreamAuthentication(Environment environment) {
        return new SendStreamAuthentication(ClusterSecret.from(environment));
    }
}
