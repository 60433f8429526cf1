package org.gatehouse.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.message.ReceivedHop;

/**
 * Evidence from the path the message claims to have taken: Received fields that servers do not write (a bare IP
 * as HELO, no reverse DNS, time stamps that do not parse or run backwards), a Date far from the time the message
 * was received, a big mail provider's address that never passed through that provider, and a Return-Path
 * elsewhere than From.
 */
final class RelaySignals {
    static final String RECEIVED_HELO_BARE_IP = "RECEIVED_HELO_BARE_IP";
    static final String RECEIVED_NO_REVERSE_DNS = "RECEIVED_NO_REVERSE_DNS";
    static final String RECEIVED_DATE_INVALID = "RECEIVED_DATE_INVALID";
    static final String RECEIVED_OUT_OF_ORDER = "RECEIVED_OUT_OF_ORDER";
    static final String DATE_IN_FUTURE = "DATE_IN_FUTURE";
    static final String DATE_FAR_PAST = "DATE_FAR_PAST";
    static final String FREEMAIL_NOT_FROM_PROVIDER = "FREEMAIL_NOT_FROM_PROVIDER";
    static final String RETURN_PATH_DOMAIN_MISMATCH = "RETURN_PATH_DOMAIN_MISMATCH";

    /** A Date this much later than the newest Received time stamp is "in the future". */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(3);
    /** A Date this much earlier than the newest Received time stamp is "far in the past". */
    static final Duration PAST_TOLERANCE = Duration.ofDays(4);
    /** A hop time-stamped this much later than the hop above it (which received it afterwards) is out of order. */
    static final Duration ORDER_TOLERANCE = Duration.ofHours(12);
    static final Map<List<String>, List<String>> FREEMAIL_PROVIDERS = FreemailProviders.PROVIDERS;

    private static final Pattern BARE_IPV4 = Pattern.compile("^\\d{1,3}(?:\\.\\d{1,3}){3}$");

    private RelaySignals() {
    }

    static List<Signal> all() {
        return List.of(
                Signal.of(RECEIVED_HELO_BARE_IP, "A client from a public address greeted with a bare IP address as its "
                        + "HELO name (RFC 5321 requires the [bracketed] address literal).", RelaySignals::heloBareIp),
                Signal.of(RECEIVED_NO_REVERSE_DNS, "A hop from a public address with no reverse DNS (the server wrote "
                        + "\"unknown\" or the address for the name).",
                        RelaySignals::noReverseDns),
                Signal.of(RECEIVED_DATE_INVALID, "A Received time stamp that does not parse as an RFC 5322 date (servers "
                        + "write them; forged hops often do not).", RelaySignals::receivedDateInvalid),
                Signal.of(RECEIVED_OUT_OF_ORDER, "A Received hop time-stamped more than " + ORDER_TOLERANCE.toHours()
                        + " hours after the hop above it, which received the message later.", RelaySignals::outOfOrder),
                Signal.of(DATE_IN_FUTURE, "The Date is more than " + FUTURE_TOLERANCE.toHours()
                        + " hours after the newest Received time stamp.", RelaySignals::dateInFuture),
                Signal.of(DATE_FAR_PAST, "The Date is more than " + PAST_TOLERANCE.toDays()
                        + " days before the newest Received time stamp.", RelaySignals::dateFarPast),
                Signal.of(FREEMAIL_NOT_FROM_PROVIDER, "From is an address at a big mail provider (hotmail, yahoo, aol, gmail...) "
                        + "but no Received field mentions that provider.", RelaySignals::freemailNotFromProvider),
                Signal.of(RETURN_PATH_DOMAIN_MISMATCH, "The Return-Path (bounce address) is in another domain than From, in "
                        + "mail without list headers (lists and bulk senders do this by design).",
                        RelaySignals::returnPathMismatch));
    }

    private static Optional<String> heloBareIp(ParsedMessage message) {
        return publicHops(message)
                .filter(hop -> hop.helo().filter(helo -> BARE_IPV4.matcher(helo).matches()).isPresent())
                .findFirst()
                .map(hop -> "HELO " + hop.helo().get() + " from " + hop.ip().get());
    }

    private static Optional<String> noReverseDns(ParsedMessage message) {
        return publicHops(message)
                .filter(ReceivedHop::withoutReverseDns)
                .findFirst()
                .map(hop -> "no reverse DNS for " + hop.ip().get());
    }

    /** Hops with a client address outside the receiving site (internal hops name their hosts as they like). */
    private static Stream<ReceivedHop> publicHops(ParsedMessage message) {
        return message.receivedHops().stream().filter(hop -> hop.ip().isPresent() && !hop.fromInternalAddress());
    }

    private static Optional<String> receivedDateInvalid(ParsedMessage message) {
        return message.receivedHops().stream().filter(ReceivedHop::dateInvalid).findFirst()
                .map(hop -> "Received time stamp does not parse: " + Signals.abbreviate(
                        hop.raw().substring(hop.raw().lastIndexOf(';') + 1).trim(), 60));
    }

    private static Optional<String> outOfOrder(ParsedMessage message) {
        List<ReceivedHop> hops = message.receivedHops();
        Optional<Instant> newer = Optional.empty();
        for (ReceivedHop hop : hops) {
            if (hop.date().isEmpty()) {
                continue;
            }
            if (newer.isPresent() && hop.date().get().isAfter(newer.get().plus(ORDER_TOLERANCE))) {
                return Optional.of("a hop stamped " + hop.date().get() + " below one stamped " + newer.get());
            }
            newer = hop.date();
        }
        return Optional.empty();
    }

    private static Optional<String> dateInFuture(ParsedMessage message) {
        return dateAndNewestHop(message)
                .filter(dates -> dates[0].isAfter(dates[1].plus(FUTURE_TOLERANCE)))
                .map(dates -> "Date " + dates[0] + " is " + Duration.between(dates[1], dates[0]).toHours()
                        + " hours after the newest Received (" + dates[1] + ")");
    }

    private static Optional<String> dateFarPast(ParsedMessage message) {
        return dateAndNewestHop(message)
                .filter(dates -> dates[0].isBefore(dates[1].minus(PAST_TOLERANCE)))
                .map(dates -> "Date " + dates[0] + " is " + Duration.between(dates[0], dates[1]).toDays()
                        + " days before the newest Received (" + dates[1] + ")");
    }

    /** The Date and the newest (topmost) Received time stamp that parses, when both exist. */
    private static Optional<Instant[]> dateAndNewestHop(ParsedMessage message) {
        Optional<Instant> newest = message.receivedHops().stream().flatMap(hop -> hop.date().stream()).findFirst();
        return message.date().flatMap(date -> newest.map(received -> new Instant[] {date, received}));
    }

    private static Optional<String> freemailNotFromProvider(ParsedMessage message) {
        if (message.from().isEmpty() || message.receivedHops().isEmpty()) {
            return Optional.empty();
        }
        String fromDomain = Signals.domain(message.from().get(0));
        for (Map.Entry<List<String>, List<String>> provider : FREEMAIL_PROVIDERS.entrySet()) {
            if (provider.getKey().stream().anyMatch(domain -> fromDomain.equals(domain) || fromDomain.endsWith("." + domain))) {
                boolean passed = message.receivedHops().stream()
                        .map(hop -> hop.raw().toLowerCase(Locale.ROOT))
                        .anyMatch(received -> provider.getValue().stream().anyMatch(received::contains));
                return passed ? Optional.empty()
                        : Optional.of("From " + fromDomain + " but no Received field mentions "
                                + String.join(", ", provider.getValue()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> returnPathMismatch(ParsedMessage message) {
        if (message.from().isEmpty() || message.returnPath().isEmpty() || Signals.hasListHeaders(message)) {
            return Optional.empty();
        }
        String fromDomain = Signals.domain(message.from().get(0));
        String bounceDomain = Signals.domain(message.returnPath().get());
        return Signals.sameOrganisation(fromDomain, bounceDomain) ? Optional.empty()
                : Optional.of("From domain " + fromDomain + " but Return-Path domain " + bounceDomain);
    }
}
