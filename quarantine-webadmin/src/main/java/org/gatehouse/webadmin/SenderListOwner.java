package org.gatehouse.webadmin;

import java.util.Optional;

import org.gatehouse.sender.policy.SenderLists;

import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Request;

/** Whose sender lists a request edits, and how its versioned policy document is read and written. */
interface SenderListOwner {
    /** The current version: its number, its document (a copy the caller may change) and its lists. */
    record Current(int version, ObjectNode document, SenderLists lists) {
    }

    /** @throws spark.HaltException 404 when the request names no existing owner */
    Current current(Request request);

    /** Validates and stores the document as a new version; returns its number. */
    int save(Request request, ObjectNode document, String author, Optional<String> comment);

    /** The owner, as error messages name it: {@code tenant 'acme'}, {@code the global lists}. */
    String describe(Request request);
}
