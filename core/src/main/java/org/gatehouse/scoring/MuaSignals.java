package org.gatehouse.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.gatehouse.message.HeaderField;
import org.gatehouse.message.ParsedMessage;

/**
 * Evidence about the program that wrote the message: mass-mailing software that names itself, a mail client name
 * the message's own headers contradict (forged Outlook), a random mailer name, or no Message-ID from the client.
 */
final class MuaSignals {
    static final String X_MAILER_SPAMWARE = "X_MAILER_SPAMWARE";
    static final String X_MAILER_FORGED_OUTLOOK = "X_MAILER_FORGED_OUTLOOK";
    static final String X_MAILER_RANDOM = "X_MAILER_RANDOM";
    static final String MESSAGE_ID_ADDED_BY_RELAY = "MESSAGE_ID_ADDED_BY_RELAY";

    /** Names of bulk-mailing programs sold for unsolicited mail, matched case-insensitively in X-Mailer/User-Agent. */
    static final List<String> SPAMWARE = List.of(
            "quicksender", "group mail", "advanced mass sender", "send-safe", "dark mailer", "darkmailer", "bulk mailer",
            "mailking", "mach5 mailer", "worldmerge", "aureate", "mass mailer", "super mail sender", "stealth mailer",
            "atomic mail sender", "1st mass mailer", "email sender pro", "floodgate", "extractor pro", "massmail");

    private static final Pattern CLAIMS_OUTLOOK = Pattern.compile("(?i)\\bmicrosoft\\s+(?:office\\s+)?outlook\\b(?!.*\\bmac)");
    private static final Pattern CLAIMS_OUTLOOK_EXPRESS = Pattern.compile("(?i)\\boutlook\\s+express\\b");
    /**
     * Message-IDs Outlook and Outlook Express write: a counter and a FILETIME (01c…/01d…) in hex, then two hex
     * words separated by {@code $}; Outlook 2000 "internet mail only" mode's 28 letters A–P; Microsoft's own
     * mail services (hotmail, msn, live, outlook.com), which write the ID themselves.
     */
    private static final List<Pattern> OUTLOOK_MESSAGE_IDS = List.of(
            Pattern.compile("(?i)^<[0-9a-f]{4,8}01[c-f][0-9a-f]{5}\\$[0-9a-f]{8}\\$[0-9a-f]{8}\\$?@[^<>\\s]+>$"),
            Pattern.compile("^<[A-P]{28}(?:\\.[^<>@\\s]+)?@[^<>\\s]+>$"),
            Pattern.compile("(?i)^<[^<>@\\s]+@(?:[^<>\\s]+\\.)?(?:hotmail|msn|live|outlook)\\.com>$"));
    /** One token of 10+ letters and digits, mixed case, with a digit between letters: not a product name. */
    private static final Pattern RANDOM_TOKEN =
            Pattern.compile("^(?=.*[a-z])(?=.*[A-Z])(?=.*[A-Za-z]\\d+[A-Za-z])[A-Za-z0-9]{10,40}$");

    private MuaSignals() {
    }

    static List<Signal> all() {
        return List.of(
                Signal.of(X_MAILER_SPAMWARE, "X-Mailer or User-Agent names a bulk-mailing program sold for unsolicited mail.",
                        MuaSignals::spamware),
                Signal.of(X_MAILER_FORGED_OUTLOOK, "The message claims to come from Outlook (Express) but does not look like it: "
                        + "a Message-ID Outlook never writes, no X-MimeOLE from Outlook Express, or Outlook's X-MSMail-Priority "
                        + "without any Microsoft mailer.", MuaSignals::forgedOutlook),
                Signal.of(X_MAILER_RANDOM, "An X-Mailer that is one random-looking token of mixed-case letters and digits.",
                        MuaSignals::randomMailer),
                Signal.of(MESSAGE_ID_ADDED_BY_RELAY, "The Message-ID sits below a Received field: a relay added it because the "
                        + "sending program wrote none (mail clients always do).", MuaSignals::messageIdAddedByRelay));
    }

    private static Optional<String> spamware(ParsedMessage message) {
        for (String header : List.of("X-Mailer", "User-Agent")) {
            Optional<String> value = message.header(header);
            if (value.isPresent()) {
                String lower = value.get().toLowerCase(Locale.ROOT);
                for (String name : SPAMWARE) {
                    if (lower.contains(name)) {
                        return Optional.of(header + " names the bulk mailer \"" + name + "\": "
                                + Signals.abbreviate(value.get().trim(), 60));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> forgedOutlook(ParsedMessage message) {
        String mailer = message.header("X-Mailer").orElse("").trim();
        if (CLAIMS_OUTLOOK.matcher(mailer).find()) {
            if (message.hasHeader("Thread-Index")) {
                return Optional.empty();
            }
            String messageId = message.header("Message-ID").orElse("").trim();
            if (OUTLOOK_MESSAGE_IDS.stream().noneMatch(shape -> shape.matcher(messageId).matches())) {
                return Optional.of("X-Mailer " + Signals.abbreviate(mailer, 50) + " but a Message-ID Outlook does not write: "
                        + Signals.abbreviate(messageId.isEmpty() ? "(none)" : messageId, 60));
            }
            if (CLAIMS_OUTLOOK_EXPRESS.matcher(mailer).find() && !message.hasHeader("X-MimeOLE")) {
                return Optional.of("X-Mailer " + Signals.abbreviate(mailer, 50)
                        + " without the X-MimeOLE field it always writes");
            }
            return Optional.empty();
        }
        if (message.hasHeader("X-MSMail-Priority") && !message.hasHeader("X-MimeOLE")
                && !mailer.toLowerCase(Locale.ROOT).contains("microsoft")) {
            return Optional.of("Outlook's X-MSMail-Priority field from "
                    + (mailer.isEmpty() ? "no X-Mailer" : "X-Mailer " + Signals.abbreviate(mailer, 50)));
        }
        return Optional.empty();
    }

    private static Optional<String> randomMailer(ParsedMessage message) {
        return message.header("X-Mailer").map(String::trim)
                .filter(mailer -> mailer.length() <= 40 && RANDOM_TOKEN.matcher(mailer).matches())
                .map(mailer -> "random-looking X-Mailer " + mailer);
    }

    private static Optional<String> messageIdAddedByRelay(ParsedMessage message) {
        List<HeaderField> headers = message.headers();
        int messageId = -1;
        int lastReceived = -1;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i).name();
            if (messageId < 0 && name.equalsIgnoreCase("Message-ID")) {
                messageId = i;
            } else if (name.equalsIgnoreCase("Received")) {
                lastReceived = i;
            }
        }
        if (messageId >= 0 && messageId < lastReceived) {
            return Optional.of("Message-ID added by a relay (below it: Received "
                    + Signals.abbreviate(headers.get(lastReceived).raw(), 60) + ")");
        }
        // the Message-ID carries the queue id of a hop that received the message from the network: that relay wrote it
        String idLeft = message.header("Message-ID").map(value -> value.trim()).filter(value -> value.indexOf('@') > 0)
                .map(value -> value.substring(0, value.indexOf('@'))).orElse("");
        return message.receivedHops().stream()
                .filter(hop -> hop.ip().isPresent() && !hop.fromInternalAddress())
                .filter(hop -> hop.id().filter(id -> id.length() >= 6 && idLeft.contains(id)).isPresent())
                .findFirst()
                .map(hop -> "Message-ID made by " + hop.by().orElse("a relay") + " (its queue id " + hop.id().get()
                        + ") for a message received from " + hop.ip().get());
    }
}
