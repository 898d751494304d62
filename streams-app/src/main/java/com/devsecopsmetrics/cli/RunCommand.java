package com.devsecopsmetrics.cli;

import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.config.DsmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "run", description = "Run the application against an external Kafka cluster.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        DsmConfig cfg = options.load();
        MetricsApplication app = new MetricsApplication(cfg).onUnrecoverable(MetricsApplication.exitProcess()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "dsm-shutdown"));
        System.out.printf("devsecops-metrics runs against %s; dashboard and API on %s%n", cfg.get(DsmConfig.BOOTSTRAP_SERVERS),
                DashboardUrl.of(cfg, app.restPort()));
        stopped.await();
        return 0;
    }
}
