package org.gatehouse.scoring.spamassassin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SpamAssassin's rule files read as SpamAssassin reads them: comments, {@code if}/{@code ifplugin}/{@code else}/
 * {@code endif} blocks, {@code require_version}, {@code loadplugin}, rule definitions (the last one of a name wins),
 * {@code score} (four score sets), {@code describe}, {@code tflags}, {@code priority}, the ReplaceTags settings, and
 * the FreeMail domain lists. Other settings (report templates, network and Bayes options) are ignored.
 */
public final class RuleConfig {
    /** The SpamAssassin version whose rules Gatehouse emulates, for {@code require_version} and {@code if (version ...)}. */
    public static final double EMULATED_VERSION = 4.000001;

    private static final Pattern IF_PLUGIN = Pattern.compile("plugin\\s*\\(\\s*([\\w:]+)\\s*\\)");
    private static final Pattern IF_CAN = Pattern.compile("can\\s*\\(\\s*([\\w:]+)\\s*\\)");

    final Map<String, RuleDefinition> definitions = new LinkedHashMap<>();
    final Map<String, double[]> scores = new HashMap<>();
    final Map<String, String> descriptions = new HashMap<>();
    final Map<String, Set<String>> tflags = new HashMap<>();
    final Map<String, Integer> priorities = new HashMap<>();
    final Map<String, String> replaceTags = new HashMap<>();
    final Map<String, String> replacePre = new HashMap<>();
    final Map<String, String> replaceInter = new HashMap<>();
    final Map<String, String> replacePost = new HashMap<>();
    final Set<String> replaceRules = new HashSet<>();
    final Set<String> plugins = new HashSet<>();
    final List<String> freemailDomains = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    String replaceStart = "<";
    String replaceEnd = ">";

    private RuleConfig() {
    }

    /** Reads every file of the rule directories, in SpamAssassin's order. */
    public static RuleConfig read(RuleFiles files) throws IOException {
        RuleConfig config = new RuleConfig();
        for (Path file : files.files()) {
            config.readFile(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        }
        return config;
    }

    /** Reads rule text (tests and tools). */
    public static RuleConfig parse(String name, String text) {
        RuleConfig config = new RuleConfig();
        config.plugins.addAll(List.of("Mail::SpamAssassin::Plugin::ReplaceTags", "Mail::SpamAssassin::Plugin::FreeMail",
            "Mail::SpamAssassin::Plugin::HeaderEval", "Mail::SpamAssassin::Plugin::BodyEval", "Mail::SpamAssassin::Plugin::MIMEEval",
            "Mail::SpamAssassin::Plugin::HTMLEval", "Mail::SpamAssassin::Plugin::RelayEval", "Mail::SpamAssassin::Plugin::MIMEHeader"));
        config.readFile(name, text.lines().toList());
        return config;
    }

    private void readFile(String fileName, List<String> lines) {
        // each entry: whether lines are taken at this depth
        Deque<Boolean> taking = new ArrayDeque<>();
        taking.push(true);
        int number = 0;
        for (String rawLine : lines) {
            number++;
            String line = stripComment(rawLine).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] split = line.split("\\s+", 2);
            String keyword = split[0].toLowerCase(java.util.Locale.ROOT);
            String rest = split.length > 1 ? split[1].strip() : "";
            switch (keyword) {
                case "if" -> taking.push(taking.peek() && condition(rest));
                case "ifplugin" -> taking.push(taking.peek() && plugins.contains(rest));
                case "else" -> {
                    boolean current = taking.pop();
                    boolean outer = taking.isEmpty() || taking.peek();
                    if (taking.isEmpty()) {
                        taking.push(true);
                    }
                    taking.push(outer && !current);
                }
                case "endif" -> {
                    if (taking.size() > 1) {
                        taking.pop();
                    } else {
                        problems.add(fileName + ":" + number + ": endif without if");
                    }
                }
                default -> {
                    if (taking.peek()) {
                        directive(keyword, rest, fileName + ":" + number);
                    }
                }
            }
        }
    }

    static String stripComment(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '#') {
                out.append('#');
                i++;
            } else if (c == '#') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void directive(String keyword, String rest, String source) {
        String[] nameAndValue = rest.split("\\s+", 2);
        String name = nameAndValue[0];
        String value = nameAndValue.length > 1 ? nameAndValue[1].strip() : "";
        Optional<RuleType> type = RuleType.ofKeyword(keyword);
        if (type.isPresent()) {
            if (value.isEmpty()) {
                problems.add(source + ": rule " + name + " without a test");
                return;
            }
            definitions.remove(name);
            definitions.put(name, new RuleDefinition(name, type.get(), value, source));
            return;
        }
        switch (keyword) {
            case "loadplugin" -> plugins.add(name);
            case "require_version" -> {
                // rule files for another version are refused by SpamAssassin too; the shipped ones say 4.000001
            }
            case "score" -> scores.put(name, parseScores(value, source));
            case "describe" -> descriptions.put(name, value);
            case "tflags" -> tflags.put(name, Set.of(value.toLowerCase(java.util.Locale.ROOT).split("\\s+")));
            case "priority" -> {
                try {
                    priorities.put(name, Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    problems.add(source + ": bad priority " + value);
                }
            }
            case "replace_tag" -> replaceTags.put(name, value);
            case "replace_pre" -> replacePre.put(name, value);
            case "replace_inter" -> replaceInter.put(name, value);
            case "replace_post" -> replacePost.put(name, value);
            case "replace_rules" -> replaceRules.addAll(List.of(rest.split("\\s+")));
            case "replace_start" -> replaceStart = name;
            case "replace_end" -> replaceEnd = name;
            case "freemail_domains" -> freemailDomains.addAll(List.of(rest.toLowerCase(java.util.Locale.ROOT).split("\\s+")));
            default -> {
                // settings of no rule (report templates, network and Bayes options, welcome lists) are not emulated
            }
        }
    }

    private double[] parseScores(String value, String source) {
        String[] parts = value.split("\\s+");
        double[] sets = new double[4];
        try {
            if (parts.length >= 4) {
                for (int i = 0; i < 4; i++) {
                    sets[i] = Double.parseDouble(parts[i]);
                }
            } else {
                java.util.Arrays.fill(sets, Double.parseDouble(parts[0]));
            }
        } catch (NumberFormatException e) {
            problems.add(source + ": bad score " + value);
        }
        return sets;
    }

    /** An {@code if} expression: {@code version}, {@code perl_version}, {@code plugin(...)}, {@code can(...)}, comparisons. */
    boolean condition(String expression) {
        String text = expression;
        Matcher plugin = IF_PLUGIN.matcher(text);
        text = plugin.replaceAll(match -> plugins.contains(match.group(1)) ? "1" : "0");
        Matcher can = IF_CAN.matcher(text);
        text = can.replaceAll(match -> canDo(match.group(1)) ? "1" : "0");
        text = text.replaceAll("\\bperl_version\\b", "5.036").replaceAll("\\bversion\\b", String.valueOf(EMULATED_VERSION));
        try {
            return MetaExpression.parse(text).evaluate(ignored -> 0) != 0;
        } catch (IllegalArgumentException e) {
            problems.add("if (" + expression + "): not understood, taken as false");
            return false;
        }
    }

    /** {@code can(...)}: SpamAssassin 4.0.1's own features are there; a plugin's method only when the plugin is loaded. */
    private boolean canDo(String method) {
        if (method.startsWith("Mail::SpamAssassin::Conf::feature_")) {
            return true;
        }
        int last = method.lastIndexOf("::");
        return last > 0 && plugins.contains(method.substring(0, last)) && !method.endsWith("has_arc");
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
