package org.gatehouse.quarantine;

import org.gatehouse.content.ContentInspection;
import org.gatehouse.content.ContentInspector;
import org.gatehouse.content.InspectedPart;
import org.gatehouse.message.MessageMemo;
import org.gatehouse.message.ParsedMessage;

/**
 * The searchable text of a held message: subject, readable body, and the text extracted from every attachment at
 * every archive depth, within the content inspector's bounds.
 */
public final class QuarantineText {
    private final ContentInspector inspector;

    public QuarantineText(ContentInspector inspector) {
        this.inspector = inspector;
    }

    public static QuarantineText withDefaults() {
        return new QuarantineText(ContentInspector.withDefaults());
    }

    public String of(byte[] raw) {
        // the text and the inspection the end of DATA made of this content, when this node has them
        MessageMemo memo = MessageMemo.shared();
        StringBuilder text = new StringBuilder(ParsedMessage.parse(MessageMemo.headerSection(raw)).subject()).append('\n')
            .append(memo.readableText(raw, bytes -> ParsedMessage.parse(bytes).readableText()));
        ContentInspection inspection = memo.inspection(raw, inspector::inspectMessage);
        for (InspectedPart part : inspection.parts()) {
            if (!part.text().isBlank()) {
                text.append('\n').append(part.text());
            }
        }
        return text.toString();
    }
}
