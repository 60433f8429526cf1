package org.gatehouse.dlp;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * A tenant's own pattern, compiled with RE2J so that matching stays linear in the text whatever the pattern (no
 * backtracking for a hostile message to exploit). Each distinct matched text counts once.
 */
final class CustomPatternDetector implements Detector {
    private final String id;
    private final Pattern pattern;
    private final long size;

    CustomPatternDetector(String id, Pattern pattern, long size) {
        this.id = id;
        this.pattern = pattern;
        this.size = size;
    }

    /** The pattern's estimated compiled size ({@link PatternSize}): its cost per character scanned. */
    long size() {
        return size;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.CUSTOM;
    }

    @Override
    public String label() {
        return "matches of pattern " + id;
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        Matcher matcher = pattern.matcher(text.text());
        while (matcher.find()) {
            if (matcher.end() > matcher.start()) {
                String value = matcher.group();
                hits.add(value, Masks.generic(value));
            }
        }
    }
}
