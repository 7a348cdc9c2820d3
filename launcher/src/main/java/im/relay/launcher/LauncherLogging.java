package im.relay.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The console of {@code ./relay up} stays readable: the engines' logs go to a file under the data directory (see
 * {@code relay-up-logback.xml}), configured before the engines start and kept by every service, which reads the same
 * file through {@code logging.config}.
 */
final class LauncherLogging {

    static final String CONFIG = "relay-up-logback.xml";

    private LauncherLogging() {}

    /** Sends the engines' logs to {@code data/logs/engines.log}; answers that file. */
    static Path configure(Path data) {
        Path file = data.resolve("logs").resolve("engines.log");
        System.setProperty("relay.engines.log", file.toString());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LauncherLogging.class.getClassLoader().getResource(CONFIG));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read " + CONFIG, e);
        }
        return file;
    }

    /** For each service: the same configuration file, so that Spring's logging start-up keeps it. */
    static String springArgument() {
        return "--logging.config=classpath:" + CONFIG;
    }
}
