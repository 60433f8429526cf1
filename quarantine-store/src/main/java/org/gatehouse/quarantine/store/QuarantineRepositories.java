package org.gatehouse.quarantine.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.quarantine.QuarantineRetention;
import org.gatehouse.quarantine.QuarantineText;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.scoring.ScoreDecision;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * The quarantine's storage: one James mail repository per tenant and family under a base URL
 * ({@code file://var/mail/quarantine/} by default, any protocol James supports), the metadata of each entry as mail
 * attributes on the stored mail, and the search index kept in step. The repositories are the source of truth: the
 * index is written after the repository, and {@link #reconcile()} repairs it (missing entries indexed, stale ones
 * dropped). An entry id is {@code tenant.family.uuid}, so it names its repository.
 */
public class QuarantineRepositories {
    public static final String BASE_URL_PROPERTY = "gatehouse.quarantine.repository";
    public static final String DEFAULT_BASE_URL = "file://var/mail/quarantine/";

    static final String ID = "org.gatehouse.quarantine.id";
    static final String FAMILY = "org.gatehouse.quarantine.family";
    static final String EXPLANATION = "org.gatehouse.quarantine.explanation";
    static final String SENDER = "org.gatehouse.quarantine.sender";
    static final String RECIPIENTS = "org.gatehouse.quarantine.recipients";
    static final String CLIENT_IP = "org.gatehouse.quarantine.clientIp";
    static final String SUBJECT = "org.gatehouse.quarantine.subject";
    static final String RECEIVED_AT = "org.gatehouse.quarantine.receivedAt";
    static final String SIZE = "org.gatehouse.quarantine.size";
    static final String SCORE = "org.gatehouse.quarantine.score";
    static final String CATEGORY = "org.gatehouse.quarantine.category";
    static final String RETAIN_UNTIL = "org.gatehouse.quarantine.retainUntil";

    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineRepositories.class);
    private static final Pattern ID_SHAPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}\\.[a-z]+\\.[0-9a-f-]{36}");

    /** A held message and where it is. */
    public record Stored(QuarantineEntry entry, Mail mail) {
    }

    private final MailRepositoryStore store;
    private final QuarantineIndex index;
    private final QuarantineRetention retention;
    private final TenantStore tenants;
    private final QuarantineText text;
    private final Clock clock;
    private final String baseUrl;

    @Inject
    public QuarantineRepositories(MailRepositoryStore store, QuarantineIndex index, QuarantineRetention retention,
                                  TenantStore tenants, @Named(BASE_URL_PROPERTY) String baseUrl) {
        this(store, index, retention, tenants, QuarantineText.withDefaults(), Clock.systemUTC(), baseUrl);
    }

    public QuarantineRepositories(MailRepositoryStore store, QuarantineIndex index, QuarantineRetention retention,
                                  TenantStore tenants, QuarantineText text, Clock clock, String baseUrl) {
        this.store = store;
        this.index = index;
        this.retention = retention;
        this.tenants = tenants;
        this.text = text;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    public QuarantineIndex index() {
        return index;
    }

    public MailRepositoryUrl urlOf(TenantId tenant, QuarantineFamily family) {
        return MailRepositoryUrl.from(baseUrl + tenant.asString() + "/" + family.asString() + "/");
    }

    /**
     * Stores a copy of the mail for its tenant under the family of the check that held it, with the metadata as
     * attributes, then indexes it. A failing index write is logged, not thrown: the message is safe in its
     * repository and the start-up check indexes it.
     */
    public QuarantineEntry hold(Mail mail, TenantId tenant, HoldingCheck check, List<String> ruleIds, List<String> explanation)
        throws MessagingException {
        QuarantineFamily family = check.family();
        String id = entryId(mail, tenant, family);
        byte[] raw = raw(mail);
        Instant now = clock.instant();
        Optional<ScoreDecision> decision = string(mail, PipelineAttributes.SCORE_DECISIONS)
            .map(ScoreDecision::read)
            .flatMap(decisions -> Optional.ofNullable(decisions.get(tenant.asString())));
        QuarantineEntry entry = new QuarantineEntry(id, tenant, family, mail.getMaybeSender().asString(""),
            mail.getRecipients().stream().map(MailAddress::asString).toList(),
            Optional.ofNullable(mail.getRemoteAddr()).orElse(""), Optional.ofNullable(mail.getMessage().getSubject()).orElse(""),
            now, raw.length, decision.map(ScoreDecision::score), decision.map(value -> value.category().asString()),
            ruleIds, explanation, string(mail, PipelineAttributes.DIRECTION).orElse("inbound"),
            now.plus(retention.retentionOf(tenant, family)));

        MailImpl copy = MailImpl.duplicate(mail);
        copy.setName(id);
        writeAttributes(copy, entry, check);
        repository(tenant, family).store(copy);
        copy.dispose();
        indexQuietly(entry, raw);
        return entry;
    }

    /**
     * The entry id of a held mail: derived from the spool's name for the mail and its recipients, so a mail the spool
     * hands out again (the gateway killed after the entry was stored, before the queue heard it was done) replaces
     * its entry instead of holding a second copy.
     */
    static String entryId(Mail mail, TenantId tenant, QuarantineFamily family) {
        String identity = mail.getName() + "\n" + mail.getRecipients().stream().map(MailAddress::asString).sorted()
            .collect(Collectors.joining(","));
        return tenant.asString() + "." + family.asString() + "." + UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isEntryId(String id) {
        return id != null && ID_SHAPE.matcher(id).matches();
    }

    /** The held message with this id, read from its repository (the index is not consulted). */
    public Optional<Stored> find(String id) throws MessagingException {
        if (!isEntryId(id)) {
            return Optional.empty();
        }
        String[] parts = id.split("\\.", 3);
        Optional<QuarantineFamily> family = familyOf(parts[1]);
        if (family.isEmpty()) {
            return Optional.empty();
        }
        MailRepository repository = repository(TenantId.of(parts[0]), family.get());
        Mail mail = repository.retrieve(new MailKey(id));
        if (mail == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(entryOf(mail).orElseThrow(() -> new MessagingException(
            "Quarantine entry " + id + " has no quarantine metadata")), mail));
    }

    /** Removes the entry from its repository and from the index; nothing happens for an unknown id. */
    public void remove(String id) throws MessagingException {
        if (!isEntryId(id)) {
            return;
        }
        String[] parts = id.split("\\.", 3);
        Optional<QuarantineFamily> family = familyOf(parts[1]);
        if (family.isPresent()) {
            repository(TenantId.of(parts[0]), family.get()).remove(new MailKey(id));
        }
        try {
            index.delete(id);
        } catch (RuntimeException e) {
            LOGGER.warn("Quarantine entry {} removed from its repository but not from the index; the start-up check drops it", id, e);
        }
    }

    /**
     * Brings the index in line with the repositories: indexes every held message the index lacks and drops index
     * entries whose message is gone. Returns what it changed.
     */
    public Reconciliation reconcile() throws MessagingException {
        Set<String> held = new HashSet<>();
        int indexed = 0;
        Set<String> inIndex = index.ids();
        for (MailRepositoryUrl url : repositoryUrls()) {
            MailRepository repository = repository(url);
            Iterator<MailKey> keys = repository.list();
            while (keys.hasNext()) {
                MailKey key = keys.next();
                held.add(key.asString());
                if (!inIndex.contains(key.asString())) {
                    Mail mail = repository.retrieve(key);
                    if (mail == null) {
                        continue;
                    }
                    try {
                        Optional<QuarantineEntry> entry = entryOf(mail);
                        if (entry.isPresent()) {
                            index.add(entry.get(), textOf(raw(mail)));
                            indexed++;
                        } else {
                            LOGGER.warn("Mail {} in quarantine repository {} has no quarantine metadata; left as is", key.asString(), url.asString());
                        }
                    } finally {
                        LifecycleUtil.dispose(mail);
                    }
                }
            }
        }
        int dropped = 0;
        for (String id : inIndex) {
            if (!held.contains(id)) {
                index.delete(id);
                dropped++;
            }
        }
        index.commit();
        return new Reconciliation(held.size(), indexed, dropped);
    }

    /** Drops the whole index and indexes every held message again. */
    public Reconciliation rebuild() throws MessagingException {
        index.deleteAll();
        return reconcile();
    }

    /** What a reconciliation found: held messages in all, newly indexed ones, index entries dropped. */
    public record Reconciliation(int held, int indexed, int dropped) {
    }

    /** Every quarantine repository: those of the current tenants and families, and any other under the base URL. */
    public List<MailRepositoryUrl> repositoryUrls() {
        Set<MailRepositoryUrl> urls = new LinkedHashSet<>();
        tenants.list().forEach(tenant -> {
            for (QuarantineFamily family : QuarantineFamily.values()) {
                urls.add(urlOf(tenant.id(), family));
            }
        });
        MailRepositoryUrl base = MailRepositoryUrl.from(baseUrl);
        store.getUrls().filter(url -> url.hasPrefix(base) && !url.equals(base)).forEach(urls::add);
        return ImmutableList.copyOf(urls);
    }

    private MailRepository repository(TenantId tenant, QuarantineFamily family) throws MessagingException {
        return repository(urlOf(tenant, family));
    }

    private MailRepository repository(MailRepositoryUrl url) throws MessagingException {
        try {
            return store.select(url);
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new MessagingException("Cannot open the quarantine repository " + url.asString(), e);
        }
    }

    private static Optional<QuarantineFamily> familyOf(String value) {
        for (QuarantineFamily family : QuarantineFamily.values()) {
            if (family.asString().equals(value)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    private void indexQuietly(QuarantineEntry entry, byte[] raw) {
        try {
            index.add(entry, textOf(raw));
        } catch (RuntimeException e) {
            LOGGER.warn("Quarantine entry {} is stored but could not be indexed; the start-up check indexes it", entry.id(), e);
        }
    }

    private String textOf(byte[] raw) {
        try {
            return text.of(raw);
        } catch (RuntimeException e) {
            LOGGER.warn("Cannot extract the text of a quarantined message; only its metadata is searchable", e);
            return "";
        }
    }

    public static byte[] raw(Mail mail) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message", e);
        }
        return out.toByteArray();
    }

    private static void writeAttributes(Mail mail, QuarantineEntry entry, HoldingCheck check) {
        set(mail, ID, AttributeValue.of(entry.id()));
        set(mail, PipelineAttributes.TENANT, AttributeValue.of(entry.tenant().asString()));
        set(mail, FAMILY, AttributeValue.of(entry.family().asString()));
        set(mail, QuarantineAttributes.CHECK, AttributeValue.of(check.asString()));
        set(mail, QuarantineAttributes.RULES, AttributeValue.of(String.join(",", entry.reasons())));
        set(mail, EXPLANATION, AttributeValue.of(String.join("\n", entry.explanation())));
        set(mail, SENDER, AttributeValue.of(entry.sender()));
        set(mail, RECIPIENTS, AttributeValue.of(String.join(",", entry.recipients())));
        set(mail, CLIENT_IP, AttributeValue.of(entry.clientIp()));
        set(mail, SUBJECT, AttributeValue.of(entry.subject()));
        set(mail, RECEIVED_AT, AttributeValue.of(entry.receivedAt().toString()));
        set(mail, SIZE, AttributeValue.of(entry.size()));
        entry.score().ifPresent(score -> set(mail, SCORE, AttributeValue.of(score)));
        entry.category().ifPresent(category -> set(mail, CATEGORY, AttributeValue.of(category)));
        set(mail, PipelineAttributes.DIRECTION, AttributeValue.of(entry.direction()));
        set(mail, RETAIN_UNTIL, AttributeValue.of(entry.retainUntil().toString()));
    }

    private static void set(Mail mail, String name, AttributeValue<?> value) {
        mail.setAttribute(new Attribute(AttributeName.of(name), value));
    }

    /** The entry described by a stored mail's attributes; empty when the mail carries no quarantine metadata. */
    static Optional<QuarantineEntry> entryOf(Mail mail) {
        Optional<String> id = string(mail, ID);
        Optional<String> tenant = string(mail, PipelineAttributes.TENANT);
        Optional<QuarantineFamily> family = string(mail, FAMILY).flatMap(QuarantineRepositories::familyOf);
        if (id.isEmpty() || tenant.isEmpty() || family.isEmpty()) {
            return Optional.empty();
        }
        Instant receivedAt = string(mail, RECEIVED_AT).map(Instant::parse).orElse(Instant.EPOCH);
        return Optional.of(new QuarantineEntry(id.get(), TenantId.of(tenant.get()), family.get(),
            string(mail, SENDER).orElse(mail.getMaybeSender().asString("")),
            string(mail, RECIPIENTS).map(QuarantineRepositories::split)
                .orElseGet(() -> mail.getRecipients().stream().map(MailAddress::asString).toList()),
            string(mail, CLIENT_IP).orElse(""), string(mail, SUBJECT).orElse(""), receivedAt,
            AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(SIZE), Long.class).orElse(0L),
            AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(SCORE), Integer.class),
            string(mail, CATEGORY), QuarantineAttributes.rules(mail),
            string(mail, EXPLANATION).map(text -> List.of(text.split("\n"))).orElse(List.of()),
            string(mail, PipelineAttributes.DIRECTION).orElse("inbound"),
            string(mail, RETAIN_UNTIL).map(Instant::parse).orElse(receivedAt)));
    }

    private static List<String> split(String text) {
        List<String> values = new ArrayList<>();
        for (String value : text.split(",")) {
            if (!value.isBlank()) {
                values.add(value);
            }
        }
        return values;
    }

    private static Optional<String> string(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(name), String.class);
    }
}
