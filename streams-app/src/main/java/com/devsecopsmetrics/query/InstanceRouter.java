package com.devsecopsmetrics.query;

import com.devsecopsmetrics.config.TlsSettings;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds which instance holds a key (through {@code application.server}) and forwards queries there, falling
 * back to standbys when the active instance does not answer. Forwarded requests go to {@code /internal/} routes,
 * which answer from the receiver's own stores and never forward again, and carry the instance credential.
 *
 * <p>During a rolling restart a partition's copies move: an instance stops (its REST port closes before its stream
 * threads), the group rebalances, a standby becomes active and restores the last records, the instance comes back and
 * takes its tasks again. For a moment no copy may answer for a partition, or the metadata may still name a stopped
 * instance. So {@link #keyed} and {@link #gather} try every copy (the active one, then standbys, here and elsewhere)
 * and, while some partition has no copy answering, try again for up to {@link #UNAVAILABLE_WAIT} before they answer
 * 503. A partition's share comes whole from one copy, and the shares are combined in partition order, so the answer
 * does not depend on which copy answered.
 */
public final class InstanceRouter {
    private static final Logger log = LoggerFactory.getLogger(InstanceRouter.class);
    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;
    private final String scheme;
    /** The instance credential every forwarded call carries (DESIGN §8), when one is configured. */
    private final Optional<String> internalToken;
    /** How many partitions the ledger's stores have: those of the input topics. */
    private final int partitions;

    /** How long a query waits for some copy of every partition it needs before it answers 503. */
    public static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_MS = 200;

    /** With TLS, forwarded calls use HTTPS and present this instance's certificate. */
    public InstanceRouter(KafkaStreams streams, HostInfo self, int partitions, Optional<TlsSettings> tls, Optional<String> internalToken) {
        this.streams = streams;
        this.self = self;
        this.partitions = partitions;
        this.internalToken = internalToken;
        this.scheme = tls.isPresent() ? "https" : "http";
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        tls.ifPresent(t -> builder.sslContext(t.clientContext()));
        this.http = builder.build();
    }

    public HostInfo self() {
        return self;
    }

    /** Reads this instance's copy of a key's partition; throws a 503 {@link ApiError} when this copy cannot answer. */
    @FunctionalInterface
    public interface KeyedRead<T> {
        T read(int partition, boolean includeStandby);
    }

    /** Reads this instance's shares of the partitions asked for; a partition it cannot answer for is left out. */
    @FunctionalInterface
    public interface SharesRead<S> {
        Map<Integer, S> read(Set<Integer> partitions, boolean includeStandby);
    }

    /**
     * The answer for one key: from the active copy of its partition, else a standby, here or on the instance holding
     * it, trying again while none answers (metadata not yet known, a copy restoring, a holder stopped).
     *
     * @param path   the internal route that reads another instance's copy of a partition, given it and whether a standby may answer
     * @param remote the answer from another instance's 200 or 404 (anything else has been passed over)
     */
    public <T> T keyed(String store, String key, KeyedRead<T> local, PathFor path, Function<HttpResponse<String>, T> remote) {
        long deadline = System.nanoTime() + UNAVAILABLE_WAIT.toNanos();
        while (true) {
            KeyQueryMetadata md = metadataOrNull(store, key);
            if (md != null) {
                List<HostInfo> holders = new ArrayList<>();
                holders.add(md.activeHost());
                holders.addAll(md.standbyHosts());
                for (HostInfo host : holders) {
                    boolean standby = !host.equals(md.activeHost());
                    Optional<T> answer = isSelf(host) ? tryLocal(() -> local.read(md.partition(), standby))
                            : forward(List.of(host), path.of(Set.of(md.partition()), standby)).filter(InstanceRouter::definite).map(remote);
                    if (answer.isPresent()) {
                        return answer.get();
                    }
                }
                // The metadata may lag behind a rebalance: whatever copy this instance holds now.
                Optional<T> own = tryLocal(() -> local.read(md.partition(), true));
                if (own.isPresent()) {
                    return own.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw ApiError.unavailable(md == null ? "the application is rebalancing; try again shortly"
                        : "no instance holding partition " + md.partition() + " of " + store + " answers; try again shortly");
            }
            pause();
        }
    }

    /**
     * Every partition's share of an answer that spans them all: this instance's active copies, then the other
     * instances' active copies, then standbys here and elsewhere for what is still missing, trying again while some
     * partition has no copy answering. The shares come back in partition order.
     *
     * @param path   the internal route that reads another instance's shares of the given partitions
     * @param decode another instance's 200 answer, as shares by partition
     */
    public <S> Map<Integer, S> gather(SharesRead<S> local, PathFor path, Function<String, Map<Integer, S>> decode) {
        Map<Integer, S> have = new TreeMap<>();
        long deadline = System.nanoTime() + UNAVAILABLE_WAIT.toNanos();
        while (true) {
            for (boolean standby : new boolean[]{false, true}) {
                Set<Integer> missing = missing(have);
                tryLocal(() -> local.read(missing, standby)).ifPresent(shares -> addMissing(have, shares));
                for (HostInfo host : otherInstances()) {
                    Set<Integer> stillMissing = missing(have);
                    if (stillMissing.isEmpty()) {
                        break;
                    }
                    forward(List.of(host), path.of(stillMissing, standby)).filter(r -> r.statusCode() == 200)
                            .ifPresent(r -> addMissing(have, decode.apply(r.body())));
                }
                if (missing(have).isEmpty()) {
                    return have;
                }
            }
            if (System.nanoTime() > deadline) {
                throw ApiError.unavailable("partitions " + missing(have) + " have no instance answering; try again shortly");
            }
            pause();
        }
    }

    /** An internal route for some partitions, with {@code standby=true} when a standby copy may answer. */
    @FunctionalInterface
    public interface PathFor {
        String of(Set<Integer> partitions, boolean standby);
    }

    /** The query parameters that name the partitions an internal route is to answer for. */
    public static String partitionParameters(Set<Integer> partitions, boolean standby) {
        return "partitions=" + partitions.stream().map(String::valueOf).collect(Collectors.joining(",")) + (standby ? "&standby=true" : "");
    }

    /** The {@code partitions} parameter of an internal call; every partition when it is absent (an older caller). */
    public Set<Integer> partitionsParameter(String value) {
        if (value == null || value.isBlank()) {
            return allPartitions();
        }
        Set<Integer> wanted = new TreeSet<>();
        try {
            for (String p : value.split(",")) {
                wanted.add(Integer.parseInt(p.trim()));
            }
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("malformed partitions '" + value + "'");
        }
        return wanted;
    }

    public Set<Integer> allPartitions() {
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        return all;
    }

    private Set<Integer> missing(Map<Integer, ?> have) {
        Set<Integer> missing = allPartitions();
        missing.removeAll(have.keySet());
        return missing;
    }

    private static <S> void addMissing(Map<Integer, S> have, Map<Integer, S> shares) {
        shares.forEach(have::putIfAbsent);
    }

    /** 200 or 404: an answer; a 503 or any other status means this copy could not say. */
    private static boolean definite(HttpResponse<String> r) {
        return r.statusCode() == 200 || r.statusCode() == 404;
    }

    private KeyQueryMetadata metadataOrNull(String store, String key) {
        try {
            KeyQueryMetadata md = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
            return md == null || md == KeyQueryMetadata.NOT_AVAILABLE ? null : md;
        } catch (StreamsException e) {
            return null; // not started yet, or shutting down
        }
    }

    /** A local read, or empty when this instance's copy cannot answer now (not here, restoring, being moved). */
    private static <T> Optional<T> tryLocal(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (ApiError e) {
            if (e.status() == 503) {
                return Optional.empty();
            }
            throw e;
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // also not started yet, or stopped
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted while waiting for a partition to answer");
        }
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
}
