package org.gatehouse.app;

import javax.inject.Singleton;

import org.apache.james.util.Size;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.mdc.RequestLogger;
import org.gatehouse.webadmin.WebAdminRequestHygiene;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

/**
 * WebAdmin request hygiene (docs/webadmin-security.md) on every route, James's included: the
 * {@link WebAdminRequestHygiene} filter, and James's request log without the body (James's own reads every body into
 * memory before any filter can refuse it). Bound here rather than listed in webadmin.properties, so that an
 * operator's older webadmin.properties cannot leave it out. Settings from conf/gatehouse.properties:
 * {@code webadmin.allowedHosts}, {@code webadmin.allowedOrigins}, {@code webadmin.maxBodySize},
 * {@code webadmin.maxImportBodySize}.
 */
public class GatehouseWebAdminModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(WebAdminRequestHygiene.class);
        Multibinder.newSetBinder(binder(), RequestLogger.class).addBinding().to(WebAdminRequestHygiene.BodylessRequestLogger.class);
    }

    @Provides
    @Singleton
    WebAdminRequestHygiene.Settings hygieneSettings(GatehouseConfiguration configuration, WebAdminConfiguration webAdmin) {
        return settings(configuration, webAdmin.getHost());
    }

    static WebAdminRequestHygiene.Settings settings(GatehouseConfiguration configuration, String webAdminHost) {
        var hosts = configuration.list("webadmin.allowedHosts");
        return new WebAdminRequestHygiene.Settings(
            hosts.isEmpty() ? WebAdminRequestHygiene.Settings.defaultHosts(webAdminHost) : hosts,
            configuration.list("webadmin.allowedOrigins"),
            size(configuration, "webadmin.maxBodySize", WebAdminRequestHygiene.DEFAULT_MAX_BODY_SIZE),
            size(configuration, "webadmin.maxImportBodySize", WebAdminRequestHygiene.DEFAULT_MAX_IMPORT_BODY_SIZE));
    }

    /** A size as James writes them: bytes, or with a unit, {@code 512K}, {@code 1M}, {@code 50M} (binary units). */
    private static long size(GatehouseConfiguration configuration, String key, long defaultValue) {
        try {
            return configuration.optionalString(key).map(value -> Size.parse(value).asBytes()).orElse(defaultValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gatehouse.properties: " + key + " must be a size such as 1M or 512K", e);
        }
    }
}
