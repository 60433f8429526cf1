package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.message.ParsedMessage;

/**
 * Decides a message's {@link Category} from evidence, most specific first: a social network's sender domain, then
 * list headers, then transactional wording or Auto-Submitted, then unsubscribe/feedback headers (marketing), then
 * bulk headers; otherwise corporate. Every piece of evidence seen is returned with the category.
 */
public final class CategoryClassifier {
    /** Sender domains of social networks' notifications (a sender's domain or any subdomain of it). */
    static final List<String> SOCIAL_DOMAINS = List.of(
            "facebookmail.com", "facebook.com", "linkedin.com", "twitter.com", "x.com", "instagram.com",
            "pinterest.com", "redditmail.com", "reddit.com", "tiktok.com", "youtube.com", "quora.com",
            "meetup.com", "tumblr.com", "snapchat.com", "discord.com", "mastodon.social", "threads.net");
    /** Header names set by bulk-sending platforms (Mailgun, Amazon SES, SendGrid, Mailchimp/Mandrill, ...). */
    static final List<String> BULK_PLATFORM_HEADERS = List.of(
            "X-Mailgun-Sid", "X-Mailgun-Variables", "X-SES-Outgoing", "X-SES-RECEIPT", "X-SG-EID", "X-SG-ID",
            "X-MC-User", "X-Mandrill-User", "X-Campaign", "X-CampaignID", "X-Mailer-LID", "X-PM-Message-Id",
            "X-CSA-Complaints", "X-Sendinblue-Tag", "X-Mailjet-Campaign");
    /** Wording of mail triggered by the recipient's own action, in the subject. */
    static final Pattern TRANSACTIONAL_SUBJECT = Pattern.compile(
            "(?i)\\b(receipt|invoice|order (?:confirmation|#|number|no\\.?)|your order|has shipped|shipping confirmation|"
                    + "delivery notification|payment (?:received|confirmation)|password reset|reset your password|"
                    + "verify your (?:email|account)|confirm your (?:email|account|registration|subscription)|"
                    + "verification code|one-time (?:code|password)|security code|booking confirmation|"
                    + "reservation confirmation)\\b");
    /** Wording of the same kind in the body; weaker, so only phrases that seldom appear elsewhere. */
    static final Pattern TRANSACTIONAL_BODY = Pattern.compile(
            "(?i)\\b(reset your password|your verification code is|your one-time (?:code|password)|"
                    + "thank you for your order|your order has (?:been )?shipped|order number:|your receipt)\\b");

    /** A word each alternative of {@link #TRANSACTIONAL_BODY} contains, in lower case. */
    private static final List<String> TRANSACTIONAL_WORDS = List.of("password", "verification code", "one-time", "order", "receipt");

    /** The category with all the evidence seen, whichever decided. */
    public Classification classify(ParsedMessage message) {
        List<String> social = socialEvidence(message);
        List<String> list = listEvidence(message);
        List<String> transactional = transactionalEvidence(message);
        List<String> marketing = marketingEvidence(message);
        List<String> bulk = bulkEvidence(message);
        List<String> all = new ArrayList<>();
        List.of(social, list, transactional, marketing, bulk).forEach(all::addAll);
        Category category;
        if (!social.isEmpty()) {
            category = Category.SOCIAL_MEDIA;
        } else if (!list.isEmpty()) {
            category = Category.MAILING_LIST;
        } else if (!transactional.isEmpty()) {
            category = Category.TRANSACTIONAL;
        } else if (!marketing.isEmpty()) {
            category = Category.MARKETING;
        } else if (!bulk.isEmpty()) {
            category = Category.BULK;
        } else {
            category = Category.CORPORATE;
        }
        return new Classification(category, all);
    }

    private static List<String> socialEvidence(ParsedMessage message) {
        List<String> evidence = new ArrayList<>();
        message.from().stream().findFirst().map(Signals::domain).ifPresent(domain -> SOCIAL_DOMAINS.stream()
                .filter(social -> domain.equals(social) || domain.endsWith("." + social))
                .findFirst()
                .ifPresent(social -> evidence.add("From domain " + domain + " is the social network " + social)));
        return evidence;
    }

    private static List<String> listEvidence(ParsedMessage message) {
        List<String> evidence = new ArrayList<>();
        message.header("List-Id").ifPresent(value -> evidence.add("List-Id: " + value.trim()));
        message.header("List-Post").ifPresent(value -> evidence.add("List-Post header"));
        precedence(message).filter("list"::equals).ifPresent(value -> evidence.add("Precedence: list"));
        return evidence;
    }

    private static List<String> transactionalEvidence(ParsedMessage message) {
        List<String> evidence = new ArrayList<>();
        Matcher subject = TRANSACTIONAL_SUBJECT.matcher(message.subject());
        if (subject.find()) {
            evidence.add("subject says \"" + subject.group() + "\"");
        }
        String text = message.readableText();
        // the expression's alternatives over the whole text cost more than a look for their key words first
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRANSACTIONAL_WORDS.stream().anyMatch(lower::contains)) {
            Matcher body = TRANSACTIONAL_BODY.matcher(text);
            if (body.find()) {
                evidence.add("body says \"" + body.group() + "\"");
            }
        }
        message.header("Auto-Submitted")
                .map(value -> value.trim().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty() && !value.startsWith("no"))
                .ifPresent(value -> evidence.add("Auto-Submitted: " + value));
        return evidence;
    }

    private static List<String> marketingEvidence(ParsedMessage message) {
        List<String> evidence = new ArrayList<>();
        if (message.hasHeader("List-Unsubscribe")) {
            evidence.add("List-Unsubscribe header");
        }
        message.header("Feedback-ID").ifPresent(value -> evidence.add("Feedback-ID: " + value.trim()));
        return evidence;
    }

    private static List<String> bulkEvidence(ParsedMessage message) {
        List<String> evidence = new ArrayList<>();
        precedence(message).filter(value -> value.equals("bulk") || value.equals("junk"))
                .ifPresent(value -> evidence.add("Precedence: " + value));
        BULK_PLATFORM_HEADERS.stream().filter(message::hasHeader)
                .forEach(name -> evidence.add(name + " header (bulk-sending platform)"));
        return evidence;
    }

    private static Optional<String> precedence(ParsedMessage message) {
        return message.header("Precedence").map(value -> value.trim().toLowerCase(Locale.ROOT));
    }
}
