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
 * depth (attachments, archive entries, nested messages), types allowed despite their family, the largest attachment,
 * and the action for a denied part, an unscannable message, an encrypted part and a type that lies about itself.
 * Without a section: executables and scripts are blocked, unscannable mail and lying types are quarantined,
 * encrypted parts are logged.
 */
public record ContentPolicy(Set<TypeFamily> denyFamilies, Set<String> denyTypes, Set<String> allowTypes,
                            OptionalLong maxAttachmentBytes, Map<Kind, Action> actions) {
    public static final String SECTION = "content";
    static final String CHECK = "content";
    /** A media type, optionally with Tika's parameters ({@code application/x-msdownload; format=pe32}). */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*(; ?[a-z0-9-]+=[a-z0-9.+-]+)*");
    private static final Set<String> FIELDS = Set.of("denyFamilies", "denyTypes", "allowTypes", "maxAttachmentBytes", "actions");
    private static final Set<Action> ACTIONS = EnumSet.of(Action.PASS, Action.TAG, Action.QUARANTINE, Action.REJECT);

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
        denyTypes = Set.copyOf(denyTypes);
        allowTypes = Set.copyOf(allowTypes);
        actions = Map.copyOf(actions);
    }

    public static ContentPolicy defaults() {
        return new ContentPolicy(EnumSet.of(TypeFamily.EXECUTABLE, TypeFamily.SCRIPT), Set.of(), Set.of(), OptionalLong.empty(),
            defaultActions());
    }

    private static Map<Kind, Action> defaultActions() {
        return Map.of(Kind.DENIED, Action.REJECT, Kind.UNSCANNABLE, Action.QUARANTINE, Kind.ENCRYPTED, Action.PASS,
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
        Set<String> deny = section.has("denyTypes") ? types(section.get("denyTypes"), SECTION + ".denyTypes") : Set.of();
        Set<String> allow = section.has("allowTypes") ? types(section.get("allowTypes"), SECTION + ".allowTypes") : Set.of();
        OptionalLong max = OptionalLong.empty();
        JsonNode maxNode = section.get("maxAttachmentBytes");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.isIntegralNumber() || maxNode.longValue() < 1) {
                throw new InvalidFieldException(SECTION + ".maxAttachmentBytes", "must be a positive number of bytes, or null (no limit)");
            }
            max = OptionalLong.of(maxNode.longValue());
        }
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
                    actions.put(kind, action(value, SECTION + ".actions." + kind.field()));
                }
            }
        }
        return new ContentPolicy(families, deny, allow, max, actions);
    }

    /**
     * The findings for one inspected message: a denied part or an attachment over the size limit ({@code denied}),
     * the inspection's unscannable, encrypted and type-mismatch findings, each with this policy's action (none for
     * {@code log}).
     */
    public List<Finding> evaluate(ContentInspection inspection) {
        List<Finding> findings = new ArrayList<>();
        for (InspectedPart part : inspection.parts()) {
            boolean denied = !listed(allowTypes, part.trueType())
                && (denyFamilies.contains(part.family()) || listed(denyTypes, part.trueType()));
            if (denied) {
                findings.add(withAction(Finding.of("CONTENT_DENIED_TYPE", CHECK, "denied",
                    part.path() + " is " + part.trueType() + " (" + part.family().name().toLowerCase(Locale.ROOT) + ")"), Kind.DENIED));
            }
            if (maxAttachmentBytes.isPresent() && part.depth() > 0 && part.size() > maxAttachmentBytes.getAsLong()) {
                findings.add(withAction(Finding.of("CONTENT_ATTACHMENT_TOO_LARGE", CHECK, "denied",
                    part.path() + " has " + part.size() + " bytes, more than " + maxAttachmentBytes.getAsLong()), Kind.DENIED));
            }
        }
        for (Finding finding : inspection.findings()) {
            Kind kind = switch (finding.ruleId()) {
                case "CONTENT_UNSCANNABLE" -> Kind.UNSCANNABLE;
                case "CONTENT_ENCRYPTED" -> Kind.ENCRYPTED;
                default -> Kind.TYPE_MISMATCH;
            };
            findings.add(withAction(finding, kind));
        }
        return findings;
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

    private static Action action(JsonNode node, String path) {
        Optional<Action> action = Optional.ofNullable(node.isTextual() ? node.textValue() : null).flatMap(value -> switch (value) {
            case "block" -> Optional.of(Action.REJECT);
            case "quarantine" -> Optional.of(Action.QUARANTINE);
            case "tag" -> Optional.of(Action.TAG);
            case "log" -> Optional.of(Action.PASS);
            default -> Optional.empty();
        });
        return action.filter(ACTIONS::contains)
            .orElseThrow(() -> new InvalidFieldException(path, "must be one of block, quarantine, tag, log"));
    }

}
