package org.gatehouse.dlp;

import java.util.List;

/**
 * US National Provider Identifiers: ten digits starting with 1 or 2 whose last digit is the Luhn check digit of
 * {@code 80840} followed by the first nine, within {@link UsSsnDetector#CONTEXT_WINDOW} words of {@code NPI} or
 * {@code national provider}: ten digits alone are as often a phone number.
 */
final class UsNpiDetector implements Detector {
    static final String ID = "US_NPI";
    static final List<String> CONTEXT_TERMS = List.of("npi", "npis", "national provider", "national provider identifier");
    private static final PhraseSet CONTEXT = new PhraseSet(CONTEXT_TERMS);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.HIPAA;
    }

    @Override
    public String label() {
        return "US NPI numbers";
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        PhraseSet.Proximity[] context = new PhraseSet.Proximity[1];
        DigitRuns.find(text.text(), "", run -> {
            if (run.length(0) != 10 || !text.standsAloneBefore(run.start()) || !text.standsAloneAfter(run.end())) {
                return;
            }
            String digits = run.digits(text.text(), 0, 0);
            if (!isValid(digits)) {
                return;
            }
            if (context[0] == null) {
                context[0] = CONTEXT.proximity(text.words());
            }
            int word = text.words().indexAt(run.start());
            if (context[0].near(word, word, UsSsnDetector.CONTEXT_WINDOW)) {
                hits.add(digits, Masks.npi(digits));
            }
        });
    }

    static boolean isValid(String digits) {
        return digits.length() == 10 && (digits.charAt(0) == '1' || digits.charAt(0) == '2') && Luhn.isValid("80840" + digits);
    }
}
