package com.devsecopsmetrics.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Sends the embedded broker's own log lines to {@code <data dir>/logs/broker.log} (rolled at 20 MB, three kept), so
 * that the console of {@code up} and {@code demo} shows the product's lines. The broker, its controller and
 * coordinators log through {@code kafka.*}, {@code org.apache.kafka.*} and {@code state.change.logger}; at WARN they
 * printed hundreds of lines a minute of retries they recover from themselves. The product's own Kafka clients and
 * Kafka Streams share the {@code org.apache.kafka} names: their lines go to the file too, and their errors (a stream
 * thread dying, a producer fenced) also to the console, where an operator must see them.
 */
final class BrokerLog {
    static final String FILE = "logs/broker.log";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";
    private static final List<String> BROKER = List.of("kafka", "org.apache.kafka", "state.change.logger");
    private static final List<String> PRODUCT_CLIENTS = List.of("org.apache.kafka.clients", "org.apache.kafka.streams");

    private BrokerLog() {
    }

    /** Routes the loggers; returns the file, or null when the logging backend is not Logback (nothing changed then). */
    static Path routeToFile(Path dataDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        RollingFileAppender<ILoggingEvent> toFile = fileAppender(context, file);
        ConsoleAppender<ILoggingEvent> errors = new ConsoleAppender<>();
        errors.setContext(context);
        errors.setName("dsm-client-errors");
        errors.setTarget("System.err");
        errors.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n"));
        ThresholdFilter errorsOnly = new ThresholdFilter();
        errorsOnly.setLevel(Level.ERROR.levelStr);
        errorsOnly.start();
        errors.addFilter(errorsOnly);
        errors.start();
        for (String name : BROKER) {
            attach(context.getLogger(name), toFile);
        }
        for (String name : PRODUCT_CLIENTS) {
            Logger logger = context.getLogger(name);
            attach(logger, toFile);
            logger.addAppender(errors);
        }
        return file;
    }

    private static void attach(Logger logger, RollingFileAppender<ILoggingEvent> appender) {
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("dsm-broker-file");
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("20MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(context, PATTERN));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
