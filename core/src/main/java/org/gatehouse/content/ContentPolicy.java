package org.gatehouse.content;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant's content policy (the {@code content} section): the type families and explicit media types denied at every
 * depth (attachments, archive entries, nested messages), an optional allow list of families, types allowed despite
 * their family, the largest attachment and message, the action for a denied part, an unscannable message, an
 * encrypted part and a type that lies about itself, the administrator's address (copy, redirect, notices) and who is
 * told about a virus, the header and body rules ({@link TextRules}) and language and charset blocking
 * ({@link LanguagePolicy}). Without a section: executables and scripts are blocked, unscannable mail and lying types are
 * quarantined, encrypted parts are logged, nobody is notified.
 */
public record ContentPolicy(Set<TypeFamily> denyFamilies, Optional<Set<TypeFamily>> allowFamilies, Set<String> denyTypes,
                            Set<String> allowTypes, OptionalLong maxAttachmentBytes, OptionalLong maxMessageBytes,
                            Map<Kind, Action> actions, Optional<String> adminAddress, VirusNotifications virusNotifications,
                            TextRules textRules, LanguagePolicy language) {
    public static final String SECTION = "content";
    static final String CHECK = "content";
    /** A media type, optionally with Tika's parameters ({@code application/x-msdownload; format=pe32}). */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*(; ?[a-z0-9-]+=[a-z0-9.+-]+)*");
    private static final Set<String> FIELDS = Set.of("denyFamilies", "allowFamilies", "denyTypes", "allowTypes", "maxAttachmentBytes",
        "maxMessageBytes", "actions", "adminAddress", "virusNotifications", TextRules.FIELD, LanguagePolicy.FIELD);
    /** Families of a message's own text, never denied by an allow list. */
    private static final Set<TypeFamily> BODY_FAMILIES = EnumSet.of(TypeFamily.TEXT, TypeFamily.HTML, TypeFamily.MESSAGE);
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");

    /** Who is told about a virus found in a tenant's mail; the sender only when authenticated (SPF or DKIM pass). */
    public record VirusNotifications(boolean recipients, boolean admin, boolean sender) {
        public static VirusNotifications none() {
            return new VirusNotifications(false, false, false);
        }

        public boolean any() {
            return recipients || admin || sender;
        }
    }

    /** A top-level MIME part a {@code strip} action removes, where the offending content is, and why. */
    public record Strip(String section, String path, String reason) {
    }

    /** The findings for one message, and the parts to strip when the policy's action for them is {@code strip}. */
    public record Judgement(List<Finding> findings, List<Strip> strips) {
        public Judgement {
            findings = List.copyOf(findings);
            strips = List.copyOf(strips);
        }
    }

    /** What the policy decides about, each with its own action. */
    public enum Kind {
        DENIED, UNSCANNABLE, ENCRYPTED, TYPE_MISMATCH;

        String field() {
            return switch (this) {
                case DENIED -> "denied";
                case UNSCANNABLE -> "unscannable";
                case ENCRYPTED -> "encrypted";
                case TYPE_MISMATCH -> "typeMismatch";
            };
        }
    }

    public ContentPolicy {
        denyFamilies = Set.copyOf(denyFamilies);
        allowFamilies = allowFamilies.map(Set::copyOf);
        denyTypes = Set.copyOf(denyTypes);
        allowTypes = Set.copyOf(allowTypes);
        actions = Map.copyOf(actions);
    }

    public static ContentPolicy defaults() {
        return new ContentPolicy(EnumSet.of(TypeFamily.EXECUTABLE, TypeFamily.SCRIPT), Optional.empty(), Set.of(), Set.of(),
            OptionalLong.empty(), OptionalLong.empty(), defaultActions(), Optional.empty(), VirusNotifications.none(), TextRules.none(),
            LanguagePolicy.none());
    }

    private static Map<Kind, Action> defaultActions() {
        return Map.of(Kind.DENIED, Action.BLOCK, Kind.UNSCANNABLE, Action.QUARANTINE, Kind.ENCRYPTED, Action.PASS,
            Kind.TYPE_MISMATCH, Action.QUARANTINE);
    }

    public static ContentPolicy of(PolicyDocument document) {
        return document.section(SECTION).map(ContentPolicy::parse).orElseGet(ContentPolicy::defaults);
    }

    /**
     * Reads the section; a field it does not name keeps its default ({@code denyFamilies} replaces the default list as a
     * whole, {@code actions} per kind).
     *
     * @throws InvalidFieldException with the path from the document root, e.g. {@code content.denyFamilies[1]}
     */
    public static ContentPolicy parse(JsonNode section) {
        ContentPolicy defaults = defaults();
        JsonFields.object(section, SECTION, FIELDS);
        Set<TypeFamily> families = section.has("denyFamilies")
            ? families(section.get("denyFamilies"), SECTION + ".denyFamilies") : defaults.denyFamilies();
        Optional<Set<TypeFamily>> allowFamilies = Optional.ofNullable(section.get("allowFamilies")).filter(node -> !node.isNull())
            .map(node -> families(node, SECTION + ".allowFamilies"));
        Set<String> deny = section.has("denyTypes") ? types(section.get("denyTypes"), SECTION + ".denyTypes") : Set.of();
        Set<String> allow = section.has("allowTypes") ? types(section.get("allowTypes"), SECTION + ".allowTypes") : Set.of();
        OptionalLong maxAttachment = bytes(section.get("maxAttachmentBytes"), SECTION + ".maxAttachmentBytes");
        OptionalLong maxMessage = bytes(section.get("maxMessageBytes"), SECTION + ".maxMessageBytes");
        java.util.EnumMap<Kind, Action> actions = new java.util.EnumMap<>(defaultActions());
        JsonNode actionsNode = section.get("actions");
        if (actionsNode != null) {
            Set<String> kinds = new LinkedHashSet<>();
            for (Kind kind : Kind.values()) {
                kinds.add(kind.field());
            }
            JsonFields.object(actionsNode, SECTION + ".actions", kinds);
            for (Kind kind : Kind.values()) {
                JsonNode value = actionsNode.get(kind.field());
                if (value != null) {
                    actions.put(kind, action(value, SECTION + ".actions." + kind.field(), kind != Kind.UNSCANNABLE));
                }
            }
        }
        Optional<String> admin = Optional.ofNullable(section.get("adminAddress")).filter(node -> !node.isNull())
            .map(node -> address(node, SECTION + ".adminAddress"));
        VirusNotifications notifications = Optional.ofNullable(section.get("virusNotifications")).filter(node -> !node.isNull())
            .map(node -> notifications(node, SECTION + ".virusNotifications")).orElse(VirusNotifications.none());
        TextRules textRules = TextRules.parse(section.get(TextRules.FIELD), SECTION + "." + TextRules.FIELD);
        LanguagePolicy language = LanguagePolicy.parse(section.get(LanguagePolicy.FIELD), SECTION + "." + LanguagePolicy.FIELD);
        if (admin.isEmpty()) {
            if (textRules.needsAdminAddress() || language.needsAdminAddress()) {
                throw new InvalidFieldException(SECTION + ".adminAddress", "is required when a text or language rule's action is copy or redirect");
            }
            for (Kind kind : Kind.values()) {
                if (actions.get(kind) == Action.COPY || actions.get(kind) == Action.REDIRECT) {
                    throw new InvalidFieldException(SECTION + ".adminAddress", "is required when actions." + kind.field() + " is "
                        + (actions.get(kind) == Action.COPY ? "copy" : "redirect"));
                }
            }
            if (notifications.admin()) {
                throw new InvalidFieldException(SECTION + ".adminAddress", "is required when virusNotifications.admin is true");
            }
        }
        return new ContentPolicy(families, allowFamilies, deny, allow, maxAttachment, maxMessage, actions, admin, notifications,
            textRules, language);
    }

    private static OptionalLong bytes(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || node.longValue() < 1) {
            throw new InvalidFieldException(path, "must be a positive number of bytes, or null (no limit)");
        }
        return OptionalLong.of(node.longValue());
    }

    private static String address(JsonNode node, String path) {
        String value = node.isTextual() ? node.textValue().trim() : "";
        if (value.length() > 254 || !ADDRESS.matcher(value).matches()) {
            throw new InvalidFieldException(path, "must be an e-mail address such as security@example.com");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static VirusNotifications notifications(JsonNode node, String path) {
        JsonFields.object(node, path, Set.of("recipients", "admin", "sender"));
        boolean[] values = new boolean[3];
        String[] names = {"recipients", "admin", "sender"};
        for (int i = 0; i < names.length; i++) {
            JsonNode value = node.get(names[i]);
            if (value != null && !value.isBoolean()) {
                throw new InvalidFieldException(path + "." + names[i], "must be true or false");
            }
            values[i] = value != null && value.booleanValue();
        }
        return new VirusNotifications(values[0], values[1], values[2]);
    }

    /**
     * The findings for one inspected message: a denied part or an attachment over the size limit ({@code denied}),
     * the inspection's unscannable, encrypted and type-mismatch findings, each with this policy's action (none for
     * {@code log}).
     */
    public List<Finding> evaluate(ContentInspection inspection) {
        return judge(inspection).findings();
    }

    /**
     * The findings, and for each finding whose action is {@code strip} the top-level MIME part to remove (once per
     * section: a part inside an archive or a forwarded message strips the attachment that holds it).
     */
    public Judgement judge(ContentInspection inspection) {
        List<Finding> findings = new ArrayList<>();
        java.util.Map<String, Strip> strips = new java.util.LinkedHashMap<>();
        for (InspectedPart part : inspection.parts()) {
            boolean allowed = listed(allowTypes, part.trueType());
            boolean outsideAllowList = allowFamilies.isPresent() && !allowFamilies.get().contains(part.family())
                && !(part.depth() == 0 && BODY_FAMILIES.contains(part.family()));
            if (!allowed && (denyFamilies.contains(part.family()) || listed(denyTypes, part.trueType()) || outsideAllowList)) {
                String reason = part.path() + " is " + part.trueType() + " (" + part.family().name().toLowerCase(Locale.ROOT) + ")"
                    + (outsideAllowList && !denyFamilies.contains(part.family()) ? ", not an allowed family" : "");
                add(findings, strips, Finding.of("CONTENT_DENIED_TYPE", CHECK, "denied", reason), Kind.DENIED, part);
            }
            if (maxAttachmentBytes.isPresent() && part.depth() > 0 && part.size() > maxAttachmentBytes.getAsLong()) {
                add(findings, strips, Finding.of("CONTENT_ATTACHMENT_TOO_LARGE", CHECK, "denied",
                    part.path() + " has " + part.size() + " bytes, more than " + maxAttachmentBytes.getAsLong()), Kind.DENIED, part);
            }
        }
        for (String reason : inspection.unscannableReasons()) {
            add(findings, strips, Finding.of("CONTENT_UNSCANNABLE", CHECK, "unscannable", reason), Kind.UNSCANNABLE, null);
        }
        for (InspectedPart part : inspection.encryptedParts()) {
            add(findings, strips, Finding.of("CONTENT_ENCRYPTED", CHECK, "encrypted", part.path() + " is encrypted (" + part.trueType() + ")"),
                Kind.ENCRYPTED, part);
        }
        for (InspectedPart part : inspection.typeMismatches()) {
            add(findings, strips, Finding.of("CONTENT_TYPE_MISMATCH", CHECK, "mismatch", part.path() + ": "
                + part.typeMismatch().orElseThrow().reason()), Kind.TYPE_MISMATCH, part);
        }
        findings.addAll(textRules.evaluate(inspection));
        findings.addAll(language.evaluate(inspection));
        return new Judgement(findings, List.copyOf(strips.values()));
    }

    private void add(List<Finding> findings, java.util.Map<String, Strip> strips, Finding finding, Kind kind, InspectedPart part) {
        Action action = actions.get(kind);
        findings.add(action == Action.PASS ? finding : finding.withAction(action));
        if (action == Action.STRIP && part != null && !part.section().isEmpty()) {
            strips.putIfAbsent(part.section(), new Strip(part.section(), part.path(), finding.ruleId() + ": " + finding.reason()));
        }
    }

    /** A listed type matches itself with or without its parameters: {@code application/x-msdownload} covers every PE format. */
    private static boolean listed(Set<String> types, String trueType) {
        String lower = trueType.toLowerCase(Locale.ROOT);
        int semicolon = lower.indexOf(';');
        return types.contains(lower) || (semicolon > 0 && types.contains(lower.substring(0, semicolon).trim()));
    }

    private Finding withAction(Finding finding, Kind kind) {
        Action action = actions.get(kind);
        return action == Action.PASS ? finding : finding.withAction(action);
    }

    private static Set<TypeFamily> families(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be an array of type families");
        }
        Set<TypeFamily> families = EnumSet.noneOf(TypeFamily.class);
        for (int i = 0; i < node.size(); i++) {
            String value = node.get(i).isTextual() ? node.get(i).textValue() : "";
            int index = i;
            families.add(java.util.Arrays.stream(TypeFamily.values())
                .filter(family -> family.name().toLowerCase(Locale.ROOT).equals(value)).findFirst()
                .orElseThrow(() -> new InvalidFieldException(path + "[" + index + "]", "unknown type family '" + value
                    + "'; families are " + java.util.Arrays.stream(TypeFamily.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList())));
        }
        return families;
    }

    private static Set<String> types(JsonNode node, String path) {
        if (!node.isArray() || node.size() > 1000) {
            throw new InvalidFieldException(path, "must be an array of at most 1000 media types");
        }
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < node.size(); i++) {
            String value = node.get(i).isTextual() ? node.get(i).textValue().trim().toLowerCase(Locale.ROOT) : "";
            if (!MEDIA_TYPE.matcher(value).matches()) {
                throw new InvalidFieldException(path + "[" + i + "]", "must be a media type such as application/x-msdownload");
            }
            types.add(value.replaceAll("; ?", "; "));
        }
        return types;
    }

    private static Action action(JsonNode node, String path, boolean stripAllowed) {
        String value = node.isTextual() ? node.textValue() : "";
        Optional<Action> action = switch (value) {
            case "block" -> Optional.of(Action.BLOCK);
            case "quarantine" -> Optional.of(Action.QUARANTINE);
            case "strip" -> stripAllowed ? Optional.of(Action.STRIP) : Optional.empty();
            case "redirect" -> Optional.of(Action.REDIRECT);
            case "copy" -> Optional.of(Action.COPY);
            case "tag" -> Optional.of(Action.TAG);
            case "log" -> Optional.of(Action.PASS);
            default -> Optional.empty();
        };
        return action.orElseThrow(() -> new InvalidFieldException(path, stripAllowed
            ? "must be one of block, quarantine, strip, redirect, copy, tag, log"
            : "must be one of block, quarantine, redirect, copy, tag, log (an unscannable message cannot be stripped: what was not looked at is unknown)"));
    }

}
