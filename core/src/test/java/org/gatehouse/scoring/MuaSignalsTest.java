package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.scoring.SignalsTest.evaluate;
import static org.gatehouse.scoring.SignalsTest.message;

import org.junit.jupiter.api.Test;

class MuaSignalsTest {
    @Test
    void spamwareShouldFireWhenTheMailerNamesABulkMailer() {
        assertThat(evaluate(MuaSignals.X_MAILER_SPAMWARE, message("X-Mailer: QuickSender 1.05\n\nbody\n")))
                .contains("X-Mailer names the bulk mailer \"quicksender\": QuickSender 1.05");
        assertThat(evaluate(MuaSignals.X_MAILER_SPAMWARE, message("User-Agent: Send-Safe Mailer\n\nbody\n"))).isPresent();
        assertThat(evaluate(MuaSignals.X_MAILER_SPAMWARE, message("X-Mailer: Mozilla Thunderbird 115.3\n\nbody\n"))).isEmpty();
    }

    @Test
    void forgedOutlookShouldFireWhenTheMessageIdIsNotOneOutlookWrites() {
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook Express 6.00.2600.0000
                X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000
                Message-Id: <200208221955.UAA06531@webnote.net>

                body
                """))).hasValueSatisfying(reason -> assertThat(reason).contains("a Message-ID Outlook does not write"));
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook, Build 10.0.2627
                Message-Id: <000a33e70a8b$5144d5e1$0ae40bb3@ehypae>

                body
                """))).isPresent();
    }

    @Test
    void forgedOutlookShouldFireWhenOutlookExpressWroteNoMimeOle() {
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook Express 6.00.2600.0000
                Message-Id: <000c01c25b25$dbaa64d0$aca80a44@viper>

                body
                """))).hasValueSatisfying(reason -> assertThat(reason).contains("without the X-MimeOLE field"));
    }

    @Test
    void forgedOutlookShouldFireWhenOutlookPriorityComesFromAnotherMailer() {
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Mail for AOL V. 2.3
                X-MSMail-Priority: High

                body
                """))).contains("Outlook's X-MSMail-Priority field from X-Mailer Mail for AOL V. 2.3");
    }

    @Test
    void forgedOutlookShouldNotFireWhenTheHeadersAreOutlooksOwn() {
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook Express 6.00.2600.0000
                X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000
                X-MSMail-Priority: Normal
                Message-Id: <000c01c25b25$dbaa64d0$aca80a44@viper>

                body
                """))).isEmpty();
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook 16.0
                Message-ID: <003801d6b5c4$6ab1a7e0$4014f7a0$@example.com>

                body
                """))).isEmpty();
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook IMO, Build 9.0.2416 (9.0.2911.0)
                Message-Id: <AMEPKEBLDJJCCDEJHAMIGEFKFFAA.ejw@cse.example.edu>
                X-MimeOLE: Produced By Microsoft MimeOLE V5.50.4133.2400

                body
                """))).isEmpty();
        assertThat(evaluate(MuaSignals.X_MAILER_FORGED_OUTLOOK, message("""
                X-Mailer: Microsoft Outlook Express 5.50.4133.2400
                X-MimeOLE: Produced By Microsoft MimeOLE V5.50.4133.2400
                Message-Id: <DAV586rsI7MixUt4KuM00002a80@hotmail.com>

                body
                """))).isEmpty();
    }

    @Test
    void randomMailerShouldFireWhenTheMailerIsOneMixedToken() {
        assertThat(evaluate(MuaSignals.X_MAILER_RANDOM, message("X-Mailer: r0AkzpUU4cjo0KGo3lCruA5aS\n\nbody\n")))
                .contains("random-looking X-Mailer r0AkzpUU4cjo0KGo3lCruA5aS");
        assertThat(evaluate(MuaSignals.X_MAILER_RANDOM, message("X-Mailer: Sylpheed\n\nbody\n"))).isEmpty();
        assertThat(evaluate(MuaSignals.X_MAILER_RANDOM, message("X-Mailer: MailChimpMailer\n\nbody\n"))).isEmpty();
        assertThat(evaluate(MuaSignals.X_MAILER_RANDOM, message("X-Mailer: Mailer2000\n\nbody\n"))).isEmpty();
    }

    @Test
    void messageIdAddedByRelayShouldFireWhenAReceivedFieldIsBelowIt() {
        assertThat(evaluate(MuaSignals.MESSAGE_ID_ADDED_BY_RELAY, message("""
                Received: from relay.example.net (relay.example.net [192.0.2.1]) by mx.example.org; Thu, 22 Aug 2002 20:55:12 +0100
                Message-Id: <200208221955.UAA06531@relay.example.net>
                Received: from 198.51.100.7 (client [198.51.100.7]) by relay.example.net; Thu, 22 Aug 2002 11:37:45 -0700

                body
                """))).hasValueSatisfying(reason -> assertThat(reason).startsWith("Message-ID added by a relay"));
    }

    @Test
    void messageIdAddedByRelayShouldFireWhenItCarriesTheQueueIdOfAHopFromTheNetwork() {
        assertThat(evaluate(MuaSignals.MESSAGE_ID_ADDED_BY_RELAY, message("""
                Received: from smtp.example.com ([203.0.113.76]) by relay.example.de (8.11.6/8.11.6) with SMTP id g8I5npm71763; Wed, 18 Sep 2002 07:49:52 +0200
                Message-Id: <200209180549.g8I5npm71763@relay.example.de>

                body
                """))).contains("Message-ID made by relay.example.de (its queue id g8I5npm71763) for a message received from 203.0.113.76");
    }

    @Test
    void messageIdAddedByRelayShouldNotFireWhenTheClientWroteItOrSubmittedLocally() {
        assertThat(evaluate(MuaSignals.MESSAGE_ID_ADDED_BY_RELAY, message("""
                Received: from client.example.com ([203.0.113.76]) by relay.example.de with ESMTP id 4FD6F1143D6; Wed, 18 Sep 2002 07:49:52 +0200
                Message-Id: <3f2a9c@client.example.com>

                body
                """))).isEmpty();
        assertThat(evaluate(MuaSignals.MESSAGE_ID_ADDED_BY_RELAY, message("""
                Received: by oak.example.cz (Postfix, from userid 1002) id CEEB11BED5; Wed,  4 Sep 2002 16:51:28 +0200 (CEST)
                Message-Id: <20020904145120.CEEB11BED5@oak.example.cz>

                body
                """))).isEmpty();
    }
}
