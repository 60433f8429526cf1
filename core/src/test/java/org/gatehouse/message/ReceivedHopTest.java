package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReceivedHopTest {
    @Test
    void parseShouldReadHeloReverseNameAndAddressWhenSendmailOrPostfixWroteTheHop() {
        ReceivedHop hop = ReceivedHop.parse("from freesource (user-24-214-168-210.knology.net [24.214.168.210]) by "
                + "mailbox-11.st1.spray.net (Postfix) with ESMTP id 2880E1FA26; Thu, 22 Aug 2002 19:24:10 +0200 (MEST)");

        assertThat(hop.helo()).contains("freesource");
        assertThat(hop.reverseName()).contains("user-24-214-168-210.knology.net");
        assertThat(hop.ip()).contains("24.214.168.210");
        assertThat(hop.by()).contains("mailbox-11.st1.spray.net");
        assertThat(hop.id()).contains("2880E1FA26");
        assertThat(hop.date()).contains(Instant.parse("2002-08-22T17:24:10Z"));
        assertThat(hop.dateInvalid()).isFalse();
        assertThat(hop.fromInternalAddress()).isFalse();
    }

    @Test
    void parseShouldReadTheHeloWhenQmailOrEximWroteTheHop() {
        ReceivedHop qmail = ReceivedHop.parse("from unknown (HELO anther.example.com) (154.108.153.99) by web.example.com with SMTP; "
                + "Sat, 24 Aug 2002 19:28:28 -0900");
        ReceivedHop exim = ReceivedHop.parse("from [203.0.113.5] (helo=client.example.net) by mx.example.org with esmtp (Exim 4.96) "
                + "id 1qXyZ-000abc-De; Mon, 02 Oct 2023 10:00:00 +0000");

        assertThat(qmail.helo()).contains("anther.example.com");
        assertThat(qmail.reverseName()).contains("unknown");
        assertThat(qmail.ip()).contains("154.108.153.99");
        assertThat(exim.helo()).contains("client.example.net");
        assertThat(exim.reverseName()).isEmpty();
        assertThat(exim.ip()).contains("203.0.113.5");
    }

    @Test
    void parseShouldReadTheHeloWhenJamesWroteTheHop() {
        ReceivedHop named = ReceivedHop.parse("from mail.example.net (EHLO mail.example.net) ([203.0.113.9]) by mx.example.org "
                + "(JAMES SMTP Server) with ESMTP ID 1a2b3c4d for <bob@example.org>; Mon, 2 Oct 2023 10:00:00 +0000 (UTC)");
        ReceivedHop unnamed = ReceivedHop.parse("from 203.0.113.9 (EHLO 203.0.113.9) ([203.0.113.9]) by mx.example.org "
                + "(JAMES SMTP Server) with ESMTP ID 1a2b3c4d; Mon, 2 Oct 2023 10:00:00 +0000 (UTC)");

        assertThat(named.helo()).contains("mail.example.net");
        assertThat(named.reverseName()).contains("mail.example.net");
        assertThat(named.ip()).contains("203.0.113.9");
        assertThat(named.id()).contains("1a2b3c4d");
        assertThat(named.withoutReverseDns()).isFalse();
        assertThat(unnamed.helo()).contains("203.0.113.9");
        assertThat(unnamed.withoutReverseDns()).isTrue();
    }

    @Test
    void parseShouldKeepABareIpHeloAndMarkInternalAddresses() {
        ReceivedHop bare = ReceivedHop.parse("from 65.113.29.188 (SERVER3 [65.113.29.188]) by relay.example.com; Thu, 22 Aug 2002 11:37:45 -0700");
        ReceivedHop local = ReceivedHop.parse("from localhost (localhost [127.0.0.1]) by mx.example.com (Postfix) with ESMTP id 1A60A43F9B");

        assertThat(bare.helo()).contains("65.113.29.188");
        assertThat(bare.reverseName()).contains("SERVER3");
        assertThat(local.fromInternalAddress()).isTrue();
        assertThat(local.date()).isEmpty();
        assertThat(local.dateInvalid()).isFalse();
    }

    @Test
    void parseShouldFlagATimeStampThatDoesNotParse() {
        ReceivedHop hop = ReceivedHop.parse("from [63.85.85.236] by smtp-server6.example.com with SMTP; Aug, 25 2002 10:41:40 PM -0000");

        assertThat(hop.date()).isEmpty();
        assertThat(hop.dateInvalid()).isTrue();
        assertThat(hop.helo()).contains("[63.85.85.236]");
        assertThat(hop.ip()).contains("63.85.85.236");
    }

    @Test
    void parseShouldLeaveEverythingEmptyWhenTheFieldHasNoFromClause() {
        ReceivedHop hop = ReceivedHop.parse("(qmail 7382 invoked from network); 24 Aug 2002 12:48:45 -0000");

        assertThat(hop.helo()).isEqualTo(Optional.empty());
        assertThat(hop.ip()).isEmpty();
        assertThat(hop.date()).contains(Instant.parse("2002-08-24T12:48:45Z"));
    }
}
