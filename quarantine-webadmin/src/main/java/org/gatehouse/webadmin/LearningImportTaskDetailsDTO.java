package org.gatehouse.webadmin;

import java.time.Instant;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How {@code /tasks/{id}} shows a mail folder import's counts. */
public record LearningImportTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("folder") String folder,
                                           @JsonProperty("format") String format, @JsonProperty("label") String label,
                                           @JsonProperty("read") long read, @JsonProperty("learnt") long learnt,
                                           @JsonProperty("alreadyKnown") long alreadyKnown, @JsonProperty("relabelled") long relabelled,
                                           @JsonProperty("skipped") long skipped, @JsonProperty("failed") long failed,
                                           @JsonProperty("timestamp") Instant timestamp) implements AdditionalInformationDTO {
    public static final AdditionalInformationDTOModule<LearningImportTask.Details, LearningImportTaskDetailsDTO> MODULE =
        DTOModule.forDomainObject(LearningImportTask.Details.class)
            .convertToDTO(LearningImportTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new LearningImportTask.Details(dto.folder(), dto.format(), dto.label(), dto.read(), dto.learnt(),
                dto.alreadyKnown(), dto.relabelled(), dto.skipped(), dto.failed(), dto.timestamp()))
            .toDTOConverter((details, type) -> new LearningImportTaskDetailsDTO(type, details.folder(), details.format(), details.label(),
                details.read(), details.learnt(), details.alreadyKnown(), details.relabelled(), details.skipped(), details.failed(),
                details.timestamp()))
            .typeName(LearningImportTask.TYPE.asString())
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
