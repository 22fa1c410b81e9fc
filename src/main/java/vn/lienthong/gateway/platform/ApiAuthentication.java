package vn.lienthong.gateway.platform;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.Main;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.security.ApiClients;
import vn.lienthong.gateway.security.ApiScopes;
import vn.lienthong.gateway.security.RequestPaths;

/**
 * Who may call which HTTP route, decided on exactly the route the router matched and denied by default:
 * <ul>
 * <li>a path not in its canonical form (dot segments, encoded unreserved characters, empty segments, encoded '/',
 * '\\', ';') is refused with 400 before routing, on the main and the management server;</li>
 * <li>every platform-http route declares its scope ({@code routePolicy: scope.<name>}); a route that declares none
 * makes the start fail, and a path that matches no route is the router's 404;</li>
 * <li>a client scope needs a client's bearer token (401 without or with an unknown token, 403 outside the client's
 * flows); under mutual TLS a client certificate pinned in API_CLIENT_CERTIFICATES may stand for the token; the
 * console scope is checked by the console's own login, the public scope needs nothing.</li>
 * </ul>
 * Refusals are counted (bounded labels) and logged with the client's name, never the token. In the sandbox a
 * development token (all flows) is generated and printed.
 */
final class ApiAuthentication {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthentication.class);
    static final String DEV_CLIENT = "sandbox-dev";

    private final ApiClients clients;
    private final String devToken;
    private final MeterRegistry metrics;
    /** Each platform-http endpoint's declared scope, filled by the start-up check as the routes are added. */
    private final Map<PlatformHttpEndpoint, ApiScope> declaredScopes = new ConcurrentHashMap<>();

    ApiAuthentication(GatewayConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        ApiClients configured;
        try {
            configured = ApiClients.parse(config.get(PlatformVariables.API_CLIENTS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            configured = configured.withCertificates(config.get(PlatformVariables.API_CLIENT_CERTIFICATES));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (configured.hasCertificates() && "none".equalsIgnoreCase(config.get(PlatformVariables.HTTP_TLS_CLIENT_AUTH).trim())) {
            throw new ConfigException("API_CLIENT_CERTIFICATES needs client certificates: HTTP_TLS_CLIENT_AUTH=want or require");
        }
        if (config.isSandbox()) {
            devToken = config.get("API_DEV_TOKEN", newToken());
            configured = configured.with(new ApiClients.Client(DEV_CLIENT, Set.of("*"), ApiClients.sha256(devToken)));
        } else {
            devToken = null;
            if (config.get(PlatformVariables.API_DEV_TOKEN) != null) {
                LOG.warn("API_DEV_TOKEN is ignored: GATEWAY_ENV={} is not the sandbox (configure API_CLIENTS)",
                        config.environmentName());
            }
            if (configured.size() == 0) {
                LOG.warn("API_CLIENTS is empty: every /api call will be refused with 401");
            }
        }
        this.clients = configured;
    }

    String devToken() {
        return devToken;
    }

    /**
     * Registers what the routes need before they start: one {@link ApiScope} bean per declarable scope
     * ({@code routePolicy: scope.<name>}), the HTTP engine whose routes check their declared scope on the route the
     * router matched, and the start-up check that refuses a platform-http route declaring none.
     */
    void bind(Main main) {
        for (String scope : ApiScopes.all()) {
            main.bind(ApiScope.BEAN_PREFIX + scope, new ApiScope(scope));
        }
        main.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new ScopedEngine());
        main.bind("apiScopeCheck", new DeclaredScopes());
    }

    /**
     * Installs the path guard in front of every route of the main HTTP server and of the management server: a path
     * that is not in its canonical form is refused with 400 before routing (see {@link RequestPaths}).
     */
    void install(CamelContext camel, int managementPort) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel);
        if (router == null || !router.isMainServer()) {
            router = camel.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                    .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
        }
        if (router == null) {
            // never run with the API open by accident
            throw new IllegalStateException("cannot install API authentication: the HTTP server's router is not available");
        }
        router.route().order(Integer.MIN_VALUE).handler(this::canonicalOnly);
        VertxPlatformHttpRouter management = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
        if (management != null && management != router) {
            management.route().order(Integer.MIN_VALUE).handler(this::canonicalOnly);
        }
    }

    /** 400 for a path the router would read differently from what was sent; nothing else runs for it. */
    private void canonicalOnly(RoutingContext ctx) {
        String raw = ctx.request().path();
        String problem = RequestPaths.problem(raw);
        if (problem == null && !raw.equals(ctx.normalizedPath())) {
            problem = "the path is not in its normalised form";
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        refused("noncanonical", null, ApiScopes.UNKNOWN);
        LOG.warn("HTTP refused {} {}: {}", ctx.request().method(), printable(raw), problem);
        answer(ctx, 400, "path refused: " + problem);
    }

    /** Runs on the route the router matched, before the exchange exists: the route's declared scope decides. */
    private void authorize(RoutingContext ctx, PlatformHttpEndpoint endpoint) {
        ApiScope declared = declaredScopes.get(endpoint);
        if (declared == null) {
            // deny by default: the start-up check keeps this from happening; should a route slip through, it is closed
            refused("undeclared", null, ApiScopes.UNKNOWN);
            LOG.error("HTTP refused {}: the route of {} declares no scope", ctx.request().method(), endpoint.getPath());
            answer(ctx, 403, "this resource declares no access scope");
            return;
        }
        String scope = declared.name();
        if (scope.equals(ApiScopes.PUBLIC) || scope.equals(ApiScopes.CONSOLE)) {
            // the console's API checks its own sessions and roles (OpsApi); public routes need no credentials
            ctx.next();
            return;
        }
        ApiClients.Decision d = clients.check(ctx.request().getHeader("Authorization"), scope);
        if (d.verdict() == ApiClients.Verdict.MISSING && clients.hasCertificates()) {
            // no token: a client certificate (verified in the TLS handshake) pinned to a client stands for it
            byte[] certificate = clientCertificate(ctx.request());
            if (certificate != null) {
                ApiClients.Decision byCertificate = clients.checkCertificate(certificate, scope);
                if (byCertificate.verdict() != ApiClients.Verdict.UNKNOWN) {
                    d = byCertificate;
                }
            }
        }
        if (d.verdict() == ApiClients.Verdict.ALLOWED) {
            ctx.next();
            return;
        }
        refused(d.verdict().name().toLowerCase(java.util.Locale.ROOT), d.client(), scope);
        int status = d.verdict() == ApiClients.Verdict.FORBIDDEN ? 403 : 401;
        String why = switch (d.verdict()) {
            case MISSING -> "a bearer token is required (Authorization: Bearer <token>)";
            case UNKNOWN -> "unknown token";
            default -> "client " + d.client() + " may not use " + scope;
        };
        LOG.warn("API refused {} {} ({}): {}", ctx.request().method(), scope, d.client() == null ? "no client" : d.client(), why);
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        answer(ctx, status, why);
    }

    /** Counted by a bounded label set: declared scopes (or unknown), configured client names, the verdict. */
    private void refused(String reason, String client, String scope) {
        Counter.builder("gateway_api_refusals_total").description("API calls refused by authentication")
                .tags("reason", reason, "client", client == null ? "-" : client, "scope", scope)
                .register(metrics).increment();
    }

    private static void answer(RoutingContext ctx, int status, String why) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + why.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    /** The path for a log line: at most 200 characters, anything outside printable ASCII escaped. */
    private static String printable(String raw) {
        if (raw == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length() && b.length() < 200; i++) {
            char c = raw.charAt(i);
            b.append(c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    /** The platform-http engine of the main server: every route it creates checks its scope first. */
    private final class ScopedEngine extends VertxPlatformHttpEngine {
        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            return new VertxPlatformHttpConsumer(endpoint, processor, List.of(ctx -> authorize(ctx, endpoint)),
                    VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
        }
    }

    /** The start-up check: every route consuming from platform-http declares a scope, else the start fails. */
    private final class DeclaredScopes extends LifecycleStrategySupport {
        @Override
        public void onRoutesAdd(Collection<Route> routes) {
            List<String> undeclared = new ArrayList<>();
            for (Route route : routes) {
                if (!(route.getEndpoint() instanceof PlatformHttpEndpoint endpoint)) {
                    continue;
                }
                ApiScope scope = route.getRoutePolicyList().stream().filter(ApiScope.class::isInstance)
                        .map(ApiScope.class::cast).findFirst().orElse(null);
                if (scope == null) {
                    undeclared.add(route.getRouteId() + " (" + endpoint.getPath() + ")");
                } else {
                    declaredScopes.put(endpoint, scope);
                }
            }
            if (!undeclared.isEmpty()) {
                throw new ConfigException("HTTP route(s) without a declared access scope: " + String.join(", ", undeclared)
                        + "; add 'routePolicy: scope.<name>' with one of " + ApiScopes.all());
            }
        }
    }

    /** The DER bytes of the client's certificate, if it presented one over TLS; else null. */
    private static byte[] clientCertificate(io.vertx.core.http.HttpServerRequest request) {
        if (!request.isSSL()) {
            return null;
        }
        try {
            java.util.List<java.security.cert.Certificate> chain = request.connection().peerCertificates();
            return chain == null || chain.isEmpty() ? null : chain.get(0).getEncoded();
        } catch (javax.net.ssl.SSLPeerUnverifiedException | java.security.cert.CertificateEncodingException e) {
            return null;
        }
    }

    private static String newToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
