package org.gatehouse.sender.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.io.EOLConvertingInputStream;
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
final class DkimMessage implements Headers {
    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(10000).setMaxHeaderLen(30000).build();

    private final Message message;

    private DkimMessage(Message message) {
        this.message = message;
    }

    static DkimMessage parse(InputStream raw) throws IOException, MimeException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setFlatMode(true);
        builder.setContentDecoding(false);
        return new DkimMessage(builder.parseMessage(new EOLConvertingInputStream(raw)));
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
    InputStream getBodyInputStream() {
        try {
            return ((SingleBody) message.getBody()).getInputStream();
        } catch (IOException e) {
            return null;
        }
    }

    void dispose() {
        message.dispose();
    }
}
