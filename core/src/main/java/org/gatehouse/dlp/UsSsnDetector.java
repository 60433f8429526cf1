package org.gatehouse.dlp;

import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: area 001–899 but not 666, group 01–99, serial 0001–9999, and not one of the numbers
 * published as examples. Written {@code 123-45-6789} it counts alone; written {@code 123456789} or {@code 123 45 6789}
 * it counts only within {@link #CONTEXT_WINDOW} words of a term such as {@code SSN} or {@code social security}, since
 * nine bare digits are far more often something else.
 */
final class UsSsnDetector implements Detector {
    static final String ID = "US_SSN";
    static final int CONTEXT_WINDOW = 20;
    static final List<String> CONTEXT_TERMS = List.of("ssn", "ssns", "ss#", "social security", "soc sec", "ssa",
        "social security number", "social security no");
    /** Numbers made public (the Woolworth wallet card, an SSA advertisement): not anyone's. */
    static final Set<String> PUBLISHED = Set.of("078051120", "219099999");
    private static final PhraseSet CONTEXT = new PhraseSet(CONTEXT_TERMS);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.PII;
    }

    @Override
    public String label() {
        return "US social security numbers";
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        PhraseSet.Proximity[] context = new PhraseSet.Proximity[1];
        DigitRuns.find(text.text(), "- ", run -> {
            boolean dashed = run.size == 3 && run.length(0) == 3 && run.length(1) == 2 && run.length(2) == 4
                && run.sameSeparator(0, 2);
            boolean bare = run.size == 1 && run.length(0) == 9;
            if (!(dashed || bare) || !text.standsAloneBefore(run.start()) || !text.standsAloneAfter(run.end())) {
                return;
            }
            String digits = run.digits(text.text(), 0, run.size - 1);
            if (!isValid(digits)) {
                return;
            }
            if (!(dashed && run.separators[0] == '-')) {
                if (context[0] == null) {
                    context[0] = CONTEXT.proximity(text.words());
                }
                Words words = text.words();
                if (!context[0].near(words.indexAt(run.start()), words.indexAt(run.end()) - 1, CONTEXT_WINDOW)) {
                    return;
                }
            }
            hits.add(digits, Masks.ssn(digits));
        });
    }

    /** The SSA's rules for an assigned number, nine digits. */
    static boolean isValid(String digits) {
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !PUBLISHED.contains(digits);
    }
}
