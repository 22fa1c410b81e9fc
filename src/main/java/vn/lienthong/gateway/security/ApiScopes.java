package vn.lienthong.gateway.security;

import java.util.List;

/**
 * The scopes an HTTP route can declare (routes/: {@code routePolicy: scope.<name>}). A request reaches a route only
 * through the scope that route declares; a route declaring none makes the gateway refuse to start.
 */
public final class ApiScopes {

    /** Scopes granted to API clients (API_CLIENTS flows): one per flow, the ledger read API, gateway info. */
    public static final List<String> CLIENT_SCOPES = List.of("civil", "molisa", "dvcqg", "health", "dossiers", "info",
            "acceptance");
    /** The operator console's API: its own login and roles (OpsApi), not API tokens. */
    public static final String CONSOLE = "console";
    /** No credentials: the console's static page and its login. */
    public static final String PUBLIC = "public";
    /** Metrics label of a refusal that no declared route accounts for (a non-canonical path). */
    public static final String UNKNOWN = "unknown";

    private ApiScopes() {
    }

    /** Every declarable scope name. */
    public static List<String> all() {
        List<String> all = new java.util.ArrayList<>(CLIENT_SCOPES);
        all.add(CONSOLE);
        all.add(PUBLIC);
        return List.copyOf(all);
    }
}
