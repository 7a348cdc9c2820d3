package im.relay.privatemessage.media;

import im.relay.messagestore.model.ConversationPolicy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Uploads: the store named by {@code relay.media.store}, the service, and the orphan cleanup. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
@EnableScheduling
class MediaConfiguration {

    @Bean
    MediaStore mediaStore(MediaProperties properties) {
        return switch (properties.store()) {
            case FILESYSTEM -> new FilesystemMediaStore(properties.directory());
            case S3 -> new S3MediaStore(properties.s3());
        };
    }

    @Bean
    MediaService mediaService(
            MediaRepository repository,
            MediaStore store,
            ConversationPolicy policy,
            GroupClient groups,
            MediaProperties properties,
            ObjectProvider<Clock> clock) {
        return new MediaService(repository, store, policy, groups, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    OrphanCleanup orphanCleanup(MediaService media) {
        return new OrphanCleanup(media);
    }

    /** Every {@code relay.media.cleanup-interval}: uploads no message took within the orphan TTL are deleted. */
    static final class OrphanCleanup {

        private static final Logger log = LoggerFactory.getLogger(OrphanCleanup.class);
        private final MediaService media;

        OrphanCleanup(MediaService media) {
            this.media = media;
        }

        @Scheduled(
                fixedDelayString = "${relay.media.cleanup-interval}",
                initialDelayString = "${relay.media.cleanup-interval}")
        void run() {
            try {
                int deleted = media.deleteOrphans();
                if (deleted > 0) {
                    log.info("deleted {} uploads that no message references", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("the orphan upload cleanup failed; it runs again later", e);
            }
        }
    }
}
