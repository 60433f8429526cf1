package org.gatehouse.james;

import java.util.Set;

import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.gatehouse.webadmin.LearningImportTaskDetailsDTO;
import org.gatehouse.webadmin.QuarantineBulkTaskDetailsDTO;
import org.gatehouse.webadmin.QuarantineIndexRebuildTaskDetailsDTO;

import com.google.common.collect.ImmutableSet;

/**
 * The details of Gatehouse's WebAdmin tasks (quarantine bulk actions, index rebuild, mail folder
 * import) for a host James server's
 * {@code /tasks} answers ({@code guice.extension.task} in extensions.properties): the standalone gateway adds them to a
 * James set a child injector cannot reach. The tasks themselves run in memory and are never serialized.
 */
public class GatehouseTaskExtension implements TaskExtensionModule {
    @Override
    public Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> taskDTOModules() {
        return ImmutableSet.of();
    }

    @Override
    public Set<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>>
        taskAdditionalInformationDTOModules() {
        return ImmutableSet.of(QuarantineBulkTaskDetailsDTO.MODULE, QuarantineIndexRebuildTaskDetailsDTO.MODULE,
            LearningImportTaskDetailsDTO.MODULE);
    }
}
