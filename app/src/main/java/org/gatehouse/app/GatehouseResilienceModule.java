package org.gatehouse.app;

import java.time.Clock;

import javax.inject.Singleton;

import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.mailetcontainer.impl.CompositeProcessorImpl;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.gatehouse.app.smtp.GatehouseSmtpServerFactory;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.messagelog.MessageLog;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * What keeps hostile input from stopping the gateway (docs/hostile-input.md), overriding James's bindings: the
 * spooler's mail processor sends anything that escapes the pipeline to the error processor
 * ({@link ResilientMailProcessor}); the SMTP servers answer an over-long line once, at the end of DATA, and log a reset
 * connection in one line; the mailet context takes mail only once it has its spool queue ({@link GatehouseMailetContext});
 * and the MIME structure bounds of {@code smtp.mime.*} in conf/gatehouse.properties.
 */
public class GatehouseResilienceModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(GatehouseSmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(SMTPServerFactory.class).to(GatehouseSmtpServerFactory.class);
        // mail handed over during start-up waits for the spool queue instead of failing (and being delivered twice)
        bind(GatehouseMailetContext.class).in(Scopes.SINGLETON);
        bind(JamesMailetContext.class).to(GatehouseMailetContext.class);
    }

    @Provides
    @Singleton
    MailProcessor mailProcessor(CompositeProcessorImpl pipeline, MailRepositoryStore repositories,
                                JamesMailSpooler.Configuration spooler, MessageLog messageLog) {
        return new ResilientMailProcessor(pipeline, repositories, spooler.getErrorRepositoryURL(), messageLog, Clock.systemUTC());
    }

    @Provides
    @Singleton
    MimeStructure.Limits limits(GatehouseConfiguration configuration) {
        return mimeStructureLimits(configuration);
    }

    /** {@code smtp.mime.*} of gatehouse.properties; also bound by the James extension (gatehouse-james-extension). */
    public static MimeStructure.Limits mimeStructureLimits(GatehouseConfiguration configuration) {
        MimeStructure.Limits defaults = MimeStructure.Limits.DEFAULT;
        try {
            return new MimeStructure.Limits(configuration.integer("smtp.mime.maxDepth", defaults.maxDepth()),
                configuration.integer("smtp.mime.maxParts", defaults.maxParts()),
                configuration.integer("smtp.mime.maxHeaderFields", defaults.maxHeaderFields()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.properties: smtp.mime.*: " + e.getMessage(), e);
        }
    }
}
