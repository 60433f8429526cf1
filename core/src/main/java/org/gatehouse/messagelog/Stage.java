package org.gatehouse.messagelog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where in the SMTP dialogue a record's fate was decided. A refusal is at the stage whose reply refused it (the
 * furthest, when one transaction was refused more than once); a message the gateway accepted (250 at the end of DATA)
 * and everything the pipeline did with it afterwards is {@code QUEUE}.
 */
public enum Stage {
    CONNECT, HELO, MAIL, RCPT, DATA, QUEUE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SMTP step, for people: {@code at RCPT TO}, {@code at the end of DATA}. */
    public String describe() {
        return switch (this) {
            case CONNECT -> "at connect";
            case HELO -> "at HELO";
            case MAIL -> "at MAIL FROM";
            case RCPT -> "at RCPT TO";
            case DATA -> "at the end of DATA";
            case QUEUE -> "after acceptance";
        };
    }

    public static Stage parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** {@code connect, helo, mail, rcpt, data, queue}: for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Stage::asString).collect(Collectors.joining(", "));
    }
}
