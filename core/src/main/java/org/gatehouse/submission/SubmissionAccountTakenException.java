package org.gatehouse.submission;

/** The login belongs to another tenant's account already: logins are one namespace. */
public class SubmissionAccountTakenException extends RuntimeException {
    public SubmissionAccountTakenException(String login) {
        super("submission account " + login + " exists already");
    }
}
