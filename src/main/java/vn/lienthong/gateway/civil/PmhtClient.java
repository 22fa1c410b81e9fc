package vn.lienthong.gateway.civil;

import java.util.Set;

import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * PMHT's operations (DOMAIN.md F2, F3), each one call through the shared upstream client (HTTP Basic, circuit
 * "pmht", one status rule): the push, to the API v3.0 endpoint for modules LTKS/LTKT/LTKH and v1.0 for the others,
 * and the status query. An answer that is not one (no answer, 401/403, 408, 429, 5xx) throws
 * UpstreamUnavailableException; anything else is returned for the flow to read.
 */
public final class PmhtClient {

    /** Paths under PMHT_URL. */
    public record Paths(String pushV3, String pushV1, String status) {
    }

    static final Set<String> V3_MODULES = Set.of("LTKS", "LTKT", "LTKH");

    private final UpstreamHttp http;
    private final Paths paths;

    public PmhtClient(UpstreamHttp http, String user, String password, Paths paths) {
        this.http = http.withBasicAuth(user, password);
        this.paths = paths;
    }

    /** Pushes a dossier as {@code module}; {@code beforeSend} runs once the circuit let the call through. */
    public UpstreamResponse push(String module, String body, Runnable beforeSend) {
        String path = module != null && V3_MODULES.contains(module) ? paths.pushV3() : paths.pushV1();
        return http.call(UpstreamRequest.post(path, body, "a push").beforeSend(beforeSend));
    }

    /** One status query (a batch of one province and one module). */
    public UpstreamResponse status(String body) {
        return http.call(UpstreamRequest.post(paths.status(), body, "a status query"));
    }
}
