package org.apache.james.webadmin;

import java.util.List;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.gatehouse.webadmin.WebAdminRequestHygiene;

/**
 * A WebAdmin server as the gateway builds it: James's {@link WebAdminServer} (its constructor is protected, hence this
 * package) with Gatehouse's request logger in place of James's body-reading one.
 */
public final class GatehouseWebAdminServers {
    public static WebAdminServer start(List<Routes> routes) {
        WebAdminServer server = new WebAdminServer(WebAdminConfiguration.TEST_CONFIGURATION, routes, new NoAuthenticationFilter(),
            new RecordingMetricFactory(), new LoggingRequestFilter(Set.of(new WebAdminRequestHygiene.BodylessRequestLogger())));
        try {
            return server.start();
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
    }

    private GatehouseWebAdminServers() {
    }
}
