package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration files shipped in james-conf, edited for one test the way an admin edits them, and written
 * into a data directory before the gateway's first start (the launcher never overwrites them).
 */
public final class ShippedConfiguration {
    public static final String DEFAULT_RETRY_SCHEDULE = "4*5 minutes, 4*30 minutes, 6*1 hour, 28*4 hours";

    public static String read(String name) {
        try (InputStream in = ShippedConfiguration.class.getClassLoader().getResourceAsStream("gatehouse-conf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("No shipped configuration file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text that must be present: a test never silently runs on an unedited file. */
    public static String replace(String content, String target, String replacement) {
        if (!content.contains(target)) {
            throw new IllegalStateException("The shipped configuration no longer contains: " + target);
        }
        return content.replace(target, replacement);
    }

    /** Retries every second instead of the 5-day production schedule. */
    public static String withFastRetries(String mailetContainer) {
        return replace(replace(mailetContainer, DEFAULT_RETRY_SCHEDULE, "300*1 second"),
            "<maxRetries>42</maxRetries>", "<maxRetries>300</maxRetries>");
    }

    /** Sends outbound mail through a smart host instead of MX lookup. */
    public static String withOutboundSmartHost(String mailetContainer, String host, int port) {
        return replace(mailetContainer, "<outgoing>outbound</outgoing>",
            "<outgoing>outbound</outgoing>\n                <gateway>" + host + "</gateway>\n                <gatewayPort>" + port + "</gatewayPort>");
    }

    public static void write(Path dataDir, String name, String content) throws IOException {
        Path target = dataDir.resolve("conf").resolve(name);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
    }

    /** Adds to a file of the data directory's configuration (written by {@link #write} before, or new). */
    public static void append(Path dataDir, String name, String content) throws IOException {
        Path target = dataDir.resolve("conf").resolve(name);
        Files.createDirectories(target.getParent());
        Files.writeString(target, (Files.exists(target) ? Files.readString(target) : "") + content);
    }

    private ShippedConfiguration() {
    }
}
