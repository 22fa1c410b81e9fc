package vn.lienthong.gateway.platform;

import org.apache.camel.support.RoutePolicySupport;

/**
 * An HTTP route's declaration of who may call it, written in routes/ as {@code routePolicy: scope.<name>} (one bean
 * per name, see ApiAuthentication). It only declares: the check runs on the HTTP server, on the route the router
 * matched, before the exchange is created.
 */
final class ApiScope extends RoutePolicySupport {

    static final String BEAN_PREFIX = "scope.";

    private final String name;

    ApiScope(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return BEAN_PREFIX + name;
    }
}
