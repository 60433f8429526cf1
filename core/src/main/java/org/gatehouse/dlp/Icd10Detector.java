package org.gatehouse.dlp;

import java.util.List;
import java.util.Set;

/**
 * Health data: ICD-10 diagnosis codes within {@link #WINDOW} words of a medical term. A code is a chapter letter, two
 * digits (or one of the letter-ended categories such as {@code M1A}), and optionally a dot with 1–4 letters or
 * digits ({@code E11.9}, {@code S72.001A}); chapter U only as U07 and U09, its codes in use. Codes are upper case;
 * without the dot only the three-character category is read. Alone, {@code B12} or {@code M25} is as likely a vitamin
 * or a motorway, hence the terms.
 */
final class Icd10Detector implements Detector {
    static final String ID = "ICD10_MEDICAL";
    static final int WINDOW = 20;
    static final Set<String> LETTER_ENDED = Set.of("C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A");
    static final Set<String> CHAPTER_U = Set.of("U07", "U09");
    static final List<String> MEDICAL_TERMS = List.of(
        "diagnosis", "diagnoses", "diagnosed", "dx", "icd", "icd10", "patient", "patients", "treatment", "treatments",
        "treated", "prescription", "prescriptions", "prescribed", "medication", "medications", "medical", "clinical",
        "clinic", "hospital", "hospitalized", "hospitalised", "admission", "admitted", "discharge", "discharged",
        "symptom", "symptoms", "disorder", "disease", "condition", "therapy", "physician", "doctor", "surgery",
        "prognosis", "referral", "health record", "medical record", "comorbidity", "comorbidities", "chronic", "mrn",
        "encounter", "icd code", "diagnosis code", "billing code");
    private static final PhraseSet TERMS = new PhraseSet(MEDICAL_TERMS);
    private static final int MAX_EXTENSION = 4;

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
        return "ICD-10 codes near medical terms";
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        PhraseSet.Proximity terms = null;
        int i = 0;
        while (i + 3 <= text.length()) {
            int end = codeAt(text, i);
            if (end < 0) {
                i++;
                continue;
            }
            if (terms == null) {
                terms = TERMS.proximity(text.words());
            }
            Words words = text.words();
            if (terms.near(words.indexAt(i), words.indexAt(end) - 1, WINDOW)) {
                String code = text.text().substring(i, end);
                hits.add(code, Masks.diagnosisCode(code));
            }
            i = end;
        }
    }

    /** The end of the code starting at {@code start}, or -1; reads at most 8 characters. */
    static int codeAt(ScanText text, int start) {
        char letter = text.charAt(start);
        if (!ScanText.isUpper(letter) || (start > 0 && (ScanText.isAlnum(text.charAt(start - 1)) || text.charAt(start - 1) == '-'))
            || !ScanText.isDigit(text.charAt(start + 1))) {
            return -1;
        }
        String category = text.text().substring(start, start + 3);
        boolean valid = ScanText.isDigit(category.charAt(2)) ? letter != 'U' || CHAPTER_U.contains(category)
            : LETTER_ENDED.contains(category);
        if (!valid) {
            return -1;
        }
        int end = start + 3;
        if (end + 1 < text.length() && text.charAt(end) == '.' && isCodeChar(text.charAt(end + 1))) {
            int extension = end + 1;
            while (extension < text.length() && isCodeChar(text.charAt(extension)) && extension - end <= MAX_EXTENSION) {
                extension++;
            }
            end = extension;
        }
        return end >= text.length() || !(ScanText.isAlnum(text.charAt(end)) || text.charAt(end) == '_') ? end : -1;
    }

    private static boolean isCodeChar(char c) {
        return ScanText.isDigit(c) || ScanText.isUpper(c);
    }
}
