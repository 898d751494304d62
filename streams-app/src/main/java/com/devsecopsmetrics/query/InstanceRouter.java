package com.devsecopsmetrics.query;

import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds which instance holds a key (through {@code application.server}) and forwards queries there, falling
 * back to standbys when the active instance does not answer. Forwarded requests go to {@code /internal/} routes,
 * which answer from the receiver's own stores and never forward again, and carry the instance credential.
 */
public final class InstanceRouter {
    private static final Logger log = LoggerFactory.getLogger(InstanceRouter.class);
    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final String scheme;
    /** The instance credential every forwarded call carries (DESIGN §8), when one is configured. */
    private final Optional<String> internalToken;

    /** With TLS, forwarded calls use HTTPS and present this instance's certificate. */
    public InstanceRouter(KafkaStreams streams, HostInfo self, Optional<TlsSettings> tls, Optional<String> internalToken) {
        this.streams = streams;
        this.self = self;
        this.internalToken = internalToken;
        this.scheme = tls.isPresent() ? "https" : "http";
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        tls.ifPresent(t -> builder.sslContext(t.clientContext()));
        this.http = builder.build();
    }

    public HostInfo self() {
        return self;
    }

    public KeyQueryMetadata metadataFor(String store, String key) {
        KeyQueryMetadata md = streams.queryMetadataForKey(store, key, org.apache.kafka.common.serialization.Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE) {
            throw ApiError.unavailable("the application is rebalancing; try again shortly");
        }
        return md;
    }

    /** The other instances holding a key's partition: the active one first, then standbys. */
    public List<HostInfo> remoteHolders(KeyQueryMetadata md) {
        List<HostInfo> hosts = new ArrayList<>();
        hosts.add(md.activeHost());
        hosts.addAll(md.standbyHosts());
        hosts.removeIf(this::isSelf);
        return hosts;
    }

    public boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    /** Every other instance of this application, for queries that fan out. */
    public List<HostInfo> otherInstances() {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            if (!isSelf(md.hostInfo())) {
                hosts.add(md.hostInfo());
            }
        }
        return hosts;
    }

    /** GETs {@code pathAndQuery} from the first of {@code hosts} that answers; empty if none does. */
    public Optional<HttpResponse<String>> forward(List<HostInfo> hosts, String pathAndQuery) {
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        for (HostInfo host : hosts) {
            URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery + sep + "local=true");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
            internalToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 500) {
                    return Optional.of(r);
                }
                log.warn("Instance {} answered {} for {}; trying the next one", host, r.statusCode(), pathAndQuery);
            } catch (IOException e) {
                log.warn("Instance {} did not answer {} ({}); trying the next one", host, pathAndQuery, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiError.unavailable("interrupted while forwarding");
            }
        }
        return Optional.empty();
    }

    public JsonNode forwardJson(HostInfo host, String pathAndQuery) {
        HttpResponse<String> r = forward(List.of(host), pathAndQuery)
                .orElseThrow(() -> ApiError.unavailable("instance " + host + " does not answer"));
        try {
            return ContractJson.mapper().readTree(r.body());
        } catch (IOException e) {
            throw ApiError.unavailable("instance " + host + " answered with unreadable JSON");
        }
    }
}
