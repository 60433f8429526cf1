package org.gatehouse.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;

/**
 * The shape of a message's MIME tree, measured in one streaming pass that keeps no part in memory and never
 * recurses (mime4j's token stream keeps its own stack): how deep multiparts and attached messages nest, how many
 * body parts there are and the most header fields in one header section. {@link #scan} stops at the first limit
 * crossed, so a hostile message costs at most one read of its bytes.
 *
 * @param depth the deepest nesting seen: 0 for a single-part message, 1 for the parts of a top-level multipart, one
 *              more for each multipart or attached message inside
 * @param parts the body parts seen
 * @param headerFields the most header fields seen in one header section
 * @param violation what limit the message crossed, in words for an SMTP reply and the message log; empty when none
 */
public record MimeStructure(int depth, int parts, int headerFields, Optional<String> violation) {

    /**
     * Bounds no legitimate message reaches.
     *
     * @param maxDepth deepest nesting of multiparts and attached messages
     * @param maxParts most body parts in one message
     * @param maxHeaderFields most header fields in one header section (the message's or a part's)
     */
    public record Limits(int maxDepth, int maxParts, int maxHeaderFields) {
        public static final Limits DEFAULT = new Limits(25, 2000, 1000);
        /**
         * The deepest nesting any bound may allow: mime4j reads each level through one more stream (a few stack frames
         * a level), so every parser of the message stays far from the stack's end.
         */
        public static final int MAX_DEPTH_ALLOWED = 1000;

        public Limits {
            Preconditions.checkArgument(maxDepth > 0 && maxDepth <= MAX_DEPTH_ALLOWED, "maxDepth must be between 1 and %s, got %s",
                MAX_DEPTH_ALLOWED, maxDepth);
            Preconditions.checkArgument(maxParts > 0, "maxParts must be positive, got %s", maxParts);
            Preconditions.checkArgument(maxHeaderFields > 0, "maxHeaderFields must be positive, got %s", maxHeaderFields);
        }

        @Override
        public String toString() {
            return MoreObjects.toStringHelper(this).add("maxDepth", maxDepth).add("maxParts", maxParts)
                .add("maxHeaderFields", maxHeaderFields).toString();
        }
    }

    private static final MimeConfig UNBOUNDED = MimeConfig.custom()
        .setMaxLineLen(-1)
        .setMaxHeaderLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxContentLen(-1)
        .setStrictParsing(false)
        .build();

    public MimeStructure {
        Preconditions.checkArgument(depth >= 0 && parts >= 0 && headerFields >= 0, "counts are never negative");
    }

    public boolean exceeds() {
        return violation.isPresent();
    }

    /** Measures {@code message} (an RFC 5322 message), stopping at the first of {@code limits} it crosses. */
    public static MimeStructure scan(InputStream message, Limits limits) throws IOException {
        MimeTokenStream stream = new MimeTokenStream(UNBOUNDED);
        stream.parse(message);
        int level = 0;
        int depth = 0;
        int parts = 0;
        int fields = 0;
        int mostFields = 0;
        boolean topMessage = true;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        if (!topMessage) {
                            level++;
                        }
                        topMessage = false;
                    }
                    case T_END_MESSAGE -> level = Math.max(0, level - 1);
                    case T_START_MULTIPART -> level++;
                    case T_END_MULTIPART -> level--;
                    case T_START_BODYPART -> parts++;
                    case T_START_HEADER -> fields = 0;
                    case T_FIELD -> fields++;
                    default -> {
                    }
                }
                depth = Math.max(depth, level);
                mostFields = Math.max(mostFields, fields);
                if (depth > limits.maxDepth()) {
                    return new MimeStructure(depth, parts, mostFields,
                        Optional.of("MIME parts nested deeper than " + limits.maxDepth() + " levels"));
                }
                if (parts > limits.maxParts()) {
                    return new MimeStructure(depth, parts, mostFields,
                        Optional.of("more than " + limits.maxParts() + " MIME parts"));
                }
                if (mostFields > limits.maxHeaderFields()) {
                    return new MimeStructure(depth, parts, mostFields,
                        Optional.of("more than " + limits.maxHeaderFields() + " header fields in one header section"));
                }
            }
        } catch (MimeException e) {
            // permissive parsing reports nothing fatal; what was measured so far stands
            return new MimeStructure(depth, parts, mostFields, Optional.empty());
        }
        return new MimeStructure(depth, parts, mostFields, Optional.empty());
    }
}
