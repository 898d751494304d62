package com.devsecopsmetrics.connectors.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET requests to one tool's REST API: the credential header on every request to the API's own host and none
 * elsewhere (a page link to another host is refused, redirects are not followed), answers bounded in size,
 * rate limits waited out, 5xx and connection failures retried with exponential backoff.
 */
public final class ApiClient {
    /** Larger than any page of 100 objects the tools return; a larger body is not an API answer we can use. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    static final int MAX_ATTEMPTS = 6;
    static final int MAX_RATE_LIMIT_WAITS = 20;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]{1,4000})>\\s*;[^,]*rel=\"?next\"?");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Waiting, replaceable so that tests need not sleep through a backoff. */
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final URI base;
    private final ApiCredential credential;
    private final HttpClient http;
    private final Pause pause;
    private final Clock clock;
    private final Duration firstBackoff;
    private long requests;
    private long retries;

    public ApiClient(URI base, ApiCredential credential, Pause pause, Duration firstBackoff) {
        this.base = Objects.requireNonNull(base);
        this.credential = credential;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.pause = pause;
        this.clock = Clock.systemUTC();
        this.firstBackoff = firstBackoff;
    }

    public static ApiClient of(URI base, ApiCredential credential) {
        return new ApiClient(base, credential, d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(1));
    }

    public URI base() {
        return base;
    }

    /** {@code path} (with its query) resolved against the API's base URL. */
    public URI resolve(String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    public long requests() {
        return requests;
    }

    public long retries() {
        return retries;
    }

    public ApiPage get(URI uri) {
        if (!sameOrigin(uri)) {
            // a Link header naming another host would otherwise receive the token
            throw new ApiUnavailable("refused a page link to another host than " + base.getHost(), 0);
        }
        Duration backoff = firstBackoff;
        ApiUnavailable last = null;
        int rateLimitWaits = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            requests++;
            HttpResponse<InputStream> response;
            try {
                response = http.send(request(uri), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                last = new ApiUnavailable(describe(uri) + ": " + e.getClass().getSimpleName(), 0);
                backoff = attempt < MAX_ATTEMPTS ? wait(backoff, backoff) : backoff;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiUnavailable(describe(uri) + ": interrupted", 0);
            }
            int status = response.statusCode();
            if (RateLimits.isRateLimited(status, response.headers())) {
                discard(response);
                last = new ApiUnavailable(describe(uri) + ": rate limited (" + status + ")", status);
                Duration asked = RateLimits.onRefusal(response.headers(), clock.instant(), backoff);
                if (asked.compareTo(RateLimits.MAX_WAIT) > 0) {
                    throw new ApiUnavailable(describe(uri) + ": rate limited for " + asked.toMinutes() + " minutes; re-run later to resume", status);
                }
                if (++rateLimitWaits <= MAX_RATE_LIMIT_WAITS) {
                    attempt--; // a rate limit is no failure of the server: it does not use up an attempt
                }
                backoff = wait(asked, backoff); // a 429 without headers (PagerDuty) backs off further each time
                continue;
            }
            if (status >= 500) {
                discard(response);
                last = new ApiUnavailable(describe(uri) + ": server error " + status, status);
                backoff = attempt < MAX_ATTEMPTS ? wait(backoff, backoff) : backoff; // no wait after the last attempt
                continue;
            }
            if (status != 200) {
                discard(response);
                throw new ApiUnavailable(describe(uri) + ": answered " + status, status);
            }
            JsonNode body = read(uri, response);
            Duration budget = RateLimits.beforeNext(response.headers(), clock.instant());
            if (!budget.isZero() && budget.compareTo(RateLimits.MAX_WAIT) <= 0) {
                wait(budget, backoff);
            }
            Optional<URI> next = nextLink(response);
            if (next.isPresent() && !sameOrigin(next.get())) {
                throw new ApiUnavailable(describe(uri) + ": refused a page link to another host than " + base.getHost(), 0);
            }
            return new ApiPage(body, next);
        }
        throw last;
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                .header("Accept", "application/json").header("User-Agent", "devsecops-metrics-import");
        if (credential != null && credential.present()) {
            b.header(credential.header(), credential.value());
        }
        return b.build();
    }

    /** Sleeps {@code d}; returns the next backoff (doubled, at most a minute). */
    private Duration wait(Duration d, Duration backoff) {
        retries++;
        try {
            pause.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailable("interrupted while waiting", 0);
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : doubled;
    }

    private JsonNode read(URI uri, HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiUnavailable(describe(uri) + ": answer larger than " + MAX_BODY_BYTES + " bytes", 200);
            }
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body; the position is enough
            throw new ApiUnavailable(describe(uri) + ": answer is not JSON (line " + e.getLocation().getLineNr() + ")", 200);
        } catch (IOException e) {
            throw new ApiUnavailable(describe(uri) + ": cannot read the answer (" + e.getClass().getSimpleName() + ")", 200);
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(MAX_BODY_BYTES);
        } catch (IOException e) {
            // the connection is dropped: nothing more to read from it
        }
    }

    private static Optional<URI> nextLink(HttpResponse<?> response) {
        for (String link : response.headers().allValues("link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                try {
                    return Optional.of(URI.create(m.group(1)));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), base.getScheme()) && Objects.equals(uri.getHost(), base.getHost())
                && uri.getPort() == base.getPort();
    }

    /** The request's path for messages: no query (it may carry filter values) and never a header. */
    private static String describe(URI uri) {
        return "GET " + uri.getPath();
    }
}
