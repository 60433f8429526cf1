package org.gatehouse.quarantine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index in a directory, as the gateway runs it: the contract, plus what only a directory has. */
class OnDiskQuarantineIndexTest implements QuarantineIndexContract {
    @TempDir
    Path directory;
    private QuarantineIndex index;

    @BeforeEach
    void open() {
        index = QuarantineIndex.open(directory);
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    @Override
    public QuarantineIndex index() {
        return index;
    }

    private void reopen() {
        index.close();
        index = null;
        index = QuarantineIndex.open(directory);
    }

    private static List<Path> segmentsFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segments_")).toList();
        }
    }

    @Test
    void openShouldFindCommittedEntriesWhenIndexIsReopened() {
        addSample();
        QuarantineEntry a = index.get("a").orElseThrow();
        index.commit();

        reopen();

        assertThat(index.count()).isEqualTo(5);
        assertThat(index.get("a")).contains(a);
        assertThat(QuarantineIndexContract.ids(index.search(QuarantineQuery.all().withText("rolex")))).containsExactly("a");
    }

    @Test
    void closeShouldKeepUncommittedWritesWhenIndexIsClosed() {
        index.add(QuarantineIndexContract.entry("x", T0), "kept on close");

        reopen();

        assertThat(index.ids()).containsExactly("x");
    }

    @Test
    void openShouldCreateTheDirectoryWhenItIsAbsent() {
        Path nested = directory.resolve("a/b/index");

        try (QuarantineIndex created = QuarantineIndex.open(nested)) {
            created.add(QuarantineIndexContract.entry("x", T0), "text");
            assertThat(created.count()).isEqualTo(1);
        }
        assertThat(nested).isDirectory();
    }

    @Test
    void openShouldFailWhenIndexIsCorrupt() throws IOException {
        addSample();
        index.close();
        index = null;
        for (Path segments : segmentsFiles(directory)) {
            Files.writeString(segments, "not a Lucene commit point", StandardCharsets.US_ASCII);
        }

        assertThatThrownBy(() -> QuarantineIndex.open(directory)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void openOrRecreateShouldStartEmptyWhenIndexIsCorrupt() throws IOException {
        addSample();
        index.close();
        index = null;
        for (Path segments : segmentsFiles(directory)) {
            Files.writeString(segments, "not a Lucene commit point", StandardCharsets.US_ASCII);
        }

        index = QuarantineIndex.openOrRecreate(directory);

        assertThat(index.count()).isZero();
        addSample();
        assertThat(QuarantineIndexContract.ids(index.search(QuarantineQuery.all().withText("cheap")))).containsExactly("d", "a");
        reopen();
        assertThat(index.count()).isEqualTo(5);
    }

    @Test
    void openOrRecreateShouldStartEmptyWhenSegmentFilesAreTruncated() throws IOException {
        addSample();
        index.close();
        index = null;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("_")).toList()) {
                Files.write(file, new byte[3]);
            }
        }

        index = QuarantineIndex.openOrRecreate(directory);

        assertThat(index.count()).isZero();
    }

    @Test
    void openOrRecreateShouldKeepTheIndexWhenItIsReadable() {
        addSample();
        index.close();
        index = null;

        index = QuarantineIndex.openOrRecreate(directory);

        assertThat(index.count()).isEqualTo(5);
    }

    @Test
    void openOrRecreateShouldFailAndKeepTheIndexWhenAnotherWriterHoldsIt() {
        addSample();
        index.commit();

        assertThatThrownBy(() -> QuarantineIndex.openOrRecreate(directory)).isInstanceOf(UncheckedIOException.class);

        reopen();
        assertThat(index.count()).isEqualTo(5);
    }
}
