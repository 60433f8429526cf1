package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

class PlainBodyPartsTest {
    private record Part(String file, String contentType, Optional<String> name, Optional<String> charset, byte[] body) {
    }

    private static List<Part> corpusParts() throws IOException {
        List<Part> parts = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Paths.get("src/test/resources/corpora/spamassassin-public-corpus")),
                Files.walk(Paths.get("src/test/resources/corpora/spamassassin-tdata")))) {
            for (Path file : files.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().matches("(?i).*\\.md|LICENSE.*")).toList()) {
                parts.addAll(partsOf(file.toString(), Files.readAllBytes(file)));
            }
        }
        return parts;
    }

    private static List<Part> partsOf(String file, byte[] raw) {
        List<Part> parts = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT,
            new org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            private Optional<String> name = Optional.empty();

            @Override
            public void startHeader() {
                name = Optional.empty();
            }

            @Override
            public void field(Field field) {
                String body = Optional.ofNullable(field.getBody()).orElse("").toLowerCase(java.util.Locale.ROOT);
                if ((field.getName().equalsIgnoreCase("Content-Disposition") && body.contains("filename"))
                        || (field.getName().equalsIgnoreCase("Content-Type") && body.contains("name="))) {
                    name = Optional.of("named");
                }
            }

            @Override
            public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
                parts.add(new Part(file, descriptor.getMimeType(), name, Optional.ofNullable(descriptor.getCharset()), in.readAllBytes()));
            }
        });
        try {
            parser.parse(new ByteArrayInputStream(raw));
        } catch (Exception unparsable) {
            // a corpus message mime4j cannot walk has no parts for this comparison
        }
        return parts;
    }

    private static MediaType tika(Part part) throws IOException {
        try (TikaInputStream in = TikaInputStream.get(part.body())) {
            byte[] head = java.util.Arrays.copyOf(part.body(), Math.min(part.body().length, 1024));
            return ContentTypes.standard().detect(in, head, part.name(), Optional.of(part.contentType()));
        }
    }

    @Test
    void typeShouldAgreeWithTikaOnEveryCorpusBodyPartItTypes() throws Exception {
        int plain = 0;
        int html = 0;
        for (Part part : corpusParts()) {
            Optional<MediaType> fast = PlainBodyParts.type(part.body(), part.name(), Optional.of(part.contentType()));
            if (fast.isPresent()) {
                plain += fast.get().equals(MediaType.TEXT_PLAIN) ? 1 : 0;
                html += fast.get().equals(MediaType.TEXT_HTML) ? 1 : 0;
                assertThat(tika(part)).as(part.file() + " " + part.contentType()).isEqualTo(fast.get());
            }
        }
        // most of the corpora's text bodies take the fast path
        assertThat(plain).isGreaterThan(150);
        assertThat(html).isGreaterThan(10);
    }

    @Test
    void textShouldBeTikasTextOfEveryCorpusPlainPart() throws Exception {
        TextExtractor extractor = new TextExtractor(ContentTypes.standard().config());
        for (Part part : corpusParts()) {
            if (PlainBodyParts.type(part.body(), part.name(), Optional.of(part.contentType())).filter(MediaType.TEXT_PLAIN::equals).isEmpty()) {
                continue;
            }
            String fast = PlainBodyParts.text(part.body(), 100_000).text();
            String byTika;
            try (Spool spool = new Spool()) {
                spool.write(part.body(), 0, part.body().length);
                spool.finish();
                byTika = extractor.extract(spool, MediaType.TEXT_PLAIN, part.charset(), 100_000,
                    new Budget(ContentLimits.defaults())).text();
            }
            assertThat(normalized(fast)).as(part.file()).isEqualTo(normalized(byTika));
        }
    }

    private static String normalized(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    private static Optional<MediaType> type(String body, String declared) {
        return PlainBodyParts.type(body.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.of(declared));
    }

    @Test
    void typeShouldLeaveToTikaWhatIsNotPlainProse() {
        assertThat(type("#!/bin/sh\nrm -rf /\n", "text/plain")).isEmpty();
        assertThat(type("<html><body>hi</body></html>", "text/plain")).isEmpty();
        assertThat(type("Hello\n<script>alert(1)</script>", "text/plain")).isEmpty();
        assertThat(type("From alice@example.com Mon Jan  1 00:00:00 2024\n", "text/plain")).isEmpty();
        assertThat(type("Received: from x\nSubject: y\n\nbody", "text/plain")).isEmpty();
        assertThat(type("begin 644 file.exe\nM35H\n", "text/plain")).isEmpty();
        assertThat(type("-----BEGIN PGP MESSAGE-----\n", "text/plain")).isEmpty();
        assertThat(type("%PDF-1.4\n", "text/plain")).isEmpty();
        assertThat(type("MZ\u0000\u0001", "text/plain")).isEmpty();
        assertThat(type("Hello there", "application/octet-stream")).isEmpty();
        assertThat(PlainBodyParts.type("Hello".getBytes(StandardCharsets.UTF_8), Optional.of("notes.txt"), Optional.of("text/plain")))
            .isEmpty();
        assertThat(PlainBodyParts.type(new byte[] {'H', 'i', ' ', (byte) 0xE9}, Optional.empty(), Optional.of("text/plain"))).isEmpty();
        assertThat(type("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "text/html")).isEmpty();
        assertThat(type("<?xml version=\"1.0\"?><html/>", "text/html")).isEmpty();
    }

    @Test
    void typeShouldTypeProseAndHtmlDocuments() {
        assertThat(type("Hello Bob,\nsee you at noon <https://example.com/a>.\n", "text/plain; charset=utf-8")).contains(MediaType.TEXT_PLAIN);
        assertThat(type("Grüße aus Köln\n", "text/plain; charset=utf-8")).contains(MediaType.TEXT_PLAIN);
        assertThat(type("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "text/html")).contains(MediaType.TEXT_HTML);
    }

    @Test
    void textShouldReadUtf8WhateverTheLabelAndKeepToTheAllowance() {
        assertThat(PlainBodyParts.text("café au lait".getBytes(StandardCharsets.UTF_8), 100).text()).isEqualTo("café au lait");
        TextExtractor.Extracted bounded = PlainBodyParts.text("abcdef".getBytes(StandardCharsets.UTF_8), 3);
        assertThat(bounded.text()).isEqualTo("abc");
        assertThat(bounded.truncated()).isTrue();
    }
}
