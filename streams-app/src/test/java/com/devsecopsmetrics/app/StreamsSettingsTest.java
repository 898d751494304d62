package com.devsecopsmetrics.app;

import com.devsecopsmetrics.config.DsmConfig;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsSettingsTest {
    private static Properties settings(Map<String, String> overrides) throws Exception {
        return StreamsSettings.streamsProperties(DsmConfig.load(null, Map.of(), overrides));
    }

    @Test
    void theUncommittedBytesCheckIsOffWhileTheStoresAreNotTransactional() throws Exception {
        assertThat(settings(Map.of()).get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)).isEqualTo(-1L);
        Properties transactional = settings(Map.of(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true"));
        assertThat(transactional).doesNotContainKey(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG);
        assertThat(new StreamsConfig(transactional).getLong(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG))
                .isEqualTo(64L * 1024 * 1024);
        assertThat(settings(Map.of(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true",
                StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, "1000")).get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG))
                .isEqualTo("1000");
    }
}
