package org.gatehouse.scoring.external;

import java.io.IOException;

/**
 * The engine answered with an error or with a reply Gatehouse cannot read. Its message is written by Gatehouse from
 * fixed words, status codes and numbers only, never copied from the reply, so it is safe in a finding's reason.
 */
final class EngineReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    EngineReplyException(String safeReason) {
        super(safeReason);
    }
}
