package com.devsecopsmetrics.bench;

import com.devsecopsmetrics.app.BoundedRocksDbMemory;
import com.devsecopsmetrics.config.DsmConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What an organisation costs to keep: the state dir on disk and the process's resident memory beside its budgets. */
final class Footprint {
    private Footprint() {
    }

    static void print(DsmConfig config, Path stateDir, PrintStream out) throws IOException {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.printf("footprint: state dir %,d MiB on disk; process resident %s MiB; heap used %,d of max %,d MiB;"
                        + " rocksdb.memory.mb %s%n", bytes(stateDir) >> 20, residentMiB(), heap.getUsed() >> 20,
                heap.getMax() >> 20,
                config.asMap().getOrDefault(BoundedRocksDbMemory.MEMORY_MB, String.valueOf(BoundedRocksDbMemory.DEFAULT_MEMORY_MB)));
    }

    private static long bytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** VmRSS of /proc/self/status (Linux); "unknown" elsewhere. */
    private static String residentMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> String.format("%,d", Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10)).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
