package org.gatehouse.smtp;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.antivirus.NamedPayload;
import org.gatehouse.antivirus.VirusScanReport;
import org.gatehouse.antivirus.VirusScanner;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.MessageTenants;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans every message with ClamAV at the end of DATA, before the 250 (inbound and outbound). Fail closed: when the
 * scan cannot complete (clamd down, timeout, error), the answer is {@code 451 4.7.0} (or, when the operator chose
 * {@code antivirus.action.onError=quarantine}, the message is accepted and held) — never delivered unscanned. A
 * message over clamd's size limit gets {@code antivirus.action.onTooLarge}. A virus is accepted and goes to the virus
 * quarantine (ApplyAntivirusVerdict), never to its recipients. Besides the raw message, clamd scans what the content
 * inspection unpacked from containers it cannot open itself (lz4, snappy, .Z, lzma, ar). A scan is complete only when
 * clamd could look at all of it: a clamd limit hit ({@code AlertExceedsMax}) or MIME parts nested deeper than clamd opens
 * ({@code antivirus.maxNesting}) is {@code VIRUS_SCAN_INCOMPLETE} ({@code antivirus.action.onIncomplete}, default hold).
 * No-op when no scanner is configured.
 */
public class AntivirusMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AntivirusMessageHook.class);
    private static final MimeStructure.Limits UNBOUNDED =
        new MimeStructure.Limits(MimeStructure.Limits.MAX_DEPTH_ALLOWED, Integer.MAX_VALUE, Integer.MAX_VALUE);
    private final Optional<VirusScanner> scanner;
    private final TransactionTenants transactionTenants;
    private final TenantPolicies policies;

    @Inject
    public AntivirusMessageHook(Optional<VirusScanner> scanner, TenantDirectory directory, TenantPolicies policies) {
        this.scanner = scanner;
        this.transactionTenants = new TransactionTenants(directory);
        this.policies = policies;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (scanner.isEmpty()) {
            return HookResult.DECLINED;
        }
        try {
            List<NamedPayload> extra = MessageInspection.of(session, mail).opaquePayloads().stream()
                .map(payload -> new NamedPayload(payload.path(), payload.content())).toList();
            byte[] received = ReceivedBytes.of(session, mail);
            Optional<MimeStructure> measured = MessageStructureHook.measured(session);
            int depth = measured.isPresent() ? measured.get().depth() : MimeStructure.scan(new ByteArrayInputStream(received), UNBOUNDED).depth();
            VirusScanReport report = scanner.get().scan(received, extra, depth);
            Verdict verdict = Verdict.of(report.findings());
            Action action = verdict.action();
            RefusalDetails.attach(session, verdict);
            if (action == Action.TEMPFAIL) {
                LOGGER.warn("Antivirus scan of a message from {} could not complete, answering 451: {}",
                    session.getRemoteAddress().getAddress().getHostAddress(), verdict.explanation());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.denySoft())
                    .smtpReturnCode("451")
                    .smtpDescription("4.7.0 The message could not be scanned for viruses, please try again later")
                    .build();
            }
            if (action == Action.BLOCK && verdict.ruleIds().contains(AntivirusFindings.VIRUS_SCAN_INCOMPLETE)) {
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("554")
                    .smtpDescription("5.6.0 Message refused: it could not be completely scanned for viruses")
                    .build();
            }
            if (action == Action.BLOCK) {
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("552")
                    .smtpDescription("5.3.4 Message too large to be scanned for viruses")
                    .build();
            }
            if (!report.isClean()) {
                LOGGER.info("Antivirus: message from {} ({}) held: {}", session.getRemoteAddress().getAddress().getHostAddress(),
                    mail.getMaybeSender().asString(""), report.findings().stream().map(Finding::explain).collect(Collectors.joining("; ")));
            }
            mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.ANTIVIRUS),
                AttributeValue.of(VerdictJson.write(Map.of(AntivirusFindings.CHECK, verdict)))));
            // one scan for the whole message, on record for every tenant it touches
            MessageTenants tenants = transactionTenants.of(session, mail);
            List<Decision> made = new ArrayList<>();
            for (TenantId tenant : tenants.allTenants()) {
                for (Direction direction : ContentPolicyMessageHook.roles(tenants, tenant)) {
                    made.add(Decision.of(AntivirusFindings.CHECK, Stage.DATA, tenant, direction,
                        policies.currentVersion(tenant).map(PolicyVersion::version).orElse(0), action, verdict.ruleIds()));
                }
            }
            return EndOfDataDecision.of(session).add(session, mail, tenants, made, Map.of());
        } catch (Exception e) {
            LOGGER.error("Antivirus scan failed for a message from {}: answering 451", session.getRemoteAddress(), e);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.denySoft())
                .smtpReturnCode("451")
                .smtpDescription("4.7.0 The message could not be scanned for viruses, please try again later")
                .build();
        }
    }
}
