package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.DsmConfig;
import com.devsecopsmetrics.app.MetricsApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "run", description = "Run the application against an external Kafka cluster.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file (see README: configuration); DSM_* environment variables override it.")
    Path config;

    @Option(names = "-D", description = "Override one configuration key, e.g. -D rest.port=8081.")
    Map<String, String> overrides = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        DsmConfig cfg = DsmConfig.load(config, System.getenv(), overrides);
        MetricsApplication app = new MetricsApplication(cfg).onUnrecoverable(MetricsApplication.exitProcess()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "dsm-shutdown"));
        System.out.printf("devsecops-metrics runs against %s; API on port %d%n", cfg.get(DsmConfig.BOOTSTRAP_SERVERS), app.restPort());
        stopped.await();
        return 0;
    }
}
