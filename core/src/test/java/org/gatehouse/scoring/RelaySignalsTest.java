package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.SignalsTest.evaluate;
import static org.gatehouse.scoring.SignalsTest.message;

import org.junit.jupiter.api.Test;

class RelaySignalsTest {
    @Test
    void heloBareIpShouldFireWhenAPublicClientGreetsWithAnUnbracketedAddress() {
        assertThat(evaluate(RelaySignals.RECEIVED_HELO_BARE_IP, message(
                "Received: from 65.113.29.188 (SERVER3 [65.113.29.188]) by mx.example.com with SMTP; Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n")))
                .contains("HELO 65.113.29.188 from 65.113.29.188");
        assertThat(evaluate(RelaySignals.RECEIVED_HELO_BARE_IP, message(
                "Received: from [65.113.29.188] (client.example.net [65.113.29.188]) by mx.example.com; Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n")))
                .isEmpty();
        assertThat(evaluate(RelaySignals.RECEIVED_HELO_BARE_IP, message(
                "Received: from 192.168.0.2 (pc [192.168.0.2]) by gateway.example.com; Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n")))
                .isEmpty();
    }

    @Test
    void noReverseDnsShouldFireWhenAPublicHopIsUnknown() {
        assertThat(evaluate(RelaySignals.RECEIVED_NO_REVERSE_DNS, message(
                "Received: from mail.example.net (unknown [203.0.113.9]) by mx.example.com (Postfix); Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n")))
                .contains("no reverse DNS for 203.0.113.9");
        assertThat(evaluate(RelaySignals.RECEIVED_NO_REVERSE_DNS, message(
                "Received: from 203.0.113.9 (EHLO mail.example.net) ([203.0.113.9]) by mx.example.com (JAMES SMTP Server) with ESMTP ID 1;"
                        + " Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n"))).isPresent();
        assertThat(evaluate(RelaySignals.RECEIVED_NO_REVERSE_DNS, message(
                "Received: from unknown (HELO h) (192.168.0.2) by linux.local with SMTP; 24 Aug 2002 12:48:45 -0000\n\nbody\n")))
                .isEmpty();
        assertThat(evaluate(RelaySignals.RECEIVED_NO_REVERSE_DNS, message(
                "Received: from mail.example.net (mail.example.net [203.0.113.9]) by mx.example.com; Thu, 22 Aug 2002 11:37:45 -0700\n\nbody\n")))
                .isEmpty();
    }

    @Test
    void receivedDateInvalidShouldFireWhenAHopTimeStampDoesNotParse() {
        assertThat(evaluate(RelaySignals.RECEIVED_DATE_INVALID, message(
                "Received: from [63.85.85.236] by smtp.example.com with SMTP; Aug, 25 2002 10:41:40 PM -0000\n\nbody\n")))
                .contains("Received time stamp does not parse: Aug, 25 2002 10:41:40 PM -0000");
        assertThat(evaluate(RelaySignals.RECEIVED_DATE_INVALID, message(
                "Received: (qmail 7382 invoked from network); 24 Aug 2002 12:48:45 -0000\n\nbody\n"))).isEmpty();
    }

    @Test
    void outOfOrderShouldFireWhenALowerHopIsStampedMuchLater() {
        String chain = """
                Received: from b.example.net ([203.0.113.2]) by c.example.com; Fri, 23 Aug 2002 20:34:12 +0100
                Received: from a.example.net ([203.0.113.1]) by b.example.net; %s

                body
                """;

        assertThat(evaluate(RelaySignals.RECEIVED_OUT_OF_ORDER, message(chain.formatted("Sat, 24 Aug 2002 21:35:22 -0600"))))
                .isPresent();
        assertThat(evaluate(RelaySignals.RECEIVED_OUT_OF_ORDER, message(chain.formatted("Fri, 23 Aug 2002 21:34:12 +0200"))))
                .isEmpty();
    }

    @Test
    void dateInFutureShouldFireWhenDateIsHoursAfterTheNewestReceived() {
        String headers = "Received: from a.example.net ([203.0.113.1]) by mx.example.com; Mon, 22 Jul 2002 01:22:26 +0000\nDate: %s\n\nbody\n";

        assertThat(evaluate(RelaySignals.DATE_IN_FUTURE, message(headers.formatted("Mon, 22 Jul 2002 10:44:50 +0000"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("is 9 hours after the newest Received"));
        assertThat(evaluate(RelaySignals.DATE_IN_FUTURE, message(headers.formatted("Mon, 22 Jul 2002 03:00:00 +0000")))).isEmpty();
        assertThat(evaluate(RelaySignals.DATE_IN_FUTURE, message("Date: Mon, 22 Jul 2002 10:44:50 +0000\n\nbody\n"))).isEmpty();
    }

    @Test
    void dateFarPastShouldFireWhenDateIsDaysBeforeTheNewestReceived() {
        String headers = "Received: from a.example.net ([203.0.113.1]) by mx.example.com; Mon, 22 Jul 2002 01:22:26 +0000\nDate: %s\n\nbody\n";

        assertThat(evaluate(RelaySignals.DATE_FAR_PAST, message(headers.formatted("Mon, 1 Jul 2002 10:00:00 +0000"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("is 20 days before the newest Received"));
        assertThat(evaluate(RelaySignals.DATE_FAR_PAST, message(headers.formatted("Sat, 20 Jul 2002 10:00:00 +0000")))).isEmpty();
    }

    @Test
    void freemailShouldFireWhenTheProviderNeverAppearsInTheChain() {
        String received = "Received: from %s by mx.example.org; Mon, 22 Jul 2002 01:22:26 +0000\nFrom: Jo <jo@yahoo.com>\n\nbody\n";

        assertThat(evaluate(RelaySignals.FREEMAIL_NOT_FROM_PROVIDER, message(received.formatted("mail.example.net ([61.179.116.50])"))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("From yahoo.com but no Received field mentions yahoo.com"));
        assertThat(evaluate(RelaySignals.FREEMAIL_NOT_FROM_PROVIDER,
                message(received.formatted("web13003.mail.yahoo.com (web13003.mail.yahoo.com [216.136.174.113])")))).isEmpty();
        assertThat(evaluate(RelaySignals.FREEMAIL_NOT_FROM_PROVIDER,
                message("Received: from mx.example.com by mx.example.org\nFrom: jo@example.com\n\nbody\n"))).isEmpty();
    }

    @Test
    void freemailShouldNotFireWhenYahooFromMentionsOnlyTheProvidersOwnName() {
        assertThat(evaluate(RelaySignals.FREEMAIL_NOT_FROM_PROVIDER, message(
                "Received: from sonic.example (sonic301.consmr.mail.ne1.yahoo.com [66.163.184.1]) by mx.example.org\n"
                        + "From: jo@aol.com\n\nbody\n"))).isEmpty();
    }

    @Test
    void returnPathMismatchShouldFireWhenBouncesGoElsewhereOutsideLists() {
        String headers = "From: a@shop.example\nReturn-Path: <b@bulk.example>\n";

        assertThat(evaluate(RelaySignals.RETURN_PATH_DOMAIN_MISMATCH, message(headers + "\nbody\n")))
                .contains("From domain shop.example but Return-Path domain bulk.example");
        assertThat(evaluate(RelaySignals.RETURN_PATH_DOMAIN_MISMATCH, message(headers + "List-Unsubscribe: <mailto:u@shop.example>\n\nbody\n")))
                .isEmpty();
        assertThat(evaluate(RelaySignals.RETURN_PATH_DOMAIN_MISMATCH,
                message("From: a@shop.example\nReturn-Path: <bounces@mail.shop.example>\n\nbody\n"))).isEmpty();
    }
}
