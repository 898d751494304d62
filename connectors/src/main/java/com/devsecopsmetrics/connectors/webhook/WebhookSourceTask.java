package com.devsecopsmetrics.connectors.webhook;

import com.devsecopsmetrics.connectors.connect.MappingConfigDef;
import com.devsecopsmetrics.connectors.connect.Version;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.ReleaseTracker;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The webhook listener and the queue between it and the worker; see {@link WebhookIntake} for the request's life. */
public class WebhookSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(WebhookSourceTask.class);
    private WebhookIntake intake;
    private WebhookServer server;

    @Override
    public void start(Map<String, String> props) {
        WebhookConfig config = new WebhookConfig(props);
        Map<String, Object> offset = context.offsetStorageReader().offset(WebhookIntake.PARTITION);
        ReleaseTracker releases = ReleaseTracker.fromJson(offset == null ? null : (String) offset.get(WebhookIntake.OFFSET_RELEASES));
        intake = new WebhookIntake(config, new Converters(MappingConfigDef.mapping(config.values()), releases), Clock.systemUTC());
        server = new WebhookServer(config, intake);
        try {
            server.start();
        } catch (IOException e) {
            throw new ConnectException("cannot listen on " + config.getString(WebhookConfig.LISTENER_HOST) + ":"
                    + config.getInt(WebhookConfig.LISTENER_PORT) + ": " + e.getMessage(), e);
        }
        log.info("webhook listener on port {}", server.port());
    }

    /** The port actually bound (listener.port=0 picks a free one). */
    public int port() {
        return server.port();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return intake.drain(500);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        intake.acknowledged(record, metadata != null);
    }

    @Override
    public void stop() {
        if (intake != null) {
            intake.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String version() {
        return Version.get();
    }
}
