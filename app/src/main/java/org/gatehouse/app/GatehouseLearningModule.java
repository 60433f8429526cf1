package org.gatehouse.app;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.dto.DTOModuleInjections;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesScoreContributor;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.BayesStore;
import org.gatehouse.scoring.learning.JdbcBayesStore;
import org.gatehouse.scoring.learning.LearningFeedback;
import org.gatehouse.webadmin.LearningImportTaskDetailsDTO;
import org.gatehouse.webadmin.LearningRoutes;
import org.gatehouse.webadmin.OperatorLearningRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The token classifier (docs/learning.md): per-tenant and operator statistics in the policy database, the
 * {@link LearningFeedback} hook, the {@code bayes} score contributor, the WebAdmin learning routes and the mail folder
 * import task. Settings from conf/gatehouse.properties: {@code scoring.bayes.enabled} (default true),
 * {@code scoring.bayes.minSpam} and {@code scoring.bayes.minHam} (default 50 each), {@code scoring.bayes.operatorModel}
 * (default true). Needs {@link GatehouseStoreModule}.
 */
public class GatehouseLearningModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(BayesStore.class).to(JdbcBayesStore.class);
        bind(JdbcBayesStore.class).in(Scopes.SINGLETON);
        bind(BayesLearning.class).in(Scopes.SINGLETON);
        bind(LearningFeedback.class).to(BayesLearning.class);
        bind(BayesScoreContributor.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), ScoreContributor.class).addBinding().to(BayesScoreContributor.class);
        // bound here rather than listed in webadmin.properties: the routes come and go with this module
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(LearningRoutes.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(OperatorLearningRoutes.class);
    }

    @Named(DTOModuleInjections.WEBADMIN_DTO)
    @ProvidesIntoSet
    AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO> importTaskDetails() {
        return LearningImportTaskDetailsDTO.MODULE;
    }

    @Provides
    @Singleton
    BayesSettings bayesSettings(GatehouseConfiguration configuration) {
        return settings(configuration);
    }

    static BayesSettings settings(GatehouseConfiguration configuration) {
        int minSpam = configuration.integer("scoring.bayes.minSpam", BayesSettings.DEFAULT_MIN_SPAM);
        int minHam = configuration.integer("scoring.bayes.minHam", BayesSettings.DEFAULT_MIN_HAM);
        if (minSpam < 1 || minHam < 1) {
            throw new IllegalArgumentException("gatehouse.properties: scoring.bayes.minSpam and scoring.bayes.minHam must be"
                + " at least 1 (found " + minSpam + " and " + minHam + ")");
        }
        return new BayesSettings(configuration.bool("scoring.bayes.enabled", true), minSpam, minHam,
            configuration.bool("scoring.bayes.operatorModel", true));
    }
}
