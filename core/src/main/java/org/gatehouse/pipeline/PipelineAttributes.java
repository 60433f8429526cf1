package org.gatehouse.pipeline;

/**
 * Names of the mail attributes Gatehouse sets while a message crosses the pipeline. All hold strings, so they
 * survive the mail queue and mail repositories.
 */
public final class PipelineAttributes {
    /** The tenant a message part is processed for. */
    public static final String TENANT = "org.gatehouse.tenant";
    /** {@code inbound}, {@code outbound} or {@code system}. */
    public static final String DIRECTION = "org.gatehouse.direction";
    /**
     * Whom the message is for, decided once at the SMTP stage ({@link org.gatehouse.tenant.MessageTenants#toJson()}):
     * the relay tenant (outbound) and each recipient's owner (inbound). TenantRouting splits by it.
     */
    public static final String TENANTS = "org.gatehouse.tenants";
    /**
     * On a part that is outbound for the relay tenant and then inbound for a recipient's tenant (tenant A's relay client
     * writing to tenant B): the inbound tenant, and its message-log record, as {@code tenant logId}.
     */
    public static final String THEN_INBOUND = "org.gatehouse.thenInbound";
    /**
     * On a relay tenant's part that goes on to another tenant's inbound checks: the relay tenant that signs it with DKIM
     * once those checks have changed what they change (Subject tag, headers), and its message-log record, as
     * {@code tenant logId}. Set and consumed by {@code SignDkim}.
     */
    public static final String DKIM_SIGN_AFTER_INBOUND = "org.gatehouse.dkimSignAfterInbound";
    /** Every message-log record this part is on (comma-separated): its final disposition is written to each. */
    public static final String LOG_IDS = "org.gatehouse.logIds";
    /**
     * Every decision the end of DATA made, for every tenant and role, with the policy version each was made under
     * ({@link Decision#write}).
     */
    public static final String DECISIONS = "org.gatehouse.decisions";
    /** The message log record of this part. */
    public static final String LOG_ID = "org.gatehouse.logId";

    /** JSON of every tenant's sender verdict, by tenant id ({@link org.gatehouse.verdict.VerdictJson}). */
    public static final String SENDER_VERDICTS = "org.gatehouse.senderVerdicts";
    /** JSON of every tenant's spam-score decision, by tenant id ({@link org.gatehouse.scoring.ScoreDecision#write}). */
    public static final String SCORE_DECISIONS = "org.gatehouse.scoreDecisions";
    /** JSON of the antivirus verdict of the message (key {@code AntivirusFindings.CHECK}, {@link org.gatehouse.verdict.VerdictJson}). */
    public static final String ANTIVIRUS = "org.gatehouse.antivirus";
    /** JSON of every tenant's content-policy verdict, by tenant id ({@link org.gatehouse.verdict.VerdictJson}). */
    public static final String CONTENT_VERDICTS = "org.gatehouse.contentVerdicts";
    /** JSON {tenant: [{"section", "path", "reason"}]}: the top-level MIME parts a content {@code strip} action removes. */
    public static final String CONTENT_STRIPS = "org.gatehouse.contentStrips";
    /** How the message reached the gateway: {@code TLSv1.3 TLS_AES_256_GCM_SHA384}, or {@code none} for plaintext. */
    public static final String TLS = "org.gatehouse.tls";
    /** The Authentication-Results method results, one per line. */
    public static final String AUTHENTICATION_RESULTS = "org.gatehouse.authenticationResults";

    private PipelineAttributes() {
    }
}
