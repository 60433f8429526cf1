package org.gatehouse.scoring.spamassassin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where SpamAssassin's rules are read from, in SpamAssassin's own order: the newest sa-update directory
 * ({@code /var/lib/spamassassin/<version>/updates_spamassassin_org}) when sa-update has run, otherwise the packaged
 * default rules ({@code /usr/share/spamassassin}); then the site directory ({@code /etc/spamassassin}), whose
 * {@code .pre} files say which plugins are loaded and whose {@code .cf} files (local.cf) come last.
 *
 * @param defaultRules the directory of the shipped or sa-updated rules, if any
 * @param siteRules the local configuration directory, if any
 */
public record RuleFiles(Optional<Path> defaultRules, Optional<Path> siteRules) {
    public static final Path SA_UPDATE_ROOT = Path.of("/var/lib/spamassassin");
    public static final Path PACKAGED_RULES = Path.of("/usr/share/spamassassin");
    public static final Path SITE_RULES = Path.of("/etc/spamassassin");

    /** The system places, as spamd finds them. */
    public static RuleFiles system() {
        return of(newestUpdate(SA_UPDATE_ROOT).or(() -> existing(PACKAGED_RULES)), existing(SITE_RULES));
    }

    /**
     * From a configured list of directories (the {@code scoring.spamassassin.rules} setting): the first is the
     * default rules directory, a second the site directory. Missing directories are left out.
     */
    public static RuleFiles configured(List<Path> directories) {
        Optional<Path> first = directories.isEmpty() ? Optional.empty() : existing(directories.get(0));
        Optional<Path> second = directories.size() < 2 ? Optional.empty() : existing(directories.get(1));
        return of(first, second);
    }

    public static RuleFiles of(Optional<Path> defaultRules, Optional<Path> siteRules) {
        return new RuleFiles(defaultRules, siteRules);
    }

    /** True when there is no rule at all to read: the scorer then runs without SpamAssassin rules and says so. */
    public boolean isEmpty() {
        return defaultRules.isEmpty();
    }

    /** The {@code .pre} files, then the {@code .cf} files, each directory in name order, as SpamAssassin reads them. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String extension : List.of(".pre", ".cf")) {
            for (Optional<Path> directory : List.of(defaultRules, siteRules)) {
                if (directory.isPresent()) {
                    files.addAll(list(directory.get(), extension));
                }
            }
        }
        return files;
    }

    private static List<Path> list(Path directory, String extension) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(extension) && Files.isRegularFile(path))
                .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                .toList();
        }
    }

    private static Optional<Path> existing(Path directory) {
        return Files.isDirectory(directory) ? Optional.of(directory) : Optional.empty();
    }

    private static Optional<Path> newestUpdate(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("updates_spamassassin_org"))
                .filter(Files::isDirectory)
                .max(Comparator.comparing(path -> path.getParent().getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
