package org.gatehouse.dlp;

import java.util.Map;

/**
 * IBANs: a country of the SWIFT IBAN registry, two check digits and the country's BBAN length, upper case, written
 * whole ({@code DE89370400440532013000}) or in groups of four separated by single spaces; the ISO 7064 mod-97 check
 * must give 1.
 */
final class IbanDetector implements Detector {
    static final String ID = "IBAN";

    /** The IBAN length of every country in the SWIFT IBAN registry (release 99, 2025). */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(
        Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
        Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
        Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
        Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
        Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
        Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
        Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HN", 28), Map.entry("HR", 21),
        Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
        Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
        Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
        Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
        Map.entry("MN", 20), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28),
        Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28),
        Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22),
        Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24),
        Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25),
        Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
        Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

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
        return "IBANs";
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        int i = 0;
        while (i + 4 <= text.length()) {
            int end = ibanAt(text, i);
            if (end > 0) {
                String compact = compact(text.text(), i, end);
                hits.add(compact, Masks.iban(compact));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** The end of the IBAN starting at {@code start}, or -1. Reads at most 42 characters: linear overall. */
    private static int ibanAt(ScanText text, int start) {
        if (!ScanText.isUpper(text.charAt(start)) || !ScanText.isUpper(text.charAt(start + 1))
            || !ScanText.isDigit(text.charAt(start + 2)) || !ScanText.isDigit(text.charAt(start + 3))
            || (start > 0 && ScanText.isAlnum(text.charAt(start - 1)))) {
            return -1;
        }
        Integer length = LENGTHS.get(text.text().substring(start, start + 2));
        if (length == null) {
            return -1;
        }
        int end = readGroups(text, start, length, false);
        if (end < 0) {
            end = readGroups(text, start, length, true);
        }
        if (end < 0 || !text.standsAloneAfter(end)) {
            return -1;
        }
        return isValid(compact(text.text(), start, end)) ? end : -1;
    }

    /** Reads {@code length} upper-case letters and digits, with a single space after every fourth when {@code spaced}. */
    private static int readGroups(ScanText text, int start, int length, boolean spaced) {
        int i = start;
        for (int read = 0; read < length; read++) {
            if (spaced && read > 0 && read % 4 == 0) {
                if (i >= text.length() || text.charAt(i) != ' ') {
                    return -1;
                }
                i++;
            }
            if (i >= text.length() || !(ScanText.isUpper(text.charAt(i)) || ScanText.isDigit(text.charAt(i)))) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static String compact(String text, int start, int end) {
        return text.substring(start, end).replace(" ", "");
    }

    /** The mod-97 check (ISO 13616): the first four characters moved to the end, letters as 10–35, remainder 1. */
    static boolean isValid(String compact) {
        Integer length = LENGTHS.get(compact.substring(0, 2));
        if (length == null || compact.length() != length) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int value = ScanText.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }
}
