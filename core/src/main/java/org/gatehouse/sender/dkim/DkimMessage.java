package org.gatehouse.sender.dkim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A raw message as jDKIM's {@code org.apache.james.jdkim.impl.Message} reads it (the same mime4j settings: flat, not
 * decoded, the same line limits; fields written back as raw text), built directly: jDKIM's class asks mime4j's
 * {@code MessageServiceFactory.newInstance()} for a builder, which scans every jar of the class path for a service file,
 * and did so three times for each message (about 5 % of the gateway's CPU under SMTP load).
 */
public final class DkimMessage implements Headers {
    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(10000).setMaxHeaderLen(30000).build();

    private final Message message;
    /** The body's bytes (from {@code bodyStart}) when only the header section was parsed. */
    private final Optional<byte[]> converted;
    private final int bodyStart;

    private DkimMessage(Message message, Optional<byte[]> converted, int bodyStart) {
        this.message = message;
        this.converted = converted;
        this.bodyStart = bodyStart;
    }

    /**
     * The message with its line breaks made CRLF, as jDKIM reads it. Only the header section goes through the parser
     * when it ends at an empty line and has no line of blanks alone before it (the body is then the bytes after that
     * line, as the parser's flat body is): parsing the body only to read it back cost 2 % of the gateway's CPU.
     */
    public static DkimMessage parse(InputStream raw) throws IOException, MimeException {
        byte[] converted = crlf(raw.readAllBytes());
        int bodyStart = bodyStart(converted);
        if (bodyStart < 0) {
            return parseWhole(converted);
        }
        return new DkimMessage(builder().parseMessage(new ByteArrayInputStream(converted, 0, bodyStart)), Optional.of(converted),
            bodyStart);
    }

    /**
     * The bytes with every line break CRLF: a CR alone or an LF alone becomes CRLF, as mime4j's
     * {@code EOLConvertingInputStream} (which jDKIM reads through) makes them, without its byte-at-a-time reads.
     */
    static byte[] crlf(byte[] raw) {
        ByteArrayOutputStream out = null;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            boolean loneCr = b == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n');
            boolean loneLf = b == '\n' && (i == 0 || raw[i - 1] != '\r');
            if (out == null && (loneCr || loneLf)) {
                out = new ByteArrayOutputStream(raw.length + 64);
                out.write(raw, 0, i);
            }
            if (out != null) {
                if (loneCr || loneLf) {
                    out.write('\r');
                    out.write('\n');
                } else {
                    out.write(b);
                }
            }
        }
        return out == null ? raw : out.toByteArray();
    }

    /** The whole message through the parser, body included (what {@link #parse} must agree with). */
    static DkimMessage parseWhole(byte[] converted) throws IOException, MimeException {
        return new DkimMessage(builder().parseMessage(new ByteArrayInputStream(converted)), Optional.empty(), 0);
    }

    private static DefaultMessageBuilder builder() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setFlatMode(true);
        builder.setContentDecoding(false);
        return builder;
    }

    /**
     * Where the body starts: after the first empty line; -1 when there is none, when the message starts with it, or
     * when a line of blanks alone comes before it (the whole message is then parsed).
     */
    static int bodyStart(byte[] converted) {
        int lineStart = 0;
        while (lineStart < converted.length) {
            int lineEnd = lineStart;
            while (lineEnd + 1 < converted.length && !(converted[lineEnd] == '\r' && converted[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            if (lineEnd + 1 >= converted.length) {
                return -1;
            }
            if (lineEnd == lineStart) {
                return lineStart == 0 ? -1 : lineEnd + 2;
            }
            boolean blanks = true;
            for (int index = lineStart; index < lineEnd && blanks; index++) {
                blanks = converted[index] == ' ' || converted[index] == '\t';
            }
            if (blanks) {
                return -1;
            }
            lineStart = lineEnd + 2;
        }
        return -1;
    }

    @Override
    public List<String> getFields() {
        return convert(message.getHeader().getFields());
    }

    @Override
    public List<String> getFields(String name) {
        return convert(message.getHeader().getFields(name));
    }

    /** Each field as written (its raw form when it has one), without the final CRLF; in the default charset, as jDKIM. */
    private static List<String> convert(List<Field> fields) {
        DefaultMessageWriter writer = new DefaultMessageWriter();
        List<String> converted = new ArrayList<>();
        for (Field field : fields) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String text = null;
            try {
                writer.writeField(field, out);
                byte[] bytes = out.toByteArray();
                text = new String(bytes, 0, bytes.length - 2, java.nio.charset.Charset.defaultCharset());
            } catch (IOException e) {
                // as jDKIM: a field that cannot be written is listed as null (HeaderFields.copyOf drops it)
            }
            converted.add(text);
        }
        return converted;
    }

    /** The raw body, or null when it cannot be read (as jDKIM). */
    public InputStream getBodyInputStream() {
        if (converted.isPresent()) {
            return new ByteArrayInputStream(converted.get(), bodyStart, converted.get().length - bodyStart);
        }
        try {
            return ((SingleBody) message.getBody()).getInputStream();
        } catch (IOException e) {
            return null;
        }
    }

    public void dispose() {
        message.dispose();
    }
}
