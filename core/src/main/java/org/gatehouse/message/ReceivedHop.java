package org.gatehouse.message;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Received field read as the hop it records: the name the client gave in HELO/EHLO, the reverse-DNS name and
 * address the receiving server saw, the receiving server, and the time stamp. Read leniently from the shapes
 * sendmail, Postfix, Exim, qmail, Exchange and James write; what cannot be read stays empty.
 *
 * @param raw the unfolded field body
 * @param helo the HELO/EHLO name as written (an address literal keeps its brackets), if recorded
 * @param reverseName the client's reverse-DNS name as written ({@code unknown}, or the address itself, when the
 *        server found none), if written
 * @param ip the client's IPv4 or IPv6 address, if written
 * @param by the receiving server's name, lower case, if written
 * @param id the receiving server's queue id ({@code with ESMTP id ...}), if written
 * @param date the time stamp after the last {@code ;}, when it parses as an RFC 5322 date
 * @param dateInvalid whether there is a time stamp that does not parse
 */
public record ReceivedHop(String raw, Optional<String> helo, Optional<String> reverseName, Optional<String> ip,
                          Optional<String> by, Optional<String> id, Optional<Instant> date, boolean dateInvalid) {
    /** Longer fields are read only this far (a Received field is a line or two; the rest is noise). */
    static final int MAX_CHARS = 1000;

    private static final Pattern FROM = Pattern.compile("(?i)^\\s*from\\s+(\\S+)(.*?)(?=\\bby\\s|\\bvia\\s|\\bwith\\s|;|$)");
    private static final Pattern BY = Pattern.compile("(?i)\\bby\\s+([^\\s;()\\[\\]]+)");
    private static final Pattern ID = Pattern.compile("(?i)\\bid\\s+<?([A-Za-z0-9][A-Za-z0-9.\\-]{4,60})>?");
    private static final Pattern QMAIL_HELO = Pattern.compile("(?i)\\((?:HELO|EHLO)\\s+([^\\s)]+)\\)");
    private static final Pattern EXIM_HELO = Pattern.compile("(?i)\\bhelo=([^\\s)]+)");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])");
    private static final Pattern IPV6_LITERAL = Pattern.compile("(?i)\\[(?:ipv6:)?([0-9a-f:]*:[0-9a-f:.]+)\\]");
    private static final Pattern COMMENT_NAME = Pattern.compile("^\\s*\\(\\s*(?:[^\\s@()\\[\\]]+@)?([^\\s()\\[\\]]+)");

    public ReceivedHop {
        Objects.requireNonNull(raw);
        Objects.requireNonNull(helo);
        Objects.requireNonNull(reverseName);
        Objects.requireNonNull(ip);
        Objects.requireNonNull(by);
        Objects.requireNonNull(id);
        Objects.requireNonNull(date);
    }

    /** Reads one Received field body (unfolded); never throws. */
    public static ReceivedHop parse(String field) {
        String text = field.length() > MAX_CHARS ? field.substring(0, MAX_CHARS) : field;
        Optional<String> helo = Optional.empty();
        Optional<String> reverseName = Optional.empty();
        Optional<String> ip = Optional.empty();
        Matcher from = FROM.matcher(text);
        if (from.find()) {
            String fromName = from.group(1);
            String rest = from.group(2);
            Matcher qmail = QMAIL_HELO.matcher(rest);
            Matcher exim = EXIM_HELO.matcher(rest);
            if (qmail.find()) {
                // qmail: from <reverse name or "unknown"> (HELO <helo>) (<ip>);
                // James: from <reverse name or the address> (EHLO <helo>) ([<ip>])
                helo = Optional.of(qmail.group(1));
                reverseName = Optional.of(fromName);
            } else if (exim.find()) {
                // Exim: from <reverse name> ([ip] helo=<helo>), or from [ip] (helo=<helo>) without one
                helo = Optional.of(exim.group(1));
                reverseName = fromName.startsWith("[") ? Optional.empty() : Optional.of(fromName);
            } else {
                // sendmail, Postfix, Exchange: from <helo> (<reverse name or "unknown"> [ip])
                helo = Optional.of(fromName);
                Matcher name = COMMENT_NAME.matcher(rest);
                if (name.find() && !IPV4.matcher(name.group(1)).matches()) {
                    reverseName = Optional.of(name.group(1));
                }
            }
            Matcher v4 = IPV4.matcher(rest);
            Matcher v6 = IPV6_LITERAL.matcher(rest);
            Matcher fromV4 = IPV4.matcher(fromName);
            if (v4.find()) {
                ip = Optional.of(v4.group(1));
            } else if (v6.find()) {
                ip = Optional.of(v6.group(1).toLowerCase(Locale.ROOT));
            } else if (fromV4.find()) {
                ip = Optional.of(fromV4.group(1));
            }
        }
        Matcher by = BY.matcher(text);
        Optional<String> receiver = by.find() ? Optional.of(by.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
        Matcher id = ID.matcher(text);
        Optional<String> queueId = id.find() ? Optional.of(id.group(1)) : Optional.empty();
        int semicolon = field.lastIndexOf(';');
        Optional<Instant> date = Optional.empty();
        boolean dateInvalid = false;
        if (semicolon >= 0 && !field.substring(semicolon + 1).isBlank()) {
            date = ParsedMessage.parseDate(field.substring(semicolon + 1));
            dateInvalid = date.isEmpty();
        }
        return new ReceivedHop(field, helo, reverseName, ip, receiver, queueId, date, dateInvalid);
    }

    /** Whether the receiving server wrote that the client has no reverse DNS ({@code unknown} or the address itself). */
    public boolean withoutReverseDns() {
        return reverseName.filter(name -> name.equalsIgnoreCase("unknown") || IPV4.matcher(name).matches()
                || ip.filter(name::equalsIgnoreCase).isPresent()).isPresent();
    }

    /** Whether the client address is loopback, private (RFC 1918) or link-local: a hop inside one site. */
    public boolean fromInternalAddress() {
        return ip.map(ReceivedHop::isInternal).orElse(false);
    }

    private static boolean isInternal(String address) {
        if (address.contains(":")) {
            return address.equals("::1") || address.startsWith("fe80:") || address.startsWith("fc") || address.startsWith("fd");
        }
        String[] octets = address.split("\\.");
        int first = Integer.parseInt(octets[0]);
        int second = Integer.parseInt(octets[1]);
        return first == 127 || first == 10 || (first == 192 && second == 168) || (first == 172 && second >= 16 && second <= 31)
                || (first == 169 && second == 254);
    }
}
