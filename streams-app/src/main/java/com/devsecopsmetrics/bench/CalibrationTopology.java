package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.StreamsSettings;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.EventTimeExtractor;
import com.devsecopsmetrics.ingest.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The yardstick the product's throughput is divided by: about the least a Kafka Streams application can do with
 * these inputs. It reads the same six topics with the product's serdes, time extractor and settings (exactly-once
 * v2, the same partitions and stream threads) and keeps one windowed count per service and day. The machine's speed
 * moves both alike, so their ratio steers where an absolute rate measured at another hour cannot.
 */
public final class CalibrationTopology {
    static final String APPLICATION_ID = "dsm-bench-calibration";
    static final String STORE = "calibration-counts-per-service-day";

    private CalibrationTopology() {
    }

    /** Every input event counted in its service's day; a day stays open for a year of late events, as the ledger's do. */
    public static Topology buildTopology(EventSerdes serdes, ContractRules rules, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        builder.stream(Topics.INPUTS, Consumed.with(Serdes.String(), serdes.eventSerde())
                        .withTimestampExtractor(new EventTimeExtractor(rules)).withName("calibration-inputs"))
                .groupByKey(Grouped.<String, Object>as("calibration-by-service").withKeySerde(Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofDays(1), Duration.ofDays(365)))
                .count(Materialized.as(STORE));
        return builder.build(streamsProperties);
    }

    /** Runs the yardstick over what the input topics hold now and returns its events per second (start to lag 0). */
    static double measure(DsmConfig config, Path stateDir, Admin admin, long events, PrintStream out) throws Exception {
        Properties props = StreamsSettings.streamsProperties(config);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        Topology topology = buildTopology(EventSerdes.from(config), config.contractRules(), props);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            long started = System.nanoTime();
            while (ConsumerLag.of(admin, APPLICATION_ID, Topics.INPUTS) > 0) {
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = events / seconds;
            out.printf("calibration topology (a windowed count per service and day, same inputs, serdes, settings): "
                    + "%,d events in %.1f s, %,.0f events/s%n", events, seconds, rate);
            return rate;
        }
    }
}
