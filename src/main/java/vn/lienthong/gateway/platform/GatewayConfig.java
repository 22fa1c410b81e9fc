package vn.lienthong.gateway.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the gateway, read once from environment variables (or a map in tests).
 * Secrets may also come from files: {@code X_FILE} holds the path of a file whose content is {@code X}.
 */
public final class GatewayConfig {

    public enum Environment { SANDBOX, TEST, PRODUCTION }

    private final Map<String, String> env;
    private final Environment environment;
    /** Defaults published while the gateway is assembled (the sandbox simulators' URLs); used when a variable is unset. */
    private final Map<String, String> published;

    private GatewayConfig(GatewayConfig base, Map<String, String> published) {
        this.env = base.env;
        this.environment = base.environment;
        Map<String, String> all = new HashMap<>(base.published);
        all.putAll(published);
        this.published = Map.copyOf(all);
    }

    private GatewayConfig(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.published = Map.of();
        String name = get("GATEWAY_ENV", "sandbox").trim().toUpperCase(Locale.ROOT);
        try {
            this.environment = Environment.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("GATEWAY_ENV must be sandbox, test or production, got '" + name.toLowerCase(Locale.ROOT) + "'");
        }
        if (environment != Environment.SANDBOX) {
            requireUpstreams();
        }
    }

    public static GatewayConfig fromEnvironment() {
        return of(System.getenv());
    }

    public static GatewayConfig of(Map<String, String> env) {
        Map<String, String> resolved = new HashMap<>();
        env.forEach((k, v) -> {
            if (v != null) {
                resolved.put(k, v);
            }
        });
        // *_FILE variants (container secrets) fill the plain variable when it is not set; only for the
        // gateway's own variables, so unrelated *_FILE variables of the host are left alone.
        env.forEach((k, v) -> {
            if (k.endsWith("_FILE") && v != null && !v.isBlank()) {
                String plain = k.substring(0, k.length() - 5);
                if (!resolved.containsKey(plain) && isGatewayVariable(plain)) {
                    try {
                        resolved.put(plain, Files.readString(Path.of(v)).strip());
                    } catch (Exception e) {
                        throw new ConfigException(k + " points to an unreadable file: " + e.getMessage());
                    }
                }
            }
        });
        return new GatewayConfig(resolved);
    }

    private static final List<String> PREFIXES = List.of("GATEWAY_", "BROKER_", "DB_", "PMHT_", "DVCLT_", "MOLISA_",
            "DVCQG_", "DHIS2_", "HIS_", "CONSOLE_", "API_", "TLS_", "ENCRYPTION_", "HTTP_", "EMBEDDED_BROKER_", "UPSTREAM_",
            "DATA_KEY");

    static boolean isGatewayVariable(String name) {
        return PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Settings declared required outside the sandbox (Setting.required()): never default to a real system. */
    private void requireUpstreams() {
        List<String> missing = Settings.missing(this, Settings.all(), Setting.Requirement.AT_LOAD);
        if (!missing.isEmpty()) {
            throw new ConfigException("GATEWAY_ENV=" + environment.name().toLowerCase(Locale.ROOT)
                    + " requires " + String.join(", ", missing) + " to be set (no simulators outside the sandbox)");
        }
    }

    /** Of {@code declared}, those required with this configuration at {@code requirement} that are not set. */
    public List<String> missingOutsideSandbox(List<Setting> declared, Setting.Requirement requirement) {
        return Settings.missing(this, declared, requirement);
    }

    /**
     * Outside the sandbox, the flow's settings declared {@link Setting#requiredByFlow()} must be set: throws naming
     * every missing one (called by the flow's module when the gateway starts).
     */
    public void requireOutsideSandbox(String flow, List<Setting> declared) {
        List<String> missing = missingOutsideSandbox(declared, Setting.Requirement.WHEN_FLOW_STARTS);
        if (!missing.isEmpty()) {
            throw new ConfigException("GATEWAY_ENV=" + environmentName() + " requires " + String.join(", ", missing)
                    + " to be set for " + flow + " (no simulators outside the sandbox)");
        }
    }

    /**
     * This configuration with defaults for unset variables, e.g. the sandbox module's simulator URLs
     * (FlowContext.publishDefaults); a variable that is set always wins.
     */
    GatewayConfig withDefaults(Map<String, String> defaults) {
        return new GatewayConfig(this, defaults);
    }

    public String get(String name, String defaultValue) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = published.get(name);
        }
        return v == null || v.isBlank() ? defaultValue : v;
    }

    /** The setting's value, or its declared default. */
    public String get(Setting setting) {
        return get(setting.name(), setting.defaultValue());
    }

    /** The setting's value, or {@code computedDefault} (a default computed from other settings). */
    public String get(Setting setting, String computedDefault) {
        return get(setting.name(), computedDefault);
    }

    public int getInt(Setting setting) {
        return getInt(setting.name(), Integer.parseInt(declaredDefault(setting)));
    }

    public int getInt(Setting setting, int computedDefault) {
        return getInt(setting.name(), computedDefault);
    }

    public long getLong(Setting setting) {
        return getLong(setting.name(), Long.parseLong(declaredDefault(setting)));
    }

    public long getLong(Setting setting, long computedDefault) {
        return getLong(setting.name(), computedDefault);
    }

    public boolean getBoolean(Setting setting) {
        return getBoolean(setting.name(), Boolean.parseBoolean(declaredDefault(setting)));
    }

    public boolean getBoolean(Setting setting, boolean computedDefault) {
        return getBoolean(setting.name(), computedDefault);
    }

    /** The value for a Camel property: checked against the declared type (an integer setting must be an integer). */
    String propertyValue(Setting setting) {
        if (get(setting.name(), null) == null) {
            return setting.defaultValue();
        }
        return switch (setting.type()) {
            case INTEGER -> String.valueOf(getLong(setting.name(), 0));
            case BOOLEAN -> String.valueOf(getBoolean(setting.name(), false));
            case TEXT -> get(setting.name(), null);
        };
    }

    private static String declaredDefault(Setting setting) {
        if (setting.defaultValue() == null) {
            throw new IllegalStateException(setting.name() + " declares no default: read it with a computed default");
        }
        return setting.defaultValue();
    }

    /** Timeout of upstream calls: UPSTREAM_TIMEOUT_MS, or its former name PMHT_TIMEOUT_MS. */
    public int upstreamTimeoutMs() {
        return getInt(PlatformVariables.UPSTREAM_TIMEOUT_MS, getInt(PlatformVariables.PMHT_TIMEOUT_MS));
    }

    public int getInt(String name, int defaultValue) {
        String v = get(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, got '" + v + "'");
        }
    }

    public long getLong(String name, long defaultValue) {
        String v = get(name, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String v = get(name, null);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + v + "'");
        };
    }

    public Environment environment() {
        return environment;
    }

    public String environmentName() {
        return environment.name().toLowerCase(Locale.ROOT);
    }

    public boolean isSandbox() {
        return environment == Environment.SANDBOX;
    }

    public Path dataDir() {
        return Path.of(get(PlatformVariables.DATA_DIR));
    }

    public String brokerUrl() {
        return get(PlatformVariables.BROKER_URL);
    }

    public String brokerUser() {
        return get(PlatformVariables.BROKER_USER);
    }

    public String brokerPassword() {
        return get(PlatformVariables.BROKER_PASSWORD);
    }

    /** Acceptor of the embedded broker for other systems (CORE, AMQP, STOMP). */
    public String embeddedBrokerAcceptor() {
        return get(PlatformVariables.EMBEDDED_BROKER_ACCEPTOR);
    }

    public String dbUrl() {
        return get("DB_URL", "jdbc:hsqldb:file:" + dataDir().resolve("db").resolve("gateway").toString().replace('\\', '/')
                // CACHED tables: rows live in the .data file behind a bounded cache, not in the heap. With MEMORY
                // tables (HSQLDB's default) the stored payloads, DVCLT status bodies and trail kept ~15-20 KB of heap
                // per dossier, so a 100,000 backlog could not fit the 512 MB heap (BENCHMARKS.md). Applies when the
                // database is created; an existing DATA_DIR keeps its tables as they are.
                // sql.pad_space=false: strings compare as on PostgreSQL (NO PAD: trailing spaces count). With HSQLDB's
                // default PAD SPACE every index comparison of two keys of different lengths (maHoSo, dedup keys)
                // copied the shorter one padded with spaces (~3% of the gateway's CPU, BENCHMARKS.md). Also applies
                // only when the database is created: an existing DATA_DIR keeps PAD SPACE (its indexes stay valid).
                // hsqldb.cache_free_count=0: the space of rewritten rows is not kept in a free list for reuse. With
                // the list (512 entries) every row insert after a rewrite sorted it, allocating 256 KB of scratch
                // arrays per sort: 63% of the gateway's allocation, ~15% of its CPU (BENCHMARKS.md). Rows are
                // appended instead; measured: data file +3% after 8,000 dossiers (most freed space was lost anyway).
                + ";hsqldb.tx=mvcc;hsqldb.lob_compressed=true;hsqldb.default_table_type=cached;sql.pad_space=false"
                // hsqldb.cache_size/cache_rows: a small row cache (512 KB, 2,500 rows; HSQLDB's default is 10 MB).
                // When the cache is full, the statement that needs room writes out and drops half of it while every
                // other statement waits (JFR: the others parked on DataFileCache's lock): with 64 MB that stalled the
                // gateway 0.3-0.6 s every ~30 s at 100 dossiers/s (p99 140-270 ms); with 4 MB / 20,000 rows up to
                // 60-120 ms, mostly when a PMHT poll had just read and written its 2,000 dossiers' rows; with
                // 512 KB / 2,500 rows the worst dossier of the same run took 27 ms (BENCHMARKS.md). Applies when the
                // database is created, like the settings above.
                + ";hsqldb.cache_free_count=0;hsqldb.cache_size=512;hsqldb.cache_rows=2500"
                // hsqldb.log_size=200 (MB, default 50): HSQLDB checkpoints when its log reaches this size, and a
                // checkpoint stops every statement while it writes the dirty cached rows and restarts the log: at 100
                // dossiers/s that was a stall every ~20 s (BENCHMARKS.md, change 16). The cost: after a crash up to
                // 200 MB of log is replayed at start-up.
                + ";hsqldb.log_size=200"
                // hsqldb.nio_data_file=false: the .data file is read and written through the file, not memory-mapped.
                // Mapped (HSQLDB's default up to 256 MB of file) its pages counted in the process's RSS: +250 MB at
                // the start of a 100,000 backlog (1,052 MB peak), gone once the file outgrew the map and HSQLDB
                // switched to plain file access, which the rest of the drain ran on (BENCHMARKS.md)
                + ";hsqldb.nio_data_file=false");
    }

    public String dbUser() {
        return get(PlatformVariables.DB_USER);
    }

    public String dbPassword() {
        return get(PlatformVariables.DB_PASSWORD);
    }

    public int dbPoolSize() {
        return getInt(PlatformVariables.DB_POOL_SIZE);
    }

    public String httpHost() {
        return get("HTTP_HOST", defaultBindHost());
    }

    /** Address of the management server (health, metrics, info). */
    public String managementHost() {
        return get("MANAGEMENT_HOST", defaultBindHost());
    }

    /**
     * Where a listener binds when its address is not set: loopback in the sandbox, whose development token, console
     * users and data key are public, so that a gateway started without GATEWAY_ENV is never reachable from the
     * network by accident; every interface outside it (a container publishes its ports).
     */
    private String defaultBindHost() {
        return isSandbox() ? "127.0.0.1" : "0.0.0.0";
    }

    public int httpPort() {
        return getInt(PlatformVariables.HTTP_PORT);
    }

    public long maxBodyBytes() {
        return getLong(PlatformVariables.MAX_BODY_BYTES);
    }

    public String routesDir() {
        return get(PlatformVariables.ROUTES_DIR);
    }

    @Override
    public String toString() {
        // Only non-secret settings; used in the start-up banner.
        return "environment=" + environmentName() + ", pmht=" + upstream("PMHT_URL") + ", dvclt=" + upstream("DVCLT_URL")
                + ", molisa=" + upstream("MOLISA_URL")
                + ", broker=" + (brokerUrl() == null ? "embedded(" + embeddedBrokerAcceptor() + ")" : brokerUrl())
                + ", db=" + (get(PlatformVariables.DB_URL) == null ? "embedded HSQLDB under " + dataDir() : redactUrl(dbUrl()))
                + ", http=" + httpHost() + ":" + httpPort() + (get(PlatformVariables.HTTP_TLS_KEYSTORE) == null ? "" : " (https)");
    }

    private String upstream(String variable) {
        String url = get(variable, null);
        return url == null ? "simulator" : redactUrl(url);
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
