package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DmarcRecordTest {
    @Test
    void parseShouldReadEveryTagItApplies() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; pct=30; adkim=s; aspf=s");

        assertThat(record).isEqualTo(new DmarcRecord(DmarcPolicy.REJECT, Optional.of(DmarcPolicy.QUARANTINE), 30,
            AlignmentMode.STRICT, AlignmentMode.STRICT, false));
    }

    @Test
    void parseShouldApplyTheDefaultsWhenOptionalTagsAreAbsent() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=quarantine");

        assertThat(record).isEqualTo(new DmarcRecord(DmarcPolicy.QUARANTINE, Optional.empty(), 100,
            AlignmentMode.RELAXED, AlignmentMode.RELAXED, false));
    }

    @Test
    void parseShouldTolerateReportingTagsUnknownTagsAndStrayText() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:agg@example.com; ruf=mailto:f@example.com;"
            + " fo=1:d; rf=afrf; ri=3600; np=reject; stray; x-future=1;");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(record.subdomainPolicy()).isEmpty();
        assertThat(record.policyAssumed()).isFalse();
    }

    @Test
    void parseShouldAllowWhitespaceAroundTagsAndIgnoreTheCaseOfNamesAndValues() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v = DMARC1 ;\tP = Reject ; SP=None ; ADKIM=S ; pct = 5 ;");

        assertThat(record).isEqualTo(new DmarcRecord(DmarcPolicy.REJECT, Optional.of(DmarcPolicy.NONE), 5,
            AlignmentMode.STRICT, AlignmentMode.RELAXED, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pct=150", "pct=-1", "pct=abc", "pct=", "pct=1000"})
    void parseShouldUseTheDefaultPercentageWhenPctIsInvalid(String pct) throws Exception {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; " + pct).percent()).isEqualTo(100);
    }

    @Test
    void parseShouldAcceptTheBoundsOfPct() throws Exception {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=0").percent()).isZero();
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=100").percent()).isEqualTo(100);
    }

    @Test
    void parseShouldUseRelaxedAlignmentWhenAdkimOrAspfIsInvalid() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=reject; adkim=strict; aspf=x");

        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
    }

    @Test
    void parseShouldThrowWhenTheVersionIsMissing() {
        assertThatThrownBy(() -> DmarcRecord.parse("p=reject; sp=none"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessageContaining("v=DMARC1");
    }

    @Test
    void parseShouldThrowWhenTheVersionIsNotTheFirstTag() {
        assertThatThrownBy(() -> DmarcRecord.parse("p=reject; v=DMARC1"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessageContaining("v=DMARC1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=DMARC2; p=reject", "v=DMARC10; p=reject", "v=dmarc1; p=reject", " v=DMARC1; p=reject",
        "v=spf1 -all", ""})
    void isDmarcRecordShouldBeFalseWhenTheRecordDoesNotStartWithVersionOne(String txt) {
        assertThat(DmarcRecord.isDmarcRecord(txt)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=DMARC1; p=reject", "V=DMARC1;p=none", "v = DMARC1 ; p=none", "v=DMARC1"})
    void isDmarcRecordShouldBeTrueWhenTheRecordStartsWithVersionOne(String txt) {
        assertThat(DmarcRecord.isDmarcRecord(txt)).isTrue();
    }

    @Test
    void parseShouldThrowWhenPIsMissingAndThereIsNoRua() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; sp=reject; pct=100"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessage("the p tag is missing and there is no valid rua to fall back to p=none");
    }

    @Test
    void parseShouldThrowWhenPIsInvalidAndThereIsNoRua() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=block"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessageStartingWith("p=block is not none, quarantine or reject");
    }

    @Test
    void parseShouldThrowWhenSpIsInvalidAndThereIsNoRua() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=reject; sp=drop"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessageStartingWith("sp=drop is not none, quarantine or reject");
    }

    @Test
    void parseShouldThrowWhenTheRuaHoldsNoValidUri() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=block; rua=dmarc reports"))
            .isInstanceOf(InvalidDmarcRecordException.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=block; rua=agg@example.com"))
            .isInstanceOf(InvalidDmarcRecordException.class);
    }

    @Test
    void parseShouldAssumePNoneWhenPIsMissingAndRuaIsValid() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; rua=mailto:agg@example.com; adkim=s");

        assertThat(record).isEqualTo(new DmarcRecord(DmarcPolicy.NONE, Optional.empty(), 100,
            AlignmentMode.STRICT, AlignmentMode.RELAXED, true));
    }

    @Test
    void parseShouldAssumePNoneWithoutSpWhenSpIsInvalidAndRuaIsValid() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=reject; sp=drop; rua=bad uri,mailto:agg@example.com!10m");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(record.subdomainPolicy()).isEmpty();
        assertThat(record.policyAssumed()).isTrue();
    }

    @Test
    void parseShouldThrowWhenATagAppearsTwice() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=none; P=reject"))
            .isInstanceOf(InvalidDmarcRecordException.class)
            .hasMessage("the tag p appears more than once");
    }

    @Test
    void policyForShouldUseSpForSubdomainsAndPOtherwise() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=reject; sp=none");

        assertThat(record.policyFor(false)).isEqualTo(DmarcPolicy.REJECT);
        assertThat(record.policyFor(true)).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void policyForShouldUsePForSubdomainsWhenSpIsAbsent() throws Exception {
        assertThat(DmarcRecord.parse("v=DMARC1; p=quarantine").policyFor(true)).isEqualTo(DmarcPolicy.QUARANTINE);
    }
}
