package org.gatehouse.scoring.spamassassin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.HtmlPart;
import org.gatehouse.message.LeafPart;

/**
 * The {@code eval:} functions of SpamAssassin's plugins that Gatehouse emulates, chosen by how often the rules using
 * them hit the project corpus under spamd ({@link #SUPPORTED}); the network and Bayes ones are known and never hit
 * offline ({@link #isOffline}). Each follows the plugin's Perl code (HeaderEval, MIMEEval, HTMLEval, RelayEval,
 * FreeMail, DKIM presence).
 */
final class EvalFunctions {
    /** An emulated eval function, bound to its arguments. */
    @FunctionalInterface
    interface Function {
        boolean test(SpamAssassinRules.Run run);
    }

    /** The emulated functions (and the arguments emulated, where only some are), as docs/spamassassin-rules.md lists them. */
    static final Set<String> SUPPORTED = new TreeSet<>(List.of("check_all_trusted", "check_no_relays", "check_relays_unparseable",
        "check_freemail_from", "check_freemail_header", "check_freemail_replyto", "check_equal_from_domains", "html_test('html')",
        "html_test('font_face_bad')", "html_range('max_size'|'length')", "html_eval('length')", "html_image_only", "html_image_ratio",
        "html_text_match('comment'|'anchor')", "html_tag_exists", "html_tag_balance", "check_for_mime_html", "check_for_mime_html_only",
        "check_for_mime('mime_base64_count'|'mime_qp_count'|'mime_attachment'|'mime_qp_long_line')", "check_outlook_message_id",
        "check_for_shifted_date", "subject_is_all_caps", "check_for_missing_to_header", "gated_through_received_hdr_remover",
        "check_dkim_signed", "check_for_forged_yahoo_received_headers", "check_for_no_hotmail_received_headers",
        "check_for_no_rdns_dotcom_helo", "check_msg_parse_flags('missing_head_body_separator')", "check_header_count_range",
        "check_messageid_not_usable", "address-list checks (check_from_in_list, welcome/block lists: never true)"));

    private static final Set<String> OFFLINE = Set.copyOf(List.of("check_rbl", "check_rbl_sub", "check_rbl_txt", "check_rbl_envfrom", "check_rbl_from_host",
        "check_rbl_from_domain", "check_rbl_headers", "check_rbl_ns_from", "check_rbl_rcvd", "check_rbl_accreditor", "check_rbl_results_for",
        "check_uridnsbl", "check_razor2", "check_razor2_range", "check_pyzor", "check_dcc", "check_dcc_reputation_range", "check_bayes",
        "check_spf_pass", "check_spf_neutral", "check_spf_none", "check_spf_fail", "check_spf_softfail", "check_spf_permerror",
        "check_spf_temperror", "check_spf_helo_pass", "check_spf_helo_neutral", "check_spf_helo_none", "check_spf_helo_fail",
        "check_spf_helo_softfail", "check_spf_helo_permerror", "check_spf_helo_temperror", "check_for_spf_pass", "check_for_spf_neutral",
        "check_for_spf_none", "check_for_spf_fail", "check_for_spf_softfail", "check_for_spf_permerror", "check_for_spf_temperror",
        "check_for_spf_helo_pass", "check_for_spf_helo_neutral", "check_for_spf_helo_none", "check_for_spf_helo_fail",
        "check_for_spf_helo_softfail", "check_for_spf_helo_permerror", "check_for_spf_helo_temperror", "check_for_spf_welcomelist_from",
        "check_for_def_spf_welcomelist_from", "check_dkim_valid", "check_dkim_valid_author_sig", "check_dkim_dependable",
        "check_dkim_adsp", "check_dkim_testing", "check_dkim_valid_envelopefrom", "check_dkim_welcomelist", "check_dkim_def_welcomelist",
        "check_dmarc_pass", "check_dmarc_reject", "check_dmarc_quarantine", "check_dmarc_none", "check_dmarc_missing",
        "check_hashbl_emails", "check_hashbl_uris", "check_hashbl_bodyre", "check_hashbl_tag", "check_hashbl_attachments",
        "askdns_lookup", "check_uri_host_in_blacklist", "check_uri_host_in_blocklist", "check_uri_host_in_whitelist",
        "check_uri_host_in_welcomelist", "check_rbl_from_ip", "check_rbl_uri", "check_dnsbl", "check_uri_local_bl",
        "check_senders_reputation", "check_txrep", "check_from_in_auto_welcomelist", "check_from_in_auto_whitelist",
        "check_url_shortener", "short_url", "short_url_chained", "short_url_404", "short_url_maxchain", "short_url_code",
        "check_razor2_range", "check_pyzor_range", "check_dcc_reputation_range", "check_for_dkim_welcomelist_from",
        "check_for_def_dkim_welcomelist_from", "check_for_dkim_whitelist_from", "check_for_def_dkim_whitelist_from", "check_arc_signed",
        "check_arc_valid", "check_asn", "check_avail_from_dnswl"));

    private static final Pattern IP_ADDRESS = Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");
    private static final Pattern RECEIVED_DATE = Pattern.compile("(\\s.?\\d+ \\S\\S\\S \\d+ \\d+:\\d+:\\d+ \\S+)");
    private static final Pattern OUTLOOK_ID = Pattern.compile("^<[0-9a-f]{4}([0-9a-f]{8})\\$[0-9a-f]{8}\\$[0-9a-f]{8}@");
    private static final Pattern CAPS_CHARSETS = Pattern.compile(
        "(?i)=\\?(?:ISO-2022-JP|EUC-JP|EUC-KR|GB2312|GBK|GB18030|BIG5|KOI8-R|KOI8-U|WINDOWS-125[0-9]|ISO-8859-[0-9]+|UTF-8|SHIFT[-_]JIS|KS_C_5601-1987)\\?");

    private static final String EMAIL_RE = "(?=.{0,64}@)(?<![a-z0-9!#$%&'*+/=?^_`{|}~-])([a-z0-9!#$%&'*+/=?^_`{|}~-]+"
        + "(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63})";
    private static final Pattern EMAIL = Pattern.compile("(?i)" + EMAIL_RE + "(?![a-z0-9-])");
    private static final Pattern MAILTO = Pattern.compile("(?i)^mailto:" + EMAIL_RE);
    private static final Pattern URL_WITH_AT = Pattern.compile("(?i)<?https?://\\S{0,255}(?:@|%40)\\S{0,255}");
    private static final Pattern EMAIL_BEFORE_LABEL = Pattern.compile(
        "(?i)<?(?<!mailto:)" + EMAIL_RE + "(?:>|\\s{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern DOTCOM_HELO = Pattern.compile(
        "(?i)(?:\\.|^)(lycos\\.com|lycos\\.co\\.uk|hotmail\\.com|localhost\\.com|excite\\.com|caramail\\.com|cs\\.com|aol\\.com|msn\\.com|yahoo\\.com"
            + "|drizzle\\.com)$");

    private final List<Pattern> freemailPatterns = new ArrayList<>();
    private final Set<String> freemailDomains = new HashSet<>();

    EvalFunctions(List<String> freemailDomains) {
        for (String domain : freemailDomains) {
            if (domain.contains("*")) {
                // FreeMail.pm: * stands for one label part
                freemailPatterns.add(Pattern.compile("@" + Pattern.quote(domain).replace("*", "\\E[^.]*\\Q") + "$"));
            } else {
                this.freemailDomains.add(domain);
            }
        }
    }

    static boolean isOffline(String function) {
        return OFFLINE.contains(function);
    }

    /** The emulation of one function with these arguments, if Gatehouse has it. */
    Optional<Function> find(String name, List<String> args) {
        String first = args.isEmpty() ? "" : args.get(0);
        Function function = switch (name) {
            case "check_all_trusted" -> run -> !run.message.trustedRelays().isEmpty() && run.message.untrustedRelays().isEmpty();
            case "check_no_relays" -> run -> run.message.trustedRelays().isEmpty() && run.message.untrustedRelays().isEmpty();
            case "check_relays_unparseable" -> run -> false;
            case "check_freemail_from" -> run -> freemailFrom(run, args);
            case "check_freemail_header" -> run -> freemailHeader(run, args);
            case "check_freemail_replyto" -> args.isEmpty() || first.equals("replyto") || first.equals("reply")
                ? run -> freemailReplyTo(run, args.isEmpty() ? "replyto" : first) : null;
            case "check_equal_from_domains" -> EvalFunctions::differentFromDomains;
            case "html_test" -> switch (first) {
                case "html" -> run -> !run.message.parsed().htmlParts().isEmpty();
                case "font_face_bad" -> run -> run.message.htmlFacts().stream().anyMatch(HtmlFacts::fontFaceBad);
                default -> null;
            };
            case "html_range" -> args.size() >= 2 && htmlValue(first).isPresent() ? run -> htmlRange(run, first, args) : null;
            case "html_eval" -> args.size() == 2 && htmlValue(first).isPresent() && args.get(1).matches("[<>=!\\-+ 0-9]+")
                ? run -> run.message.htmlFacts().stream().anyMatch(facts -> MetaExpression.parse(htmlValue(first).get().apply(facts) + " "
                    + args.get(1)).evaluate(any -> 0) != 0) : null;
            case "html_image_only" -> args.size() == 2 ? run -> run.message.htmlFacts().stream().anyMatch(facts -> facts.hasImage()
                && facts.length() > Double.parseDouble(args.get(0)) && facts.length() <= Double.parseDouble(args.get(1))) : null;
            case "html_image_ratio" -> args.size() == 2 ? run -> run.message.htmlFacts().stream().filter(facts -> facts.imageArea() > 0)
                .map(facts -> (double) facts.nonSpaceLength() / facts.imageArea())
                .anyMatch(ratio -> ratio > Double.parseDouble(args.get(0)) && ratio <= Double.parseDouble(args.get(1))) : null;
            case "html_text_match" -> args.size() == 2 && (first.equals("comment") || first.equals("anchor")) ? htmlTextMatch(first, args.get(1))
                : null;
            case "html_tag_exists" -> run -> !tagBalances(run, first).isEmpty();
            case "html_tag_balance" -> args.size() == 2 ? run -> balance(run, first, args.get(1)) : null;
            case "check_for_mime_html" -> run -> mimeHtml(run, false);
            case "check_for_mime_html_only" -> run -> mimeHtml(run, true);
            case "check_for_mime" -> mime(first);
            case "check_outlook_message_id" -> EvalFunctions::outlookMessageId;
            case "check_for_shifted_date" -> args.size() == 2 ? run -> shiftedDate(run, args.get(0), args.get(1)) : null;
            case "subject_is_all_caps" -> EvalFunctions::subjectAllCaps;
            case "check_for_missing_to_header" -> run -> run.message.values("To").isEmpty() && run.message.values("Apparently-To").isEmpty();
            case "gated_through_received_hdr_remover" -> EvalFunctions::gatedThroughReceivedRemover;
            case "check_dkim_signed" -> run -> !run.message.values("DKIM-Signature").isEmpty();
            case "check_for_forged_yahoo_received_headers" -> EvalFunctions::forgedYahoo;
            case "check_for_no_hotmail_received_headers" -> EvalFunctions::noHotmailReceived;
            case "check_for_no_rdns_dotcom_helo" -> EvalFunctions::noRdnsDotcomHelo;
            case "check_msg_parse_flags" -> "missing_head_body_separator".equals(first) ? run -> !run.message.full().contains("\n\n")
                && !run.message.full().contains("\r\n\r\n") : null;
            case "check_header_count_range" -> args.size() == 3 ? run -> headerCount(run, args) : null;
            case "check_messageid_not_usable" -> EvalFunctions::messageIdNotUsable;
            // Gatehouse configures no SpamAssassin address lists: these list checks never match
            case "check_from_in_list", "check_to_in_list", "check_from_in_welcomelist", "check_from_in_whitelist", "check_to_in_welcomelist",
                 "check_to_in_whitelist", "check_from_in_blocklist", "check_from_in_blacklist", "check_to_in_blocklist",
                 "check_to_in_blacklist", "check_to_in_all_spam", "check_to_in_more_spam", "check_from_in_default_welcomelist",
                 "check_from_in_default_whitelist", "check_forged_in_welcomelist", "check_forged_in_whitelist",
                 "check_forged_in_default_welcomelist", "check_forged_in_default_whitelist", "check_uri_host_listed",
                 "check_welcomelist_bounce_relays", "check_whitelist_bounce_relays", "have_any_bounce_relays", "check_subject_in_welcomelist",
                 "check_subject_in_blocklist" -> run -> false;
            default -> null;
        };
        return Optional.ofNullable(function);
    }

    private boolean isFreemail(String email) {
        int at = email.lastIndexOf('@');
        if (email.isEmpty() || at < 0) {
            return false;
        }
        if (freemailDomains.contains(email.substring(at + 1))) {
            return true;
        }
        return freemailPatterns.stream().anyMatch(pattern -> pattern.matcher(email).find());
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
    }

    private boolean freemailFrom(SpamAssassinRules.Run run, List<String> args) {
        SaMessage message = run.message;
        List<String> addresses = new ArrayList<>(message.values("Resent-From:first:addr"));
        if (addresses.isEmpty()) {
            for (String header : List.of("From:addr", "Envelope-Sender:addr", "Resent-Sender:addr", "X-Envelope-From:addr", "EnvelopeFrom:addr")) {
                addresses.addAll(message.values(header));
            }
        }
        Optional<Pattern> filter = args.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(args.get(0)));
        return lower(addresses).stream().map(address -> address.replaceAll("\\.+", "."))
            .filter(address -> !address.isEmpty() && isFreemail(address))
            .anyMatch(address -> filter.map(pattern -> pattern.matcher(address).find()).orElse(true));
    }

    private boolean freemailHeader(SpamAssassinRules.Run run, List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        Optional<Pattern> filter = args.size() > 1 ? Optional.of(Pattern.compile(args.get(1))) : Optional.empty();
        return lower(run.message.values(args.get(0) + ":addr")).stream().filter(this::isFreemail)
            .anyMatch(address -> filter.map(pattern -> pattern.matcher(address).find()).orElse(true));
    }

    /** FreeMail's replyto check: a freemail Reply-To (or From) and another freemail address in the body or Reply-To. */
    private boolean freemailReplyTo(SpamAssassinRules.Run run, String what) {
        List<String> from = lower(run.message.values("From:addr"));
        List<String> replyTo = lower(run.message.values("Reply-To:addr"));
        boolean fromFreemail = from.stream().anyMatch(this::isFreemail);
        boolean replyToFreemail = replyTo.stream().anyMatch(this::isFreemail);
        boolean fromNotInReplyTo = from.stream().noneMatch(replyTo::contains);
        if (fromFreemail && replyToFreemail && fromNotInReplyTo) {
            return true;
        }
        if (what.equals("replyto") && !replyToFreemail) {
            return false;
        }
        if (what.equals("reply") && (!replyTo.isEmpty() && !replyToFreemail || replyTo.isEmpty() && !fromFreemail)) {
            return false;
        }
        Optional<List<String>> body = bodyFreemails(run);
        if (body.isEmpty()) {
            return false;
        }
        List<String> reply = what.equals("replyto") || replyToFreemail ? replyTo : from;
        return body.get().stream().anyMatch(email -> reply.stream().anyMatch(address -> !address.equals(email)));
    }

    /** FreeMail's body addresses (mailto links, then addresses in the text); empty when there are too many to judge. */
    private Optional<List<String>> bodyFreemails(SpamAssassinRules.Run run) {
        java.util.LinkedHashSet<String> emails = new java.util.LinkedHashSet<>();
        for (String uri : run.message.uris()) {
            Matcher mailto = MAILTO.matcher(uri);
            if (mailto.find() && emails.size() < 20) {
                emails.add(mailto.group(1).toLowerCase(Locale.ROOT));
            }
        }
        body:
        for (String line : run.message.bodyLines()) {
            String text = URL_WITH_AT.matcher(line).replaceAll(" ");
            text = EMAIL_BEFORE_LABEL.matcher(text).replaceAll(" ");
            Matcher email = EMAIL.matcher(text);
            while (email.find()) {
                emails.add(email.group(1).toLowerCase(Locale.ROOT));
                if (emails.size() >= 40) {
                    break body;
                }
            }
        }
        List<String> freemails = new ArrayList<>();
        int all = 0;
        for (String email : emails) {
            if (++all == 5) {
                return Optional.empty();
            }
            if (!isFreemail(email)) {
                continue;
            }
            if (freemails.size() + 1 == 3) {
                return Optional.empty();
            }
            freemails.add(email);
        }
        return Optional.of(freemails);
    }

    private static Optional<java.util.function.Function<HtmlFacts, Double>> htmlValue(String test) {
        return switch (test) {
            case "max_size" -> Optional.of(facts -> (double) facts.maxSize());
            case "length" -> Optional.of(facts -> (double) facts.length());
            default -> Optional.empty();
        };
    }

    private static boolean htmlRange(SpamAssassinRules.Run run, String test, List<String> args) {
        double min = Double.parseDouble(args.get(1));
        String max = args.size() > 2 ? args.get(2) : "inf";
        return run.message.htmlFacts().stream().map(htmlValue(test).get()).anyMatch(value -> max.equals("inf") ? value > min
            : value > min && value <= Double.parseDouble(max));
    }

    private static Function htmlTextMatch(String what, String regex) {
        Pattern pattern;
        try {
            pattern = PerlRegex.compileBody(regex, "");
        } catch (PerlRegex.Unsupported e) {
            return null;
        }
        return run -> run.message.htmlFacts().stream().flatMap(facts -> (what.equals("comment") ? facts.comments() : facts.anchorTexts()).stream())
            .anyMatch(text -> pattern.matcher(run.text(text)).find());
    }

    private static String secondLevel(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "";
        }
        String domain = address.substring(at + 1);
        return domain.replaceAll("^.+\\.([^.]+\\.[^.]+)$", "$1");
    }

    private static boolean differentFromDomains(SpamAssassinRules.Run run) {
        String from = secondLevel(String.join("", run.message.values("From:addr").stream().limit(1).toList()));
        String envelope = secondLevel(String.join("", run.message.values("EnvelopeFrom:addr").stream().limit(1).toList()));
        return !from.isEmpty() && !envelope.isEmpty() && !from.equalsIgnoreCase(envelope);
    }

    /** HTML.pm's {@code inside} counter of one tag per HTML part: +1 per opening, -1 per closing, never below 0. */
    private static List<Integer> tagBalances(SpamAssassinRules.Run run, String tag) {
        List<Integer> balances = new ArrayList<>();
        Pattern pattern = Pattern.compile("(?i)<(/?)" + Pattern.quote(tag) + "(?=[\\s>/])");
        for (HtmlPart part : run.message.parsed().htmlParts()) {
            String html = COMMENT.matcher(run.text(part.html())).replaceAll("");
            Matcher matcher = pattern.matcher(html);
            int balance = 0;
            boolean seen = false;
            while (matcher.find()) {
                seen = true;
                balance = Math.max(0, balance + (matcher.group(1).isEmpty() ? 1 : -1));
            }
            if (seen) {
                balances.add(balance);
            }
        }
        return balances;
    }

    private static boolean balance(SpamAssassinRules.Run run, String tag, String comparison) {
        return tagBalances(run, tag).stream().anyMatch(balance -> MetaExpression.parse(balance + " " + comparison).evaluate(any -> 0) != 0);
    }

    private static boolean mimeHtml(SpamAssassinRules.Run run, boolean only) {
        if (run.message.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return true;
        }
        long html = run.message.parsed().leafParts().stream().filter(part -> part.mimeType().equals("text/html")).count();
        long text = run.message.parsed().leafParts().stream().filter(part -> part.mimeType().startsWith("text") && !part.mimeType().equals("text/html"))
            .count();
        return html > 0 && (!only || text == 0);
    }

    private static Function mime(String test) {
        return switch (test) {
            case "mime_base64_count" -> run -> run.message.parsed().leafParts().stream().anyMatch(part -> part.transferEncoding().contains("base64"));
            case "mime_qp_count" -> run -> run.message.parsed().leafParts().stream()
                .anyMatch(part -> part.transferEncoding().contains("quoted-printable"));
            case "mime_attachment" -> run -> run.message.parsed().leafParts().stream().anyMatch(LeafPart::attachment);
            case "mime_qp_long_line" -> run -> run.message.qpLongLine();
            default -> null;
        };
    }

    private static boolean outlookMessageId(SpamAssassinRules.Run run) {
        Matcher id = OUTLOOK_ID.matcher(run.message.header("MESSAGEID").orElse(""));
        if (!id.find()) {
            return false;
        }
        long token = Long.parseLong(id.group(1), 16);
        double x = 0.0023283064365387;
        double y = 27111902.8329849;
        long date = SaDates.parse(run.message.header("Date").orElse("")).map(Instant::getEpochSecond).orElse(0L);
        if (Math.abs(token - (long) (date * x + y)) < 250) {
            return false;
        }
        // Perl: the last time stamp of the joined Received values
        Matcher stamp = Pattern.compile("(\\s.?\\d+ \\S\\S\\S \\d+ \\d+:\\d+:\\d+ \\S+).*?$").matcher(run.message.header("Received").orElse(""));
        long received = stamp.find() ? SaDates.parse(stamp.group(1)).map(Instant::getEpochSecond).orElse(0L) : 0L;
        return Math.abs(token - (long) (received * x + y)) >= 250;
    }

    private static boolean shiftedDate(SpamAssassinRules.Run run, String min, String max) {
        Optional<Long> diff = dateDiff(run);
        long value = diff.orElse(0L);
        return (min.equals("undef") || value >= 3600 * Double.parseDouble(min)) && (max.equals("undef") || value < 3600 * Double.parseDouble(max));
    }

    /** HeaderEval's date_diff: the Date header minus the nearest Received time stamp, in seconds. */
    private static Optional<Long> dateDiff(SpamAssassinRules.Run run) {
        @SuppressWarnings("unchecked")
        Optional<Long> memo = (Optional<Long>) run.memo.computeIfAbsent("date_diff", key -> computeDateDiff(run.message));
        return memo;
    }

    private static Optional<Long> computeDateDiff(SaMessage message) {
        Optional<Instant> date = Optional.empty();
        for (String header : List.of("Resent-Date", "Date")) {
            for (String value : message.values(header)) {
                if (!value.isBlank()) {
                    date = SaDates.parse(value.strip());
                }
                if (date.isPresent()) {
                    break;
                }
            }
            if (date.isPresent()) {
                break;
            }
        }
        if (date.isEmpty()) {
            return Optional.empty();
        }
        List<String> received = new ArrayList<>(message.values("Received").stream().map(String::strip).filter(value -> !value.isEmpty()).toList());
        if (!received.isEmpty() && (received.get(0).matches("(?s).*\\bfrom (?:localhost\\s|(?:\\S+ ){1,2}\\S*\\b127\\.0\\.0\\.1\\b).*")
            || received.get(0).matches("(?s).*qmail \\d+ invoked by uid \\d+.*"))) {
            String local = received.remove(0);
            if (!received.isEmpty() && received.get(0).matches("(?s).*\\bby localhost with \\w+ \\(fetchmail-[\\d.]+.*")) {
                received.remove(0);
            } else {
                received.add(0, local);
            }
        }
        List<Long> times = new ArrayList<>();
        for (String value : received) {
            Matcher stamp = RECEIVED_DATE.matcher(value);
            if (stamp.find()) {
                SaDates.parse(stamp.group(1)).ifPresent(time -> times.add(time.getEpochSecond()));
            }
        }
        if (times.isEmpty()) {
            return Optional.empty();
        }
        long header = date.get().getEpochSecond();
        List<Long> diffs = new ArrayList<>(times.stream().map(time -> header - time).toList());
        if (diffs.size() > 1 && diffs.get(diffs.size() - 1) == 0) {
            diffs.remove(diffs.size() - 1);
        }
        return diffs.stream().min(java.util.Comparator.comparingLong(Math::abs));
    }

    private static boolean subjectAllCaps(SpamAssassinRules.Run run) {
        String subject = run.message.header("Subject").orElse("").strip();
        subject = subject.replaceAll("(?i)^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):\\s*)+", "");
        if (!subject.matches("(?s).*\\s.*") || subject.length() < 10) {
            return false;
        }
        String letters = subject.replaceAll("[^a-zA-Z]", "");
        if (CAPS_CHARSETS.matcher(run.message.header("Subject:raw").orElse("")).find()) {
            return false;
        }
        return !letters.isEmpty() && letters.equals(letters.toUpperCase(Locale.ROOT));
    }

    static boolean gatedThroughReceivedRemover(SpamAssassinRules.Run run) {
        String list = run.message.header("Mailing-List").orElse(null);
        if (list != null && Pattern.compile("(?m)^contact \\S+@\\S+; run by ezmlm$").matcher(list).find()) {
            String deliveredTo = run.message.header("Delivered-To").orElse("");
            String received = run.message.header("Received").orElse("");
            if (Pattern.compile("(?m)^mailing list \\S+@\\S+").matcher(deliveredTo).find()
                && Pattern.compile("qmail \\d+ invoked (?:from network|by .{3,20})\\); \\d+ ... \\d+").matcher(received).find()) {
                return true;
            }
        }
        Optional<String> received = run.message.header("Received");
        if (received.isEmpty()) {
            return true;
        }
        return Pattern.compile("from groups\\.msn\\.com \\(\\S+\\.msn\\.com ").matcher(received.get()).find();
    }

    private static boolean forgedYahoo(SpamAssassinRules.Run run) {
        String from = String.join("", run.message.values("From:addr").stream().limit(1).toList());
        if (!Pattern.compile("(?i)\\byahoo\\.com$").matcher(from).find()) {
            return false;
        }
        String received = run.message.header("Received").orElse("");
        if (!run.message.header("Resent-From").orElse("").isEmpty() && !run.message.header("Resent-To").orElse("").isEmpty()) {
            String xReceived = run.message.header("X-Received").orElse("");
            if (!xReceived.isEmpty()) {
                received = xReceived;
            }
        }
        received = received.replaceAll("\\s+", " ");
        if (gatedThroughReceivedRemover(run)) {
            return false;
        }
        String trusted = run.message.header("X-Spam-Relays-Trusted").orElse("");
        String untrusted = run.message.header("X-Spam-Relays-Untrusted").orElse("");
        if (Pattern.compile(" rdns=\\S+\\.yahoo\\.com ").matcher(trusted).find()
            || Pattern.compile("^[^\\]]+ rdns=\\S+\\.yahoo\\.com ").matcher(untrusted).find()) {
            return false;
        }
        for (String ok : List.of("by web\\S+\\.mail\\S*\\.yahoo\\.com via HTTP", "by sonic\\S+\\.consmr\\.mail\\S*\\.yahoo\\.com with HTTP",
            "by smtp\\S+\\.yahoo\\.com with SMTP", "from \\[" + IP_ADDRESS.pattern() + "\\] by \\S+\\.(?:groups|scd|dcn)\\.yahoo\\.com with NNFMP")) {
            if (Pattern.compile(ok).matcher(received).find()) {
                return false;
            }
        }
        if (Pattern.compile("\\bmailer\\d+\\.bulk\\.scd\\.yahoo\\.com\\b").matcher(received).find()
            && Pattern.compile("(?i)@reply\\.yahoo\\.com$").matcher(from).find()) {
            return false;
        }
        return !Pattern.compile("by \\w+\\.\\w+\\.yahoo\\.com \\(\\d+\\.\\d+\\.\\d+/\\d+\\.\\d+\\.\\d+\\)(?: with ESMTP)? id \\w+")
            .matcher(received).find();
    }

    private static boolean noHotmailReceived(SpamAssassinRules.Run run) {
        String received = run.message.header("Received").orElse("").replaceAll("\\s+", " ");
        if (received.contains("from mail pickup service by hotmail.com with Microsoft SMTPSVC;")) {
            return false;
        }
        boolean ip = run.message.header("X-Originating-Ip").map(value -> IP_ADDRESS.matcher(value).find()).orElse(false);
        boolean orig = run.message.header("X-OriginatorOrg").map(value -> value.matches("(?s).*(?:hotmail\\.com|msonline-outlook).*"))
            .orElse(false);
        if (gatedThroughReceivedRemover(run)) {
            return false;
        }
        String ipRe = IP_ADDRESS.pattern();
        if (ip && Pattern.compile("from (?:\\S*\\.)?hotmail.com \\(\\S+\\.hotmail(?:\\.msn)?\\.com[ )]").matcher(received).find()
            || orig && Pattern.compile("from \\S*\\.outbound\\.protection\\.outlook\\.com \\(\\S+\\.outbound\\.protection\\.outlook\\.com[ )]")
                .matcher(received).find()
            || orig && Pattern.compile("from \\S*\\.(?:eur|nam)prd\\d+\\.prod\\.outlook\\.com \\(" + ipRe + "\\)").matcher(received).find()
            || ip && Pattern.compile("from \\S*\\.hotmail.com \\(\\[" + ipRe + "\\][ ):]").matcher(received).find()
            || ip && Pattern.compile("from \\S+ by \\S+\\.hotmail(?:\\.msn)?\\.com with HTTP\\;").matcher(received).find()
            || Pattern.compile("from \\[66\\.218.\\S+\\] by \\S+\\.yahoo\\.com").matcher(received).find()) {
            return false;
        }
        if (Pattern.compile("(?:from |HELO |helo=)\\S*hotmail\\.com\\b").matcher(received).find()) {
            // a HELO claiming hotmail.com is the forged-received case, not this one
            return false;
        }
        String from = String.join("", run.message.values("From:addr").stream().limit(1).toList());
        return Pattern.compile("(?i)\\bhotmail\\.com$").matcher(from).find();
    }

    /** RelayEval: the last public untrusted relay decides; a big dot-com HELO from a host without reverse DNS. */
    private static boolean noRdnsDotcomHelo(SpamAssassinRules.Run run) {
        boolean found = false;
        for (SaMessage.Relay relay : run.message.untrustedRelays()) {
            if (relay.privateIp()) {
                continue;
            }
            found = DOTCOM_HELO.matcher(relay.helo()).find() && relay.noReverseDns();
        }
        return found;
    }

    private static boolean headerCount(SpamAssassinRules.Run run, List<String> args) {
        int count = run.message.values(args.get(0)).size();
        return count >= Double.parseDouble(args.get(1)) && count <= Double.parseDouble(args.get(2));
    }

    private static boolean messageIdNotUsable(SpamAssassinRules.Run run) {
        if (Pattern.compile("(?i)<mailto:(?:leave-\\S+|\\S+-unsubscribe)@\\S+>$").matcher(run.message.header("List-Unsubscribe").orElse("").strip())
            .find()) {
            return true;
        }
        if (gatedThroughReceivedRemover(run)) {
            return true;
        }
        String received = run.message.header("Received").orElse("");
        return received.contains("/CWT/DCE)") || received.contains("iPlanet Messaging Server");
    }
}
