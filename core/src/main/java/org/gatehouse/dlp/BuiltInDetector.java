package org.gatehouse.dlp;

import java.util.Arrays;
import java.util.Optional;

/** The detectors Gatehouse ships, by the stable id rules name them with (docs/dlp.md lists their validation). */
public enum BuiltInDetector {
    PAYMENT_CARD(new PaymentCardDetector()),
    IBAN(new IbanDetector()),
    US_SSN(new UsSsnDetector()),
    UK_NINO(new UkNinoDetector()),
    US_NPI(new UsNpiDetector()),
    ICD10_MEDICAL(new Icd10Detector()),
    EMAIL_LIST(new EmailListDetector()),
    PHONE_LIST(new PhoneListDetector());

    private final Detector detector;

    BuiltInDetector(Detector detector) {
        if (!detector.id().equals(name())) {
            throw new IllegalStateException(detector.id() + " registered as " + name());
        }
        this.detector = detector;
    }

    public String id() {
        return name();
    }

    public DlpCategory category() {
        return detector.category();
    }

    /** Distinct values a message needs before this detector reports (20 for the bulk lists, else 1). */
    public int floor() {
        return detector.floor();
    }

    Detector detector() {
        return detector;
    }

    public static Optional<BuiltInDetector> byId(String id) {
        return Arrays.stream(values()).filter(candidate -> candidate.name().equals(id)).findFirst();
    }
}
