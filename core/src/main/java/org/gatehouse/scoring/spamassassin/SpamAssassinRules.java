package org.gatehouse.scoring.spamassassin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SpamAssassin's rules compiled for Java, with one score set chosen: header, body, rawbody, uri, full, mimeheader-free
 * regex rules, the supported {@code eval:} functions ({@link EvalFunctions}) and meta rules. A rule that cannot be
 * compiled (a Perl-only regex, an eval function not emulated, a meta over such a rule) is skipped and listed with its
 * reason in {@link #skipped()}; a network or Bayes rule (tflags {@code net}/{@code learn}, DNS, Razor, Pyzor, DCC,
 * Bayes evals) is listed in {@link #offline()} and counts as not hit, as under {@code spamd --local} without Bayes.
 * Immutable and thread-safe once built.
 */
public final class SpamAssassinRules {
    /** The DFA states all the rules' automata may make together (about 200 bytes each). */
    static final int AUTOMATON_STATES = 250_000;
    private static final Pattern HEADER_TEST = Pattern.compile("^(\\S+?)\\s*(=~|!~)\\s*(.+?)(?:\\s+\\[if-unset:\\s*(.*)\\])?$");
    private static final Pattern EVAL = Pattern.compile("^eval:\\s*([\\w]+)\\s*\\((.*)\\)\\s*$");
    private static final Pattern EVAL_ARG = Pattern.compile("\\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\\s]+))\\s*(?:,|$)");

    /** What a compiled rule tests. */
    private interface Test {
        int hits(Run run);
    }

    private record Rule(String name, RuleType type, Test test, double score, String description, int maxHits) {
    }

    /** One message's evaluation in progress. */
    static final class Run {
        final SaMessage message;
        final DeadlineCharSequence.Deadline deadline;
        final Map<String, Integer> results = new HashMap<>();
        final Map<String, Object> memo = new HashMap<>();
        private final PrefilteredTexts.Scan[] scans;

        Run(SaMessage message, DeadlineCharSequence.Deadline deadline, int textGroups) {
            this.message = message;
            this.deadline = deadline;
            this.scans = new PrefilteredTexts.Scan[textGroups];
        }

        CharSequence text(String text) {
            return new DeadlineCharSequence(text, deadline);
        }

        /** The texts of a rule group and where its rules' pieces occur, scanned once per message. */
        PrefilteredTexts.Scan scan(PrefilteredTexts texts) {
            PrefilteredTexts.Scan scan = scans[texts.index()];
            if (scan == null) {
                scan = texts.scan(message);
                scans[texts.index()] = scan;
            }
            return scan;
        }
    }

    /** While compiling: the rules' text groups by what they read, and the regex rules that got no pieces. */
    private static final class Compilation {
        final boolean prefilter;
        final Map<String, PrefilteredTexts> texts = new LinkedHashMap<>();
        final Set<String> withoutPieces = new TreeSet<>();
        final Set<String> withPairs = new TreeSet<>();
        final Set<String> withAutomaton = new TreeSet<>();
        final TextAutomaton.Budget automatonStates = new TextAutomaton.Budget(AUTOMATON_STATES);

        Compilation(boolean prefilter) {
            this.prefilter = prefilter;
        }

        PrefilteredTexts texts(String key, java.util.function.Function<SaMessage, List<String>> read) {
            return texts.computeIfAbsent(key, any -> new PrefilteredTexts(texts.size(), read));
        }
    }

    private final List<Rule> rules;
    private final List<Rule> metas;
    private final Map<String, String> skipped;
    private final Set<String> offline;
    private final Set<String> withoutPieces;
    private final Set<String> withPairs;
    private final Set<String> withAutomaton;
    private final TextAutomaton.Budget automatonStates;
    private final int textGroups;
    private final int scoreSet;

    private SpamAssassinRules(List<Rule> rules, List<Rule> metas, Map<String, String> skipped, Set<String> offline,
                              Set<String> withoutPieces, Set<String> withPairs, Set<String> withAutomaton,
                              TextAutomaton.Budget automatonStates, int textGroups, int scoreSet) {
        this.rules = List.copyOf(rules);
        this.metas = List.copyOf(metas);
        this.skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        this.offline = Collections.unmodifiableSet(new TreeSet<>(offline));
        this.withoutPieces = Collections.unmodifiableSet(new TreeSet<>(withoutPieces));
        this.withPairs = Collections.unmodifiableSet(new TreeSet<>(withPairs));
        this.withAutomaton = Collections.unmodifiableSet(new TreeSet<>(withAutomaton));
        this.automatonStates = automatonStates;
        this.textGroups = textGroups;
        this.scoreSet = scoreSet;
    }

    /** Reads and compiles the rules of these directories for one score set (0: no network, no Bayes). */
    public static SpamAssassinRules load(RuleFiles files, int scoreSet) throws IOException {
        return compile(RuleConfig.read(files), scoreSet);
    }

    public static SpamAssassinRules compile(RuleConfig config, int scoreSet) {
        return compile(config, scoreSet, true);
    }

    /** With {@code prefilter} false every regex runs on every text: for tests proving the prefilter changes no hit. */
    static SpamAssassinRules compile(RuleConfig config, int scoreSet, boolean prefilter) {
        if (scoreSet < 0 || scoreSet > 3) {
            throw new IllegalArgumentException("SpamAssassin score sets are 0 to 3: " + scoreSet);
        }
        EvalFunctions evals = new EvalFunctions(config.freemailDomains);
        Map<String, String> skipped = new HashMap<>();
        Set<String> offline = new TreeSet<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, MetaExpression> expressions = new LinkedHashMap<>();
        for (RuleDefinition definition : config.definitions.values()) {
            if (definition.type() == RuleType.META) {
                try {
                    expressions.put(definition.name(), MetaExpression.parse(definition.test()));
                } catch (IllegalArgumentException e) {
                    skipped.put(definition.name(), "meta expression not understood: " + e.getMessage());
                }
            }
        }
        Set<String> read = new java.util.HashSet<>();
        expressions.forEach((name, expression) -> read.addAll(expression.names()));
        Compilation compilation = new Compilation(prefilter);
        for (RuleDefinition definition : config.definitions.values()) {
            String name = definition.name();
            if (definition.type() == RuleType.META) {
                continue;
            }
            Set<String> flags = config.tflags.getOrDefault(name, Set.of());
            double score = score(config, name, flags, scoreSet);
            String description = config.descriptions.getOrDefault(name, "");
            int maxHits = maxHits(flags);
            // as check() decides: an internal rule runs when a meta reads it, another when its score is not 0
            boolean runs = name.startsWith("__") ? read.contains(name) : score != 0;
            try {
                Test test = compileTest(config, definition, evals, maxHits, compilation, runs);
                rules.add(new Rule(name, definition.type(), test, score, description, maxHits));
            } catch (Offline e) {
                offline.add(name);
            } catch (PerlRegex.Unsupported e) {
                skipped.put(name, e.getMessage());
            }
        }
        compilation.texts.values().forEach(PrefilteredTexts::seal);
        // a meta over a skipped rule cannot be judged; skipping spreads until nothing changes
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var entry : expressions.entrySet()) {
                if (skipped.containsKey(entry.getKey())) {
                    continue;
                }
                Optional<String> missing = entry.getValue().names().stream().filter(skipped::containsKey).findFirst();
                if (missing.isPresent()) {
                    skipped.put(entry.getKey(), "depends on skipped rule " + missing.get());
                    changed = true;
                }
            }
        }
        // an internal rule no meta reads, or a rule of score 0, cannot change a result: it is not run
        rules.removeIf(rule -> !read.contains(rule.name()) && (rule.name().startsWith("__") || rule.score() == 0));
        List<Rule> metas = new ArrayList<>();
        for (String name : dependencyOrder(expressions)) {
            MetaExpression expression = expressions.get(name);
            if (!skipped.containsKey(name)) {
                Set<String> flags = config.tflags.getOrDefault(name, Set.of());
                metas.add(new Rule(name, RuleType.META, run -> (int) Math.round(expression.evaluate(dependency -> value(run, dependency))),
                    score(config, name, flags, scoreSet), config.descriptions.getOrDefault(name, ""), 1));
            }
        }
        return new SpamAssassinRules(rules, metas, skipped, offline, compilation.withoutPieces, compilation.withPairs,
            compilation.withAutomaton, compilation.automatonStates, compilation.texts.size(), scoreSet);
    }

    /** The metas ordered so that each comes after the metas it reads (a cycle, which SpamAssassin refuses too, is cut). */
    private static List<String> dependencyOrder(Map<String, MetaExpression> expressions) {
        List<String> order = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        Set<String> visiting = new java.util.HashSet<>();
        for (String name : expressions.keySet()) {
            visit(name, expressions, done, visiting, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, MetaExpression> expressions, Set<String> done, Set<String> visiting, List<String> order) {
        if (done.contains(name) || visiting.contains(name) || !expressions.containsKey(name)) {
            return;
        }
        visiting.add(name);
        for (String dependency : expressions.get(name).names()) {
            visit(dependency, expressions, done, visiting, order);
        }
        visiting.remove(name);
        done.add(name);
        order.add(name);
    }

    private static double value(Run run, String name) {
        if (name.equals("local_tests_only")) {
            return 1;
        }
        return run.results.getOrDefault(name, 0);
    }

    /** Thrown for a network or Bayes test: not run offline. */
    static final class Offline extends Exception {
        Offline() {
            super(null, null, false, false);
        }
    }

    private static double score(RuleConfig config, String name, Set<String> flags, int scoreSet) {
        double[] scores = config.scores.get(name);
        if (scores != null) {
            return scores[scoreSet];
        }
        double fallback = name.startsWith("T_") ? 0.01 : 1.0;
        return flags.contains("nice") ? -fallback : fallback;
    }

    private static int maxHits(Set<String> flags) {
        if (!flags.contains("multiple")) {
            return 1;
        }
        for (String flag : flags) {
            if (flag.startsWith("maxhits=")) {
                try {
                    return Math.max(1, Integer.parseInt(flag.substring("maxhits=".length())));
                } catch (NumberFormatException e) {
                    return Integer.MAX_VALUE;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Test compileTest(RuleConfig config, RuleDefinition definition, EvalFunctions evals, int maxHits,
                                    Compilation compilation, boolean runs) throws PerlRegex.Unsupported, Offline {
        String text = definition.test().strip();
        Matcher eval = EVAL.matcher(text);
        if (eval.matches()) {
            String function = eval.group(1);
            List<String> args = evalArgs(eval.group(2));
            if (EvalFunctions.isOffline(function)) {
                throw new Offline();
            }
            EvalFunctions.Function implementation = evals.find(function, args)
                .orElseThrow(() -> new PerlRegex.Unsupported("eval:" + function + "(" + String.join(", ", args) + ") is not emulated"));
            return run -> implementation.test(run) ? 1 : 0;
        }
        if (definition.type() == RuleType.META) {
            throw new PerlRegex.Unsupported("meta compiled elsewhere");
        }
        String name = definition.name();
        switch (definition.type()) {
            case HEADER -> {
                if (text.startsWith("exists:")) {
                    String header = text.substring("exists:".length()).strip();
                    return run -> run.message.values(header).isEmpty() ? 0 : 1;
                }
                Matcher header = HEADER_TEST.matcher(text);
                if (!header.matches()) {
                    throw new PerlRegex.Unsupported("header test not understood");
                }
                String query = header.group(1);
                boolean negated = header.group(2).equals("!~");
                Pattern pattern = regex(config, definition, header.group(3));
                Optional<String> unset = Optional.ofNullable(header.group(4));
                PrefilteredTexts texts = compilation.texts("header " + query + unset.map(value -> " [if-unset: " + value + "]").orElse(""),
                    message -> List.of(message.header(query).or(() -> unset).orElse("")));
                Test matches = regexTest(name, pattern, texts, 0, negated ? 1 : maxHits, compilation, runs);
                return negated ? run -> matches.hits(run) > 0 ? 0 : 1 : matches;
            }
            case BODY -> {
                // tflags nosubject: the Subject line SpamAssassin puts first is not searched
                int first = config.tflags.getOrDefault(name, Set.of()).contains("nosubject") ? 1 : 0;
                return regexTest(name, regex(config, definition, text), compilation.texts("body", SaMessage::bodyLines), first, maxHits,
                    compilation, runs);
            }
            case RAWBODY -> {
                return regexTest(name, regex(config, definition, text), compilation.texts("rawbody", SaMessage::rawBody), 0, maxHits,
                    compilation, runs);
            }
            case URI -> {
                return regexTest(name, regex(config, definition, text), compilation.texts("uri", SaMessage::uris), 0, maxHits,
                    compilation, runs);
            }
            case FULL -> {
                return regexTest(name, regex(config, definition, text), compilation.texts("full", SaMessage::fullAsList), 0, maxHits,
                    compilation, runs);
            }
            default -> throw new PerlRegex.Unsupported(definition.type().name().toLowerCase(java.util.Locale.ROOT) + " rules are not emulated");
        }
    }

    /**
     * A regex searched in each of a group's texts from {@code first} on, hits counted up to {@code maxHits}: only in the
     * texts where one of its required pieces occurs when it has pieces (and the prefilter is on), else in every text.
     */
    private static Test regexTest(String name, Pattern pattern, PrefilteredTexts texts, int first, int maxHits, Compilation compilation,
                                  boolean runs) {
        Search search = new Search(pattern, compilation.prefilter ? RequiredLiteral.starts(pattern) : Optional.empty());
        Optional<Set<String>> pieces = compilation.prefilter ? RequiredLiteral.of(pattern) : Optional.empty();
        // the character pairs every match needs, tested once per message against the pairs the group's texts hold
        Optional<CharacterPairs.Condition> pairs = compilation.prefilter && runs ? RequiredLiteral.pairs(pattern) : Optional.empty();
        if (pairs.isPresent()) {
            compilation.withPairs.add(name);
        }
        // then, in each text that passed those, one automaton pass: Java's backtracking matcher runs only where it may match
        Optional<TextAutomaton> automaton = compilation.prefilter && runs
            ? TextAutomaton.of(pattern, compilation.automatonStates) : Optional.empty();
        if (automaton.isPresent()) {
            compilation.withAutomaton.add(name);
        }
        if (pieces.isEmpty() || !runs) {
            if (runs) {
                compilation.withoutPieces.add(name);
            }
            return run -> {
                PrefilteredTexts.Scan scan = run.scan(texts);
                if (pairs.isPresent() && !scan.holds(pairs.get())) {
                    return 0;
                }
                List<String> lines = scan.texts();
                int hits = 0;
                for (int i = first; i < lines.size() && hits < maxHits; i++) {
                    if (mayMatch(run, scan, i, pairs, automaton)) {
                        hits += search.count(run, lines.get(i), maxHits - hits);
                    }
                }
                return hits;
            };
        }
        int slot = texts.add(pieces.get());
        return run -> {
            PrefilteredTexts.Scan scan = run.scan(texts);
            BitSet candidates = scan.candidates(slot);
            if (candidates.isEmpty() || pairs.isPresent() && !scan.holds(pairs.get())) {
                return 0;
            }
            int hits = 0;
            for (int i = candidates.nextSetBit(first); i >= 0 && hits < maxHits; i = candidates.nextSetBit(i + 1)) {
                if (mayMatch(run, scan, i, pairs, automaton)) {
                    hits += search.count(run, scan.texts().get(i), maxHits - hits);
                }
            }
            return hits;
        };
    }

    /** Whether a regex may match in text {@code i} of the group: its character pairs are there, then its automaton accepts. */
    private static boolean mayMatch(Run run, PrefilteredTexts.Scan scan, int i, Optional<CharacterPairs.Condition> pairs,
                                    Optional<TextAutomaton> automaton) {
        return (pairs.isEmpty() || scan.holds(pairs.get(), i))
            && (automaton.isEmpty() || automaton.get().mayMatch(scan.texts().get(i), run.deadline));
    }

    /**
     * A regex and, when known, where its matches can start ({@link RequiredLiteral#starts}): then it is tried only at
     * those positions, which finds the same matches as {@link Matcher#find()} (bounds transparent and not anchoring, so lookbehinds, {@code \b} and {@code ^} see the whole text).
     */
    private record Search(Pattern pattern, Optional<RequiredLiteral.Starts> first) {
        int count(Run run, String text, int maxHits) {
            Matcher matcher = pattern.matcher(run.text(text));
            int hits = 0;
            if (first.isEmpty()) {
                while (hits < maxHits && matcher.find()) {
                    hits++;
                    if (matcher.end() == matcher.start() && matcher.end() >= text.length()) {
                        break;
                    }
                }
                return hits;
            }
            RequiredLiteral.Starts starts = first.get();
            matcher.useTransparentBounds(true).useAnchoringBounds(false);
            int length = text.length();
            int from = 0;
            while (hits < maxHits) {
                int at = from;
                while (at < length && !starts.possibleAt(text, at)) {
                    at++;
                }
                if (at >= length) {
                    break;
                }
                matcher.region(at, length);
                if (matcher.lookingAt()) {
                    hits++;
                    from = matcher.end();
                } else {
                    from = at + 1;
                }
            }
            return hits;
        }
    }

    private static Pattern regex(RuleConfig config, RuleDefinition definition, String delimited) throws PerlRegex.Unsupported {
        String text = delimited.strip();
        if (config.replaceRules.contains(definition.name())) {
            text = ReplaceTags.apply(text, config);
        }
        return PerlRegex.compile(text);
    }

    static List<String> evalArgs(String text) {
        List<String> args = new ArrayList<>();
        Matcher matcher = EVAL_ARG.matcher(text);
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            String value = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            args.add(value);
            at = matcher.end();
            if (matcher.end() == matcher.start()) {
                break;
            }
        }
        return List.copyOf(args);
    }

    /**
     * Runs every rule over one message within the time budget. When the budget runs out the rules not yet run count
     * as not hit, and the result says so.
     */
    public RuleResult check(SaMessage message, Duration budget) {
        long start = System.nanoTime();
        Run run = new Run(message, new DeadlineCharSequence.Deadline(start + budget.toNanos()), textGroups);
        boolean exceeded = !evaluate(run);
        List<RuleResult.Hit> hits = new ArrayList<>();
        for (List<Rule> list : List.of(rules, metas)) {
            for (Rule rule : list) {
                Integer count = run.results.get(rule.name());
                if (count != null && !rule.name().startsWith("__") && rule.score() != 0) {
                    hits.add(new RuleResult.Hit(rule.name(), rule.score(), rule.description(), count));
                }
            }
        }
        hits.sort(java.util.Comparator.comparing(RuleResult.Hit::name));
        return new RuleResult(hits, exceeded, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Every rule's hit count over one message, internal {@code __} rules and rules of score 0 that a meta reads
     * included (rules not hit left out): for tests proving the prefilters change no rule's result.
     */
    Map<String, Integer> hitCounts(SaMessage message, Duration budget) {
        Run run = new Run(message, new DeadlineCharSequence.Deadline(System.nanoTime() + budget.toNanos()), textGroups);
        if (!evaluate(run)) {
            throw new IllegalStateException("time budget exceeded");
        }
        return Collections.unmodifiableMap(new TreeMap<>(run.results));
    }

    /** Runs the rules, then the metas, into {@code run.results}; false when the time budget ran out. */
    private boolean evaluate(Run run) {
        try {
            for (Rule rule : rules) {
                if (rule.score() == 0 && !rule.name().startsWith("__")) {
                    continue;
                }
                run.deadline.check();
                int hits = rule.test().hits(run);
                if (hits > 0) {
                    run.results.put(rule.name(), hits);
                }
            }
            // metas come after the metas they read (dependencyOrder), so one pass is enough
            for (Rule meta : metas) {
                // a rule of score 0 is disabled: SpamAssassin does not run it, metas read it as 0
                if (meta.score() == 0 && !meta.name().startsWith("__")) {
                    continue;
                }
                if (meta.test().hits(run) != 0) {
                    run.results.put(meta.name(), 1);
                }
            }
        } catch (DeadlineCharSequence.BudgetExceeded e) {
            return false;
        }
        return true;
    }

    /** Names of the rules that run (compiled, not offline), internal {@code __} rules included. */
    public Set<String> supported() {
        Set<String> names = new TreeSet<>();
        rules.forEach(rule -> names.add(rule.name()));
        metas.forEach(rule -> names.add(rule.name()));
        return Collections.unmodifiableSet(names);
    }

    /** The {@code eval:} functions Gatehouse emulates, for reports and WebAdmin. */
    public static Set<String> emulatedEvalFunctions() {
        return Collections.unmodifiableSet(EvalFunctions.SUPPORTED);
    }

    /** Rules that could not be compiled, with the reason, by name. */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** Network and Bayes rules, not run offline. */
    public Set<String> offline() {
        return offline;
    }

    /**
     * The regex rules that run without a literal prefilter (no piece of text every match needs could be read off their
     * regex): they are searched in every text of their kind.
     */
    public Set<String> withoutLiteral() {
        return withoutPieces;
    }

    /**
     * The regex rules that run only when the message's texts hold the pairs of consecutive characters their matches
     * need ({@link CharacterPairs}), with or without a literal prefilter besides.
     */
    public Set<String> withCharacterPairs() {
        return withPairs;
    }

    /**
     * The regex rules first read by an automaton ({@link TextAutomaton}) in each text that passed the other
     * prefilters: the regex runs only where the automaton finds a match may be.
     */
    public Set<String> withAutomaton() {
        return withAutomaton;
    }

    /** How many DFA states the automata have made so far, of {@link #AUTOMATON_STATES}. */
    public int automatonStates() {
        return automatonStates.used();
    }

    public int scoreSet() {
        return scoreSet;
    }

    public int size() {
        return rules.size() + metas.size();
    }
}
