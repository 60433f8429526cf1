package org.gatehouse.webadmin;

import java.time.Instant;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How {@code /tasks/{id}} shows an index rebuild's counts. */
public record QuarantineIndexRebuildTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("held") long held,
                                                   @JsonProperty("indexed") long indexed, @JsonProperty("dropped") long dropped,
                                                   @JsonProperty("timestamp") Instant timestamp) implements AdditionalInformationDTO {
    public static final AdditionalInformationDTOModule<QuarantineIndexRebuildTask.Details, QuarantineIndexRebuildTaskDetailsDTO> MODULE =
        DTOModule.forDomainObject(QuarantineIndexRebuildTask.Details.class)
            .convertToDTO(QuarantineIndexRebuildTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new QuarantineIndexRebuildTask.Details(dto.held(), dto.indexed(), dto.dropped(), dto.timestamp()))
            .toDTOConverter((details, type) -> new QuarantineIndexRebuildTaskDetailsDTO(type, details.held(), details.indexed(),
                details.dropped(), details.timestamp()))
            .typeName(QuarantineIndexRebuildTask.TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }
}
