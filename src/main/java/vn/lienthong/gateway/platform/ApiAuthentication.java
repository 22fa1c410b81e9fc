package vn.lienthong.gateway.platform;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.security.ApiClients;
import vn.lienthong.gateway.security.ApiScopes;

/**
 * Every /api/** request needs a client's bearer token, checked in front of all routes on the HTTP server:
 * 401 without or with an unknown token, 403 outside the client's flows. Under mutual TLS a request without a token
 * may instead present a client certificate pinned to a client in API_CLIENT_CERTIFICATES. Refusals are counted and logged with
 * the client's name, never the token. In the sandbox a development token (all flows) is generated and printed.
 */
final class ApiAuthentication {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthentication.class);
    static final String DEV_CLIENT = "sandbox-dev";

    private final ApiClients clients;
    private final String devToken;
    private final MeterRegistry metrics;

    ApiAuthentication(GatewayConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        ApiClients configured;
        try {
            configured = ApiClients.parse(config.get("API_CLIENTS", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            configured = configured.withCertificates(config.get("API_CLIENT_CERTIFICATES", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (configured.hasCertificates() && "none".equalsIgnoreCase(config.get("HTTP_TLS_CLIENT_AUTH", "none").trim())) {
            throw new ConfigException("API_CLIENT_CERTIFICATES needs client certificates: HTTP_TLS_CLIENT_AUTH=want or require");
        }
        if (config.isSandbox()) {
            devToken = config.get("API_DEV_TOKEN", newToken());
            configured = configured.with(new ApiClients.Client(DEV_CLIENT, Set.of("*"), ApiClients.sha256(devToken)));
        } else {
            devToken = null;
            if (config.get("API_DEV_TOKEN", null) != null) {
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

    /** Installs the check on the main HTTP server's router, ahead of every route. */
    void install(CamelContext camel) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel);
        if (router == null || !router.isMainServer()) {
            router = camel.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                    .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
        }
        if (router == null) {
            // never run with the API open by accident
            throw new IllegalStateException("cannot install API authentication: the HTTP server's router is not available");
        }
        router.route("/api/*").order(Integer.MIN_VALUE).handler(ctx -> {
            String scope = ApiScopes.scopeOf(ctx.request().path()).orElse(null);
            if (scope == null) {
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
            Counter.builder("gateway_api_refusals_total").description("API calls refused by authentication")
                    .tags("reason", d.verdict().name().toLowerCase(), "client", d.client() == null ? "-" : d.client(),
                            "scope", scope)
                    .register(metrics).increment();
            int status = d.verdict() == ApiClients.Verdict.FORBIDDEN ? 403 : 401;
            String why = switch (d.verdict()) {
                case MISSING -> "a bearer token is required (Authorization: Bearer <token>)";
                case UNKNOWN -> "unknown token";
                default -> "client " + d.client() + " may not use " + scope;
            };
            LOG.warn("API refused {} {} ({}): {}", ctx.request().method(), scope, d.client() == null ? "no client" : d.client(), why);
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("WWW-Authenticate", "Bearer").end("{\"error\":\"" + why + "\"}");
        });
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
