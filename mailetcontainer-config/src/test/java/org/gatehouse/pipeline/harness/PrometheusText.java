package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prometheus's text exposition format read by the Prometheus project's own parser ({@code prometheus_client.parser},
 * Debian's python3-prometheus-client, which {@code scripts/test-services.sh install} installs): a scrape that parser
 * refuses fails the test.
 */
public final class PrometheusText {
    private static final String PARSE = String.join("\n",
        "import json, sys",
        "from prometheus_client.parser import text_string_to_metric_families",
        "out = []",
        "for family in text_string_to_metric_families(sys.stdin.read()):",
        "    for sample in family.samples:",
        "        out.append({'name': sample.name, 'labels': sample.labels, 'value': sample.value})",
        "print(json.dumps(out))");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PARSE).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = python.getInputStream().readAllBytes();
        if (!python.waitFor(60, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new IOException("The Prometheus text-format parser did not finish within 60 s");
        }
        if (python.exitValue() != 0) {
            throw new IOException("The Prometheus text-format parser refused the scrape (exit " + python.exitValue() + ")");
        }
        return new ObjectMapper().readValue(out, new TypeReference<List<Sample>>() { });
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}. */
    public static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
            .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
            .mapToDouble(Sample::value).sum();
    }

    public static boolean has(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
            .anyMatch(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()));
    }
}
