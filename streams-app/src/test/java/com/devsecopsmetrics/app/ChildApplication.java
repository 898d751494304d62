package com.devsecopsmetrics.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.broker.EmbeddedKafka.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as a separate JVM ({@code dsm run}), so that it can be killed for real (SIGKILL, no shutdown
 * hook) and started again on the same state dir and REST port, as a supervisor would. Each start logs to a file
 * of its own in the test's folder.
 */
final class ChildApplication implements AutoCloseable {
    private final Path dir;
    private final String maxHeap;
    private final List<String> settings = new ArrayList<>();
    private final int restPort;
    private String classPath = System.getProperty("java.class.path");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    /**
     * @param dir      where the state dir and the logs go
     * @param settings product or client settings beyond the broker, REST port and state dir (passed as {@code -D})
     */
    ChildApplication(Path dir, String bootstrap, String maxHeap, Map<String, String> settings) throws Exception {
        this.dir = dir;
        this.maxHeap = maxHeap;
        this.restPort = freePort();
        this.settings.addAll(List.of("bootstrap.servers=" + bootstrap, "rest.port=" + restPort, "state.dir=" + dir.resolve("state")));
        settings.forEach((key, value) -> this.settings.add(key + "=" + value));
    }

    /** Runs another build of the product (e.g. the previous release's jar and lib folder) from the next start on. */
    ChildApplication withClassPath(String classPath) {
        this.classPath = classPath;
        return this;
    }

    /** Starts a new process; the previous one must have ended. */
    ChildApplication start() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", classPath, "com.devsecopsmetrics.cli.Dsm", "run"));
        settings.forEach(s -> command.addAll(List.of("-D", s)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app-" + System.nanoTime() + ".log").toFile());
        // The developer's own DSM_* variables must not reach the product under test.
        pb.environment().keySet().removeIf(k -> k.startsWith("DSM_"));
        process = pb.start();
        return this;
    }

    /** Waits until {@code /health} answers 200. */
    ChildApplication awaitUp(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> health() == 200);
        return this;
    }

    /** {@code /health}'s status, or -1 while nothing answers. */
    int health() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A REST answer that must be 200, e.g. {@code /api/v1/metrics?scope=org&from=...&to=...}. */
    JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    int restPort() {
        return restPort;
    }

    /** SIGTERM, as a supervisor stops a process: the shutdown hook closes the application. @return the exit code */
    int stop(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not stop within " + atMost + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no leave-group, an open transaction left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
