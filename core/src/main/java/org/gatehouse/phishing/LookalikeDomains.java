package org.gatehouse.phishing;

import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.SpoofChecker;

/**
 * Tells whether a domain imitates one of a fixed set of protected domains (a tenant's own, well-known brands): typos,
 * swapped letters, hyphens, another public suffix, ASCII and Unicode look-alike characters. Names are compared on
 * their registrable label (public suffix removed) after punycode decoding, NFKC normalisation and lower-casing; a
 * protected domain itself and its subdomains never match. Immutable and safe to share between threads.
 */
public final class LookalikeDomains {
    /** UTS #39 checks; ICU documents a built SpoofChecker as safe for concurrent checks and skeletons. */
    private static final SpoofChecker SPOOF_CHECKER = new SpoofChecker.Builder()
        .setChecks(SpoofChecker.RESTRICTION_LEVEL)
        .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
        .build();
    private static final int SHORT_LABEL = 4;
    private static final int LONG_LABEL = 9;
    private static final int MAX_DISTANCE = 2;

    private final List<Target> targets;
    private final Set<String> registrables;
    private final Set<String> names;
    /**
     * Answers by candidate domain: a list is built once per set of protected domains and kept, and the same hosts
     * recur across a campaign and within a message. Bounded; least recently used answers go first.
     */
    private final java.util.Map<String, Optional<Lookalike>> answers =
        com.google.common.cache.CacheBuilder.newBuilder().maximumSize(20_000).<String, Optional<Lookalike>>build().asMap();

    private LookalikeDomains(List<Target> targets) {
        this.targets = List.copyOf(targets);
        this.registrables = targets.stream().map(target -> target.name().registrable()).collect(Collectors.toUnmodifiableSet());
        this.names = targets.stream().map(target -> target.name().unicode()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Precomputes the protected domains' labels, folded forms and skeletons.
     *
     * @throws IllegalArgumentException for a name that is not a domain of at least two labels (an IP literal, say)
     */
    public static LookalikeDomains of(Collection<String> protectedDomains) {
        List<Target> targets = new ArrayList<>();
        for (String domain : protectedDomains) {
            Name name = Name.parse(domain)
                .orElseThrow(() -> new IllegalArgumentException("Not a protectable domain: '" + domain + "'"));
            targets.add(Target.of(domain.strip(), name, targets.size()));
        }
        return new LookalikeDomains(targets);
    }

    /** The protected domains, as configured. */
    public List<String> protectedDomains() {
        return targets.stream().map(Target::configured).toList();
    }

    /**
     * The closest protected domain the candidate imitates, with every technique that applies; empty for a protected
     * domain, its subdomains, unrelated names, IP literals, single labels and anything that is not a domain name.
     */
    public Optional<Lookalike> match(String candidateDomain) {
        return answers.computeIfAbsent(candidateDomain, this::compute);
    }

    private Optional<Lookalike> compute(String candidateDomain) {
        Optional<Name> parsed = Name.parse(candidateDomain);
        if (parsed.isEmpty() || isProtected(parsed.get())) {
            return Optional.empty();
        }
        Candidate candidate = Candidate.of(parsed.get());
        return targets.stream()
            .map(target -> compare(candidate, target))
            .flatMap(Optional::stream)
            .min(Comparator.comparingInt(Comparison::residual)
                .thenComparing(comparison -> !comparison.sameSuffix())
                .thenComparingInt(Comparison::distance)
                .thenComparingInt(comparison -> comparison.target().order()))
            .map(comparison -> comparison.toLookalike(candidate));
    }

    private boolean isProtected(Name name) {
        if (registrables.contains(name.registrable())) {
            return true;
        }
        String unicode = name.unicode();
        if (names.contains(unicode)) {
            return true;
        }
        for (int dot = unicode.indexOf('.'); dot >= 0; dot = unicode.indexOf('.', dot + 1)) {
            if (names.contains(unicode.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Comparison> compare(Candidate candidate, Target target) {
        Name name = candidate.name();
        EnumSet<Technique> techniques = EnumSet.noneOf(Technique.class);
        int residual = 0;
        if (!name.label().equals(target.name().label())) {
            if (!candidate.within(target, threshold(Math.min(candidate.bareLength(), target.bareLength())))) {
                return Optional.empty();
            }
            EditDistance.Alignment folded = candidate.foldedAlignment(target);
            EditDistance.Alignment skeletal = candidate.skeletalAlignment(target);
            boolean confusable = skeletal.distance() < folded.distance();
            EditDistance.Alignment closest = confusable ? skeletal : folded;
            residual = closest.distance();
            int hyphenless = EditDistance.distance(candidate.bare(), target.bare());
            if (hyphenless < EditDistance.distance(name.label(), target.name().label())) {
                techniques.add(Technique.HYPHENATION);
            }
            if (folded.distance() < hyphenless) {
                techniques.add(Technique.HOMOGLYPH);
            }
            if (confusable) {
                techniques.add(Technique.CONFUSABLE);
            }
            if (closest.transpositions() > 0) {
                techniques.add(Technique.TRANSPOSITION);
            }
            if (closest.otherEdits() > 0) {
                techniques.add(Technique.EDIT_DISTANCE);
            }
        }
        boolean sameSuffix = name.suffix().equals(target.name().suffix());
        if (!sameSuffix) {
            techniques.add(Technique.TLD_SWAP);
        }
        if (candidate.mixedScript()) {
            techniques.add(Technique.MIXED_SCRIPT);
        }
        if (name.punycode()) {
            techniques.add(Technique.PUNYCODE);
        }
        int distance = EditDistance.distance(name.label(), target.name().label());
        return Optional.of(new Comparison(target, techniques, residual, sameSuffix, distance));
    }

    /** Short labels need an exact look-alike: one typo turns ups into ubs, a different company. */
    private static int threshold(int length) {
        if (length >= LONG_LABEL) {
            return MAX_DISTANCE;
        }
        return length >= SHORT_LABEL ? 1 : 0;
    }

    /** The label without hyphens, with ASCII look-alike sequences replaced by the letter they imitate. */
    static String fold(String bare) {
        StringBuilder folded = new StringBuilder(bare.length());
        int i = 0;
        while (i < bare.length()) {
            char c = bare.charAt(i);
            char next = i + 1 < bare.length() ? bare.charAt(i + 1) : 0;
            if (c == 'r' && next == 'n') {
                folded.append('m');
                i += 2;
            } else if (c == 'v' && next == 'v') {
                folded.append('w');
                i += 2;
            } else if (c == 'c' && next == 'l') {
                folded.append('d');
                i += 2;
            } else {
                folded.append(c == '1' ? 'l' : c == '0' ? 'o' : c);
                i++;
            }
        }
        return folded.toString();
    }

    private static String withoutHyphens(String label) {
        return label.replace("-", "");
    }

    private static String skeleton(String folded) {
        return SPOOF_CHECKER.getSkeleton(folded);
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * A domain reduced to what is compared: its Unicode form and its registrable label and public suffix.
     *
     * @param given the text as given, trimmed, without a trailing dot
     * @param unicode the whole name decoded, NFKC-normalised and lower-cased
     * @param label the registrable label (the name's part just left of the public suffix)
     * @param shownLabel the label as a reader sees it: a capital I among lower-case letters reads as l
     * @param suffix the public suffix, or the last label when the name is under none
     * @param punycode whether the registrable label arrived as xn--
     */
    private record Name(String given, String unicode, String label, String shownLabel, String suffix,
                        boolean punycode) {
        static Optional<Name> parse(String domain) {
            String given = domain.strip();
            if (given.endsWith(".")) {
                given = given.substring(0, given.length() - 1);
            }
            if (given.isEmpty() || given.startsWith("[") || InetAddresses.isInetAddress(given)) {
                return Optional.empty();
            }
            String shown;
            try {
                shown = Normalizer.normalize(IDN.toUnicode(given, IDN.ALLOW_UNASSIGNED), Normalizer.Form.NFKC);
            } catch (IllegalArgumentException notADomain) {
                return Optional.empty();
            }
            String unicode = shown.toLowerCase(Locale.ROOT);
            String[] labels = unicode.split("\\.", -1);
            if (labels.length < 2) {
                return Optional.empty();
            }
            int suffixLabels;
            if (Domains.plain(unicode)) {
                // the common case, an ASCII name: the fast walk over the same public suffix list
                int suffixStart = Domains.publicSuffixStart(unicode);
                suffixLabels = suffixStart > 0 ? (int) unicode.substring(suffixStart).chars().filter(c -> c == '.').count() + 1 : 1;
            } else {
                InternetDomainName parsed;
                try {
                    parsed = InternetDomainName.from(unicode);
                } catch (IllegalArgumentException notADomain) {
                    return Optional.empty();
                }
                suffixLabels = parsed.isUnderPublicSuffix() ? parsed.publicSuffix().parts().size() : 1;
            }
            int index = labels.length - suffixLabels - 1;
            String label = labels[index];
            String suffix = String.join(".", List.of(labels).subList(index + 1, labels.length));
            return Optional.of(new Name(given, unicode, label, shownLabel(shown, labels.length, index, label), suffix,
                label(given, labels.length, index).regionMatches(true, 0, "xn--", 0, 4)));
        }

        private static String shownLabel(String shown, int count, int index, String label) {
            String original = label(shown, count, index);
            if (original.indexOf('I') < 0 || original.chars().noneMatch(Character::isLowerCase)) {
                return label;
            }
            return original.replace('I', 'l').toLowerCase(Locale.ROOT);
        }

        /** The label at index when the text splits into the same number of labels (NFKC can add dots), else "". */
        private static String label(String text, int count, int index) {
            String[] labels = text.split("[.\u3002\uFF0E\uFF61]", -1); // dot, ideographic, fullwidth and halfwidth ideographic full stops
            return labels.length == count ? labels[index] : "";
        }

        String registrable() {
            return label + "." + suffix;
        }

        String shown() {
            return unicode.equalsIgnoreCase(given) ? given : unicode;
        }
    }

    /** A protected domain with the forms every comparison needs, computed once. */
    private record Target(String configured, Name name, String bare, String folded, String skeleton, int order,
                          int[] foldedPoints, int[] skeletonPoints) {
        static Target of(String configured, Name name, int order) {
            String bare = withoutHyphens(name.label());
            String folded = fold(bare);
            String skeleton = LookalikeDomains.skeleton(folded);
            return new Target(configured, name, bare, folded, skeleton, order, folded.codePoints().toArray(),
                skeleton.codePoints().toArray());
        }

        int bareLength() {
            return bare.codePointCount(0, bare.length());
        }
    }

    /** The candidate's forms: as written and as read (capital I for l), folded, and skeletons when not ASCII. */
    private record Candidate(Name name, String bare, List<String> folded, List<String> skeletons, boolean mixedScript,
                             List<int[]> foldedPoints, List<int[]> skeletonPoints) {
        static Candidate of(Name name) {
            Set<String> labels = new LinkedHashSet<>(List.of(name.label(), name.shownLabel()));
            List<String> folded = labels.stream().map(label -> fold(withoutHyphens(label))).distinct().toList();
            boolean ascii = isAscii(name.label());
            List<String> skeletons = ascii ? List.of() : folded.stream().map(LookalikeDomains::skeleton).toList();
            SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
            boolean mixed = !ascii && SPOOF_CHECKER.failsChecks(name.label(), result)
                && result.restrictionLevel.compareTo(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE) > 0;
            return new Candidate(name, withoutHyphens(name.label()), folded, skeletons, mixed, codePoints(folded),
                codePoints(skeletons));
        }

        private static List<int[]> codePoints(List<String> forms) {
            return forms.stream().map(form -> form.codePoints().toArray()).toList();
        }

        Set<String> scripts() {
            String label = name.label();
            Set<String> scripts = new LinkedHashSet<>();
            label.codePoints().map(UScript::getScript)
                .filter(script -> script != UScript.COMMON && script != UScript.INHERITED && script != UScript.UNKNOWN)
                .forEach(script -> scripts.add(UScript.getName(script)));
            return scripts;
        }

        int bareLength() {
            return bare.codePointCount(0, bare.length());
        }

        /** Whether any folded form, or any skeleton, is within limit edits of the target's. */
        boolean within(Target target, int limit) {
            return foldedPoints.stream().anyMatch(form -> EditDistance.within(form, target.foldedPoints(), limit))
                || skeletonPoints.stream().anyMatch(form -> EditDistance.within(form, target.skeletonPoints(), limit));
        }

        EditDistance.Alignment foldedAlignment(Target target) {
            return closest(folded, target.folded());
        }

        /** Never closer than the folded forms for an ASCII label: UTS #39 confusables are only for other scripts. */
        EditDistance.Alignment skeletalAlignment(Target target) {
            return skeletons.isEmpty() ? new EditDistance.Alignment(Integer.MAX_VALUE, 0) : closest(skeletons, target.skeleton());
        }

        private static EditDistance.Alignment closest(List<String> forms, String target) {
            return forms.stream().map(form -> EditDistance.align(form, target))
                .min(Comparator.comparingInt(EditDistance.Alignment::distance)).orElseThrow();
        }
    }

    /** One candidate against one protected domain, before the closest is chosen. */
    private record Comparison(Target target, EnumSet<Technique> techniques, int residual, boolean sameSuffix,
                              int distance) {
        Lookalike toLookalike(Candidate candidate) {
            Name name = candidate.name();
            List<String> reasons = new ArrayList<>();
            for (Technique technique : techniques) {
                reasons.add(reason(technique, candidate) + " (" + technique.name() + ")");
            }
            String explanation = name.shown() + " imitates " + target.configured() + ": " + String.join("; ", reasons)
                + "; edit distance " + distance;
            return new Lookalike(name.given(), target.configured(), techniques, distance, explanation);
        }

        private String reason(Technique technique, Candidate candidate) {
            return switch (technique) {
                case TLD_SWAP -> "." + candidate.name().suffix() + " instead of ." + target.name().suffix();
                case MIXED_SCRIPT -> "letters from " + String.join(" and ", candidate.scripts()) + " scripts";
                case PUNYCODE -> "written in punycode as " + candidate.name().given();
                default -> technique.description();
            };
        }
    }
}
