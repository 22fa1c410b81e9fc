package vn.lienthong.gateway.security;

import java.util.Optional;

/** Which flow scope an /api path belongs to; the console (/api/ops) has its own login and is not covered here. */
public final class ApiScopes {

    private ApiScopes() {
    }

    /** Empty when the path is not under /api or is handled elsewhere (console). */
    public static Optional<String> scopeOf(String path) {
        if (path == null || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        String rest = path.substring(5);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (first.equals("ops")) {
            return Optional.empty();
        }
        return Optional.of(first.isEmpty() ? "api" : first);
    }
}
