package org.gatehouse.scoring.spamassassin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's 280-message corpus (SpamAssassin public corpus subset, core's test resources), in a fixed order. */
final class ProjectCorpus {
    private ProjectCorpus() {
    }

    static List<Path> messages() throws URISyntaxException, IOException {
        Path root = Path.of(ProjectCorpus.class.getResource("/corpora/spamassassin-public-corpus").toURI());
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("easy_ham", "easy_ham_2", "hard_ham", "spam", "spam_2")) {
            try (Stream<Path> paths = Files.list(root.resolve(folder))) {
                files.addAll(paths.filter(Files::isRegularFile).sorted().toList());
            }
        }
        return files;
    }
}
