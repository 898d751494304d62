package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.EmbeddedStack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An instance that lost its disk: the application is stopped, its state dir deleted and started again on the same
 * broker. The clock runs from the stop until every given answer is served again and equals what it was before.
 */
final class Restore {
    private Restore() {
    }

    /** {@code paths} are the queries compared, from {@code /api/...} on. */
    static void measure(EmbeddedStack stack, List<String> paths, PrintStream out) throws Exception {
        Answers answers = new Answers("http://localhost:" + stack.app().restPort());
        List<String> before = new ArrayList<>();
        for (String path : paths) {
            before.add(answers.require(path));
        }
        long started = System.nanoTime();
        stack.restartApplication(true);
        long deadline = started + TimeUnit.MINUTES.toNanos(30);
        for (int i = 0; i < paths.size(); i++) {
            answers.awaitEqual(paths.get(i), before.get(i), deadline);
        }
        out.printf("restore: state dir deleted and the instance restarted; every answer back and equal after %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }
}
