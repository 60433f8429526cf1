package org.gatehouse.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The text of one document with Tika's parser for its true type (no re-detection), cut at a character allowance and
 * stopped at the inspection's deadline; also whether parsing showed the document is encrypted. Embedded documents
 * are not parsed: archives are unpacked by {@link Inspection}, objects inside documents are not (docs/content.md).
 */
final class TextExtractor {
    private static final String PDF_ENCRYPTED = "pdf:encrypted";

    private final Parser parser;

    TextExtractor(TikaConfig config) {
        this.parser = config.getParser();
    }

    /** What parsing gave: text, whether it was cut, whether the document is encrypted, why parsing failed. */
    record Extracted(String text, boolean truncated, boolean encrypted, Optional<String> failure, boolean outOfTime) {
    }

    Extracted extract(Spool content, MediaType type, Optional<String> charset, int allowance, Budget budget) {
        BoundedText text = new BoundedText(allowance, budget);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, charset.map(name -> type.getBaseType() + "; charset=" + name).orElse(type.toString()));
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, NoEmbedded.INSTANCE);
        boolean encrypted = false;
        Optional<String> failure = Optional.empty();
        try (TikaInputStream in = content.tika()) {
            parser.parse(in, new BodyContentHandler((ContentHandler) text), metadata, context);
        } catch (EncryptedDocumentException e) {
            encrypted = true;
        } catch (IOException | SAXException | org.apache.tika.exception.TikaException | RuntimeException | LinkageError
                 | StackOverflowError e) {
            if (text.stop == null) {
                failure = Optional.of(describe(e));
            }
        }
        encrypted |= "true".equalsIgnoreCase(metadata.get(PDF_ENCRYPTED));
        return new Extracted(text.builder.toString(), text.stop == Stop.FULL, encrypted, failure, text.stop == Stop.OUT_OF_TIME);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private enum Stop { FULL, OUT_OF_TIME }

    /** Collects characters up to the allowance, then stops the parser; also stops it at the deadline. */
    private static final class BoundedText extends DefaultHandler {
        private final StringBuilder builder = new StringBuilder();
        private final int allowance;
        private final Budget budget;
        private int events;
        private Stop stop;

        BoundedText(int allowance, Budget budget) {
            this.allowance = allowance;
            this.budget = budget;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (++events % 64 == 0 && budget.timeIsUp()) {
                stop = Stop.OUT_OF_TIME;
                throw new Stopped(allowance);
            }
            int room = allowance - builder.length();
            if (length > room) {
                builder.append(ch, start, Math.max(0, room));
                stop = Stop.FULL;
                throw new Stopped(allowance);
            }
            builder.append(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            characters(ch, start, length);
        }
    }

    /**
     * Stops the parser. Tika's own write-limit exception, because parsers recognise it and stop: the PDF parser catches
     * any other exception per page and goes on with the next page, so a plain SAXException cut the text but PDFBox still
     * laid out every page of a long PDF (a 1 MB PDF of text cost the same at 1,000 characters as at 1,000,000).
     */
    private static final class Stopped extends org.apache.tika.exception.WriteLimitReachedException {
        private static final long serialVersionUID = 1L;

        Stopped(int allowance) {
            super(allowance);
        }
    }

    /** Leaves embedded documents alone. */
    private enum NoEmbedded implements EmbeddedDocumentExtractor {
        INSTANCE;

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            // not parsed: see the class comment
        }
    }
}
