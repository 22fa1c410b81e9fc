package vn.lienthong.gateway.molisa;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how to reach MOLISA, built by MolisaModule from MolisaVariables; the password is never printed by
 * {@code toString()}.
 *
 * @param baseUrl        scheme://host[:port], no path (MOLISA_URL)
 * @param pathPrefix     prefix of the four operations: "/api/v1/Service/" in the seed, "/apiBTXH/" on some deployments
 * @param authErrorCodes {@code error_code} values MOLISA uses for a refused token (besides HTTP 401/403)
 */
public record MolisaConfig(String baseUrl, String pathPrefix, String username, String password,
                           Duration connectTimeout, Duration requestTimeout, Duration tokenTtl, int batchSize,
                           Set<Integer> authErrorCodes) {

    public static final String DEFAULT_PREFIX = "/api/v1/Service/";

    public MolisaConfig {
        Objects.requireNonNull(baseUrl, "MOLISA base URL");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? DEFAULT_PREFIX : pathPrefix.trim();
        pathPrefix = (pathPrefix.startsWith("/") ? "" : "/") + pathPrefix + (pathPrefix.endsWith("/") ? "" : "/");
        if (batchSize < 1) {
            throw new IllegalArgumentException("MOLISA batch size must be >= 1");
        }
        authErrorCodes = Set.copyOf(authErrorCodes);
    }

    /** Defaults: seed prefix, 5 s connect, 30 s request, 30 min token, batches of 50, auth codes 401/403. */
    public static MolisaConfig of(String baseUrl, String username, String password) {
        return new MolisaConfig(baseUrl, DEFAULT_PREFIX, username, password, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(30), 50, Set.of(401, 403));
    }

    public MolisaConfig withPathPrefix(String prefix) {
        return new MolisaConfig(baseUrl, prefix, username, password, connectTimeout, requestTimeout, tokenTtl,
                batchSize, authErrorCodes);
    }

    public MolisaConfig withTimeouts(Duration connect, Duration request) {
        return new MolisaConfig(baseUrl, pathPrefix, username, password, connect, request, tokenTtl, batchSize,
                authErrorCodes);
    }

    public MolisaConfig withTokenTtl(Duration ttl) {
        return new MolisaConfig(baseUrl, pathPrefix, username, password, connectTimeout, requestTimeout, ttl,
                batchSize, authErrorCodes);
    }

    /** Full URL of an operation: base + prefix + "DongBoDVC". */
    public String url(String operation) {
        return baseUrl + pathPrefix + operation;
    }

    @Override
    public String toString() {
        return "MolisaConfig[baseUrl=" + baseUrl + ", pathPrefix=" + pathPrefix + ", username=" + username
                + ", password=***, connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", tokenTtl=" + tokenTtl + ", batchSize=" + batchSize + "]";
    }
}
