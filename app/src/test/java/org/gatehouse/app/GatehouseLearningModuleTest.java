package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskManager;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesScoreContributor;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.Label;
import org.gatehouse.scoring.learning.LearnOutcome;
import org.gatehouse.scoring.learning.LearningFeedback;
import org.gatehouse.store.Database;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.webadmin.LearningRoutes;
import org.gatehouse.webadmin.OperatorLearningRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;

class GatehouseLearningModuleTest {
    static {
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", Path.of("target", "derby.log").toAbsolutePath().toString());
        }
    }

    @TempDir
    Path root;
    private Injector injector;

    private Injector injector(String properties) throws IOException {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/gatehouse.properties"), properties);
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(root.toString()));
        injector = Guice.createInjector(new GatehouseStoreModule(), new GatehouseScoringModule(), new GatehouseLearningModule(), binder -> {
            binder.bind(FileSystem.class).toInstance(fileSystem);
            binder.bind(PropertiesProvider.class).toInstance(
                new PropertiesProvider(fileSystem, new Configuration.ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF)));
            binder.bind(JsonTransformer.class).toInstance(new JsonTransformer());
            binder.bind(TaskManager.class).toInstance(new MemoryTaskManager(new Hostname("learning-module-test")));
        });
        return injector;
    }

    @AfterEach
    void closeDatabase() throws IOException {
        if (injector != null && injector.getExistingBinding(Key.get(Database.class)) != null) {
            injector.getInstance(Database.class).close();
            try {
                DriverManager.getConnection("jdbc:derby:" + root.resolve("var/store/gatehouse-db").toFile().getCanonicalPath()
                    + ";shutdown=true").close();
            } catch (SQLException e) {
                // 08006 is Derby's "shut down"; XJ004 means it was never booted
            }
        }
    }

    @Test
    void moduleShouldAddTheBayesContributorAndTheLearningRoutes() throws IOException {
        Injector injector = injector("");

        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<ScoreContributor>>() { })))
            .hasExactlyElementsOfTypes(BayesScoreContributor.class);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<Routes>>() { })))
            .hasExactlyElementsOfTypes(LearningRoutes.class, OperatorLearningRoutes.class);
        assertThat(injector.getInstance(LearningFeedback.class)).isSameAs(injector.getInstance(BayesLearning.class));
    }

    @Test
    void settingsShouldDefaultToEnabledWithFiftyOfEachLabel() throws IOException {
        assertThat(injector("").getInstance(BayesSettings.class)).isEqualTo(new BayesSettings(true, 50, 50));
    }

    @Test
    void settingsShouldBeReadFromGatehouseProperties() throws IOException {
        Injector injector = injector("scoring.bayes.enabled=false\nscoring.bayes.minSpam=200\nscoring.bayes.minHam=120\n");

        assertThat(injector.getInstance(BayesSettings.class)).isEqualTo(new BayesSettings(false, 200, 120));
    }

    @Test
    void settingsShouldLetTheOperatorSwitchOffTheOperatorModelsAnswers() throws IOException {
        assertThat(injector("scoring.bayes.operatorModel=false\n").getInstance(BayesSettings.class))
            .isEqualTo(new BayesSettings(true, 50, 50, false));
        assertThatThrownBy(() -> injector("scoring.bayes.operatorModel=no\n").getInstance(BayesSettings.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("scoring.bayes.operatorModel");
    }

    @Test
    void settingsShouldBeRefusedNamingTheKeyWhenInvalid() throws IOException {
        assertThatThrownBy(() -> injector("scoring.bayes.enabled=yes\n").getInstance(BayesSettings.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("scoring.bayes.enabled");
        assertThatThrownBy(() -> injector("scoring.bayes.minHam=0\n").getInstance(BayesSettings.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("scoring.bayes.minHam");
    }

    @Test
    void learningFeedbackShouldLearnIntoThePolicyDatabase() throws IOException {
        Injector injector = injector("");
        TenantId acme = TenantId.of("acme");
        injector.getInstance(TenantService.class).save(Tenant.of(acme, "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("mx.acme.example", 25, false), List.of()), "test");
        byte[] message = "Message-ID: <1@sender.example>\r\nSubject: hello\r\n\r\ncheap pills\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(injector.getInstance(LearningFeedback.class).learn(acme, message, Label.SPAM)).isEqualTo(LearnOutcome.LEARNT);
        assertThat(injector.getInstance(BayesLearning.class).status(acme).totals().spamMessages()).isEqualTo(1);
    }
}
