package org.gatehouse.webadmin;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.gatehouse.tenant.TenantId;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How {@code /tasks/{id}} shows a bulk quarantine task's counts. */
public record QuarantineBulkTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("operation") String operation,
                                           @JsonProperty("query") String query, @JsonProperty("tenant") Optional<String> tenant,
                                           @JsonProperty("matched") long matched,
                                           @JsonProperty("done") long done, @JsonProperty("alreadyDone") long alreadyDone,
                                           @JsonProperty("skipped") long skipped, @JsonProperty("failed") long failed,
                                           @JsonProperty("learnt") long learnt, @JsonProperty("learningFailed") long learningFailed,
                                           @JsonProperty("timestamp") Instant timestamp) implements AdditionalInformationDTO {
    public static final AdditionalInformationDTOModule<QuarantineBulkTask.Details, QuarantineBulkTaskDetailsDTO> MODULE =
        DTOModule.forDomainObject(QuarantineBulkTask.Details.class)
            .convertToDTO(QuarantineBulkTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new QuarantineBulkTask.Details(dto.operation(), dto.query(),
                Optional.ofNullable(dto.tenant()).flatMap(tenant -> tenant.map(TenantId::of)), dto.matched(), dto.done(),
                dto.alreadyDone(), dto.skipped(), dto.failed(), dto.learnt(), dto.learningFailed(), dto.timestamp()))
            .toDTOConverter((details, type) -> new QuarantineBulkTaskDetailsDTO(type, details.operation(), details.query(),
                details.tenant().map(TenantId::asString), details.matched(), details.done(), details.alreadyDone(), details.skipped(), details.failed(),
                details.learnt(), details.learningFailed(), details.timestamp()))
            .typeName(QuarantineBulkTask.TYPE.asString())
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
