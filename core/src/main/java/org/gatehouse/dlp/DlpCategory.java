package org.gatehouse.dlp;

/** The kinds of sensitive data a DLP rule can name at once instead of listing detectors one by one. */
public enum DlpCategory {
    /** Payment card data (PCI DSS). */
    PCI,
    /** Health data: provider identifiers and diagnosis codes (HIPAA). */
    HIPAA,
    /** Personal identifiers: national numbers, bank accounts, bulk address and phone lists. */
    PII,
    /** The tenant's own patterns and keyword lists. */
    CUSTOM
}
