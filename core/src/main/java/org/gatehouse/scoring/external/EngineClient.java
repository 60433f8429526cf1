package org.gatehouse.scoring.external;

import java.io.IOException;

import org.gatehouse.message.ParsedMessage;

/** One round trip to an external engine; {@link ExternalEngineContributor} turns its answer or failure into findings. */
interface EngineClient {
    /**
     * @throws EngineReplyException when the engine answered, but with an error or a reply that cannot be read
     * @throws IOException when it could not be reached or did not answer in time
     */
    EngineVerdict check(byte[] raw, ParsedMessage parsed) throws IOException;
}
