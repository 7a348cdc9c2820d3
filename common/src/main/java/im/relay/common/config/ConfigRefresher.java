package im.relay.common.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Re-reads the configuration files every {@code --refresh} seconds, and at once when a watched {@code --k8s-config}
 * directory changes, then applies what changed without a restart: the sources are replaced in place and an
 * {@link EnvironmentChangeEvent} makes Spring Cloud re-apply log levels and rebind mutable properties, and
 * {@link LiveProperties} rebind. A malformed file keeps the last good configuration.
 */
final class ConfigRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigRefresher.class);
    /** The kubelet swaps a symlink and then removes the old directory: let the burst of events settle. */
    private static final Duration WATCH_SETTLE = Duration.ofMillis(200);

    private final ConfigurableApplicationContext context;
    private final ConfigSources sources;
    private final LaunchOptions options;
    private ScheduledExecutorService scheduler;
    private WatchService watchService;
    private volatile boolean running;

    ConfigRefresher(ConfigurableApplicationContext context, ConfigSources sources, LaunchOptions options) {
        this.context = context;
        this.sources = sources;
        this.options = options;
    }

    @Override
    public void start() {
        if (options.refreshSeconds == null && !options.kubernetes()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("relay-config-refresh").daemon(true).factory());
        if (options.refreshSeconds != null) {
            scheduler.scheduleWithFixedDelay(
                    this::refreshQuietly, options.refreshSeconds, options.refreshSeconds, TimeUnit.SECONDS);
            log.debug("Re-reading the configuration every {} s", options.refreshSeconds);
        }
        if (options.kubernetes()) {
            watch(sources.watchedDirectories());
        }
        running = true;
    }

    private void watch(List<Path> directories) {
        try {
            watchService = FileSystems.getDefault().newWatchService();
            for (Path dir : directories) {
                dir.register(
                        watchService,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            log.warn("Cannot watch {}; changes are picked up by --refresh only: {}", directories, e.getMessage());
            return;
        }
        Thread.ofPlatform().name("relay-config-watch").daemon(true).start(this::awaitChanges);
        log.debug("Following updates of {}", directories);
    }

    private void awaitChanges() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                Thread.sleep(WATCH_SETTLE);
                key.pollEvents();
                key.reset();
                scheduler.execute(this::refreshQuietly);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private void refreshQuietly() {
        if (!running || !context.isActive()) {
            return; // shutting down
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!context.isActive()) {
                return; // the service closed while the refresh ran
            }
            log.error("Configuration refresh failed; keeping the last good configuration", e);
        }
    }

    /** Re-reads the sources and applies them; returns the keys that changed. */
    synchronized Set<String> refresh() {
        List<PropertySource<?>> fresh;
        try {
            fresh = sources.load();
        } catch (ConfigFileException e) {
            log.warn("配置未更新 (configuration not updated), keeping the last good one: {}", e.getMessage());
            return Set.of();
        }
        MutablePropertySources current = context.getEnvironment().getPropertySources();
        Set<String> changed = new TreeSet<>();
        Set<String> fromSecrets = new TreeSet<>();
        for (PropertySource<?> source : fresh) {
            Set<String> keys = changedKeys(current.get(source.getName()), source);
            changed.addAll(keys);
            if (source.getName().startsWith(ConfigSources.Layer.K8S_SECRETS.sourceName())) {
                fromSecrets.addAll(keys); // a Secret's values stay masked whatever their keys are called
            }
        }
        if (changed.isEmpty()) {
            return changed;
        }
        Map<String, Object> before = effectiveValues(changed);
        fresh.forEach(source -> current.replace(source.getName(), source));
        resetRemovedLogLevels(changed);
        log.info(
                "配置已更新 (configuration updated) in {}: {}",
                context.getEnvironment().getProperty("spring.application.name", "relay"),
                ConfigChanges.describe(before, effectiveValues(changed), fromSecrets));
        context.publishEvent(new EnvironmentChangeEvent(context, changed));
        return changed;
    }

    /** What the service sees for each key now, whichever layer it comes from (a key may be set in several). */
    private Map<String, Object> effectiveValues(Set<String> keys) {
        Map<String, Object> values = new TreeMap<>();
        for (String key : keys) {
            try {
                values.put(key, context.getEnvironment().getProperty(key));
            } catch (IllegalArgumentException e) {
                values.put(key, "(unresolvable: " + e.getMessage() + ")"); // a ${placeholder} with no value
            }
        }
        return values;
    }

    private static Set<String> changedKeys(PropertySource<?> before, PropertySource<?> after) {
        Map<String, Object> old = values(before);
        Map<String, Object> now = values(after);
        Set<String> changed = new TreeSet<>();
        for (String key : union(old.keySet(), now.keySet())) {
            if (!Objects.equals(old.get(key), now.get(key))) {
                changed.add(after instanceof SystemEnvironmentPropertySource ? dotted(key) : key);
            }
        }
        return changed;
    }

    private static Map<String, Object> values(PropertySource<?> source) {
        Map<String, Object> values = new HashMap<>();
        if (source instanceof EnumerablePropertySource<?> enumerable) {
            for (String name : enumerable.getPropertyNames()) {
                values.put(name, enumerable.getProperty(name));
            }
        }
        return values;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** LOGGING_LEVEL_IM_RELAY → logging.level.im.relay, for the change report. */
    private static String dotted(String environmentStyleKey) {
        return environmentStyleKey.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Spring Cloud re-applies the levels still configured; a level that was removed returns to inherited. */
    private void resetRemovedLogLevels(Set<String> changed) {
        LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());
        for (String key : changed) {
            if (key.startsWith("logging.level.") && !context.getEnvironment().containsProperty(key)) {
                String logger = key.substring("logging.level.".length());
                loggingSystem.setLogLevel(
                        logger.equalsIgnoreCase("root") ? LoggingSystem.ROOT_LOGGER_NAME : logger, null);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                log.debug("Closing the config watcher", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
