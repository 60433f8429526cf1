package org.gatehouse.scoring.learning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.gatehouse.message.Attachment;
import org.gatehouse.message.ParsedMessage;

/**
 * Which message a learning request is about, so that learning it twice does not count it twice: a SHA-256 over the
 * Message-ID, Date and Subject fields, the readable text and the attachments' names, types and sizes. Header fields
 * added on the way (Received, Return-Path, Delivered-To, X-Gatehouse-*) leave it unchanged, so the copy a user
 * submits from a mailbox is the message the gateway held.
 */
public final class MessageFingerprint {
    /** Hex SHA-256, 64 characters. */
    public static String of(ParsedMessage message) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        field(sha256, message.rawHeader("Message-ID").orElse("").trim());
        field(sha256, message.rawHeader("Date").orElse("").trim());
        field(sha256, message.subject());
        field(sha256, message.readableText());
        for (Attachment attachment : message.attachments()) {
            field(sha256, attachment.filename().orElse("") + "\u0000" + attachment.contentType() + "\u0000" + attachment.size());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    // length-prefixed, so that moving text from one field to the next changes the digest
    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) ':');
        sha256.update(bytes);
    }

    private MessageFingerprint() {
    }
}
