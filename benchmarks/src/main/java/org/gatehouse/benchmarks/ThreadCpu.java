package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPU time of a server's threads by kind, from Linux's {@code /proc/<pid>/task/<tid>/stat}, sampled every 200 ms
 * so that a thread that ends during the phase (the JVM adds and removes compiler threads) still counts up to its last
 * sample: how much of a phase's CPU went to the JIT compiler threads and the collector's threads rather than to the
 * mail. Nothing on a platform without {@code /proc}.
 */
final class ThreadCpu implements AutoCloseable {
    /** Kernel clock ticks per second for the {@code utime}/{@code stime} fields (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    record Split(Duration compiler, Duration gc) {
    }

    private record Sample(String kind, long ticks) {
    }

    private final Path tasks;
    private final Map<String, Sample> first = new ConcurrentHashMap<>();
    private final Map<String, Sample> last = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "thread-cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ThreadCpu(Path tasks) {
        this.tasks = tasks;
        sample(true);
        sampler.scheduleAtFixedRate(() -> sample(false), 200, 200, TimeUnit.MILLISECONDS);
    }

    static Optional<ThreadCpu> start(long pid) {
        Path tasks = Paths.get("/proc", String.valueOf(pid), "task");
        return Files.isDirectory(tasks) ? Optional.of(new ThreadCpu(tasks)) : Optional.empty();
    }

    /** The compiler threads' and the collector's threads' CPU since {@link #start}; stops sampling. */
    Split stop() {
        sample(false);
        close();
        long compiler = 0;
        long gc = 0;
        for (Map.Entry<String, Sample> thread : last.entrySet()) {
            long used = thread.getValue().ticks() - Optional.ofNullable(first.get(thread.getKey())).map(Sample::ticks).orElse(0L);
            switch (thread.getValue().kind()) {
                case "compiler" -> compiler += used;
                case "gc" -> gc += used;
                default -> { }
            }
        }
        return new Split(ticks(compiler), ticks(gc));
    }

    private static Duration ticks(long ticks) {
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    private void sample(boolean initial) {
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> read(thread).ifPresent(sample -> {
                String tid = thread.getFileName().toString();
                if (initial) {
                    first.put(tid, sample);
                }
                last.put(tid, sample);
            }));
        } catch (IOException | RuntimeException e) {
            // the process ended, or a thread ended while listed: its last sample stands
        }
    }

    /** stat's second field is the thread's name in parentheses (it may hold spaces); utime and stime follow it. */
    private static Optional<Sample> read(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            String[] fields = stat.substring(close + 2).split(" ");
            // after the name: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Optional.of(new Sample(kind(name), ticks));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String kind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "compiler";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "gc";
        }
        return "other";
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
