package org.gatehouse.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JDK Flight Recorder recording of a server spent its CPU: the execution samples ({@code jdk.ExecutionSample},
 * threads running Java code) aggregated by method, inclusive (the share of samples whose stack holds the method) and
 * self (the share where it is the top frame), each method tagged with its component (Gatehouse, James, a library by
 * name, the JDK); the same by component; the samples by thread pool; and the process's and machine's CPU load
 * ({@code jdk.CPULoad}) during the recording, which tells whether the server was short of CPU.
 *
 * <p>Used by {@code benchmarks/smtp-load.sh --profile}; also on its own:
 * {@code java -cp 'benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar'
 * org.gatehouse.benchmarks.JfrHotMethods [--top 25] FILE.jfr...}.
 */
public final class JfrHotMethods {
    /** Package prefixes to the component they belong to; the first match wins, so the longer prefixes come first. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
        Map.entry("org.gatehouse.shaded.lucene.", "Lucene"),
        Map.entry("org.gatehouse.", "Gatehouse"),
        Map.entry("org.apache.james.mime4j.", "mime4j"),
        Map.entry("org.apache.james.jdkim.", "jDKIM"),
        Map.entry("org.apache.james.jspf.", "jSPF"),
        Map.entry("org.apache.james.", "James"),
        Map.entry("org.apache.mailet.", "James"),
        Map.entry("org.apache.derby.", "Derby"),
        Map.entry("org.apache.activemq.", "ActiveMQ"),
        Map.entry("org.apache.tika.", "Tika"),
        Map.entry("org.apache.pdfbox.", "PDFBox"),
        Map.entry("org.apache.fontbox.", "PDFBox"),
        Map.entry("io.netty.", "Netty"),
        Map.entry("reactor.", "Reactor"),
        Map.entry("org.jsoup.", "jsoup"),
        Map.entry("com.fasterxml.jackson.", "Jackson"),
        Map.entry("com.google.re2j.", "RE2J"),
        Map.entry("com.google.common.", "Guava"),
        Map.entry("com.google.inject.", "Guice"),
        Map.entry("com.github.benmanes.caffeine.", "Caffeine"),
        Map.entry("org.xbill.DNS.", "dnsjava"),
        Map.entry("com.sun.mail.", "JavaMail"),
        Map.entry("javax.mail.", "JavaMail"),
        Map.entry("com.optimaize.", "language-detector"),
        Map.entry("com.zaxxer.hikari.", "HikariCP"),
        Map.entry("org.postgresql.", "PostgreSQL JDBC"),
        Map.entry("ch.qos.logback.", "Logback"),
        Map.entry("org.slf4j.", "Logback"),
        Map.entry("java.", "JDK"),
        Map.entry("javax.", "JDK"),
        Map.entry("jdk.", "JDK"),
        Map.entry("sun.", "JDK"),
        Map.entry("com.sun.", "JDK"));

    private final Map<String, Integer> inclusive = new HashMap<>();
    private final Map<String, Integer> self = new HashMap<>();
    /** Self time with the JDK code it calls: each sample counted at its topmost frame outside the JDK. */
    private final Map<String, Integer> ownWithJdk = new HashMap<>();
    private final Map<String, Integer> componentInclusive = new HashMap<>();
    private final Map<String, Integer> componentSelf = new HashMap<>();
    private final Map<String, Integer> threads = new HashMap<>();
    /** Samples by the outermost SMTP hook, mailet or matcher on the stack (James's or Gatehouse's), else by thread pool. */
    private final Map<String, Integer> steps = new HashMap<>();
    private int samples;
    private int truncated;
    private double jvmCpu;
    private double machineCpu;
    private int cpuLoads;

    public static void main(String[] args) throws IOException {
        int top = 25;
        List<String> files = new java.util.ArrayList<>(Arrays.asList(args));
        if (files.size() >= 2 && files.get(0).equals("--top")) {
            top = Integer.parseInt(files.get(1));
            files = files.subList(2, files.size());
        }
        JfrHotMethods profile = new JfrHotMethods();
        for (String file : files) {
            profile.read(Paths.get(file));
        }
        profile.print(top);
    }

    void read(Path recording) throws IOException {
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    sample(event);
                } else if (type.equals("jdk.CPULoad")) {
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                    cpuLoads++;
                }
            }
        }
    }

    private void sample(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        if (stack.isTruncated()) {
            truncated++;
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = method(frames.get(0));
        self.merge(top, 1, Integer::sum);
        componentSelf.merge(component(top), 1, Integer::sum);
        frames.stream().map(JfrHotMethods::method).filter(method -> !component(method).equals("JDK")).findFirst()
            .ifPresent(method -> ownWithJdk.merge(method, 1, Integer::sum));
        Set<String> methods = new HashSet<>();
        Set<String> components = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String method = method(frame);
            if (methods.add(method)) {
                inclusive.merge(method, 1, Integer::sum);
            }
            if (components.add(component(method))) {
                componentInclusive.merge(component(method), 1, Integer::sum);
            }
        }
        threads.merge(threadPool(event), 1, Integer::sum);
        steps.merge(step(frames).orElseGet(() -> "(no step) " + threadPool(event)), 1, Integer::sum);
    }

    private static java.util.Optional<String> step(List<RecordedFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String type = frames.get(i).getMethod().getType().getName();
            if (STEP_PACKAGES.stream().anyMatch(type::startsWith) && !type.contains("$$Lambda")) {
                return java.util.Optional.of(type.substring(type.lastIndexOf('.') + 1) + "." + frames.get(i).getMethod().getName());
            }
        }
        return java.util.Optional.empty();
    }

    private static final List<String> STEP_PACKAGES = List.of("org.gatehouse.smtp.", "org.gatehouse.mailets.", "org.gatehouse.matchers.",
        "org.apache.james.transport.mailets.", "org.apache.james.transport.matchers.");

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static String component(String method) {
        return COMPONENTS.stream().filter(entry -> method.startsWith(entry.getKey())).map(Map.Entry::getValue).findFirst()
            .orElseGet(() -> {
                String[] parts = method.split("\\.");
                return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length - 2)));
            });
    }

    /** The thread's name without its number: "spooler-3" and "spooler-7" are one pool. */
    private static String threadPool(RecordedEvent event) {
        String name = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }

    void print(int top) {
        if (samples == 0) {
            System.out.println("  no execution samples in the recording");
            return;
        }
        System.out.printf(Locale.ROOT, "  %d execution samples (%d with a truncated stack)", samples, truncated);
        if (cpuLoads > 0) {
            System.out.printf(Locale.ROOT, "; CPU during the recording: server process %.0f %%, whole machine %.0f %% (of 100 %% = all cores)",
                100 * jvmCpu / cpuLoads, 100 * machineCpu / cpuLoads);
        }
        System.out.println();
        System.out.println("  by component (self = CPU in its own code; inclusive = samples with any of its frames on the stack):");
        componentSelf.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(14)
            .forEach(entry -> System.out.printf(Locale.ROOT, "    %-18s self %5.1f %%   inclusive %5.1f %%%n", entry.getKey(),
                percent(entry.getValue()), percent(componentInclusive.getOrDefault(entry.getKey(), 0))));
        System.out.printf(Locale.ROOT, "  top %d methods by inclusive time, grouped (a chain of frames with the same time shows once; "
            + "self in the last column):%n", top);
        int gatehouse = Math.max(1, top / 2);
        int james = Math.max(1, top / 5);
        printInclusive("Gatehouse", component -> component.equals("Gatehouse"), gatehouse);
        printInclusive("James", component -> component.equals("James"), james);
        printInclusive("libraries", component -> !component.equals("Gatehouse") && !component.equals("James") && !component.equals("JDK"),
            top - gatehouse - james);
        System.out.println("  top 15 methods by self time with the JDK code they call (each sample at its topmost frame outside the JDK):");
        ownWithJdk.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
            .forEach(entry -> System.out.printf(Locale.ROOT, "    %5.1f %%  %-12s %s%n", percent(entry.getValue()), component(entry.getKey()),
                abbreviate(entry.getKey())));
        System.out.println("  top 10 methods by self time (all components):");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
            .forEach(entry -> System.out.printf(Locale.ROOT, "    %5.1f %%  %-12s %s%n", percent(entry.getValue()), component(entry.getKey()),
                abbreviate(entry.getKey())));
        System.out.println("  by pipeline step (the outermost SMTP hook, mailet or matcher on the stack):");
        steps.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(14)
            .forEach(entry -> System.out.printf(Locale.ROOT, "    %5.1f %%  %s%n", percent(entry.getValue()), entry.getKey()));
        System.out.println("  samples by thread: " + threads.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
            .map(entry -> String.format(Locale.ROOT, "%s %.0f %%", entry.getKey(), percent(entry.getValue())))
            .collect(Collectors.joining(", ")));
    }

    /** A frame whose time is within 0.3 % of the one shown before it in its component is plumbing of one call chain. */
    private void printInclusive(String group, java.util.function.Predicate<String> components, int limit) {
        System.out.println("    " + group + ":");
        Map<String, Integer> lastShown = new HashMap<>();
        int shown = 0;
        for (Map.Entry<String, Integer> entry : inclusive.entrySet().stream().filter(entry -> components.test(component(entry.getKey())))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList()) {
            String component = component(entry.getKey());
            Integer previous = lastShown.get(component);
            if (previous != null && previous - entry.getValue() <= samples * 0.003) {
                continue;
            }
            lastShown.put(component, entry.getValue());
            System.out.printf(Locale.ROOT, "    %5.1f %%  %-12s %-100s %5.1f %%%n", percent(entry.getValue()), component,
                abbreviate(entry.getKey()), percent(self.getOrDefault(entry.getKey(), 0)));
            if (++shown == limit) {
                return;
            }
        }
    }

    private double percent(int count) {
        return 100.0 * count / samples;
    }

    private static String abbreviate(String method) {
        return method.length() <= 100 ? method : "..." + method.substring(method.length() - 97);
    }

    JfrHotMethods() {
    }
}
