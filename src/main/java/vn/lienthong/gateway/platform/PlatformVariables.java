package vn.lienthong.gateway.platform;

import static vn.lienthong.gateway.platform.Setting.flag;
import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

/** The platform's settings: environment, broker, database, HTTP server, TLS, security plumbing, Camel, schedules. */
public final class PlatformVariables {

    private PlatformVariables() {
    }

    public static final Setting GATEWAY_ENV = text("GATEWAY_ENV", "sandbox", "`sandbox` | `test` | `production`. Printed at"
            + " start. In `sandbox` the upstream simulators start on loopback and every listener binds to loopback unless its"
            + " address is set (the Docker image sets `production`); in `test`/`production` the required variables must be"
            + " set (the gateway refuses to start naming the missing ones) and every upstream URL must be `https://` (see"
            + " `ALLOW_PLAIN_HTTP_UPSTREAMS`)");
    public static final Setting DATA_DIR = text("DATA_DIR", "data",
            "where the embedded broker journal and embedded database live");
    public static final Setting JAVA_OPTS = text("JAVA_OPTS", "-Xmx512m", "`bin/gateway` only: JVM options, after"
            + " `bin/jvm.options` (its native-memory bounds; an option here overrides the same one there)");
    public static final Setting GATEWAY_CDS = text("GATEWAY_CDS", "on", "`bin/gateway` only: class-data sharing archive"
            + " (`target/gateway-cds.jsa`, written by the first run after a build, made again when the jar or a library"
            + " changes)");
    public static final Setting LOG_LEVEL = text("LOG_LEVEL", "INFO", "root log level (logback.xml)");
    public static final Setting ROUTES_DIR = text("ROUTES_DIR", "routes", "where the YAML routes are loaded from");
    public static final Setting SAMPLES_DIR = text("SAMPLES_DIR", "samples", "dossiers the demo sends");

    public static final Setting BROKER_URL = text("BROKER_URL", null, "external Artemis, e.g. `tcp://artemis:61616` or a"
            + " failover URL `(tcp://a:61616,tcp://b:61616)?ha=true&reconnectAttempts=-1`. The gateway adds reconnect and"
            + " failure-detection parameters the URL does not have (reconnect for ever, `callTimeout=" + Gateway.CALL_TIMEOUT_MS
            + "`, `clientFailureCheckPeriod=" + Gateway.FAILURE_CHECK_MS + "`, `connectionTTL=" + Gateway.CONNECTION_TTL_MS
            + "`: production.md, \"Failure detection\")").shown("(embedded)");
    public static final Setting BROKER_USER = text("BROKER_USER", null, "user of the external broker");
    public static final Setting BROKER_PASSWORD = text("BROKER_PASSWORD", null, "password of the external broker").asSecret();
    public static final Setting EMBEDDED_BROKER_ACCEPTOR = text("EMBEDDED_BROKER_ACCEPTOR", "tcp://127.0.0.1:61616",
            "acceptor of the embedded broker for other systems (CORE, AMQP, STOMP); `none` disables it");
    public static final Setting EMBEDDED_BROKER_USER = text("EMBEDDED_BROKER_USER", null, "the gateway's **own** broker"
            + " user (every permission, accepted in-VM only, never on the acceptor); **required** outside the sandbox while"
            + " the acceptor is on (the sandbox's acceptor is anonymous, on loopback, without roles)").shown("(none)");
    public static final Setting EMBEDDED_BROKER_PASSWORD = text("EMBEDDED_BROKER_PASSWORD", null,
            "its password; **required** with `EMBEDDED_BROKER_USER`").shown("(none)").asSecret();
    public static final Setting EMBEDDED_BROKER_USERS = text("EMBEDDED_BROKER_USERS", null, "the other systems' logins on"
            + " the acceptor: `name:role:sha256-hex-of-password,...`, role `one-stop-shop`, `hospital` or `admin`; see"
            + " docs/security.md, \"Broker users\"; or `EMBEDDED_BROKER_USERS_FILE`").shown("(none)");
    public static final Setting EMBEDDED_BROKER_TLS_KEYSTORE = text("EMBEDDED_BROKER_TLS_KEYSTORE", null, "PKCS12 key"
            + " store: the acceptor speaks TLS only (clients: `?sslEnabled=true&trustStorePath=...`); an acceptor off"
            + " loopback without it is warned about at start").shown("(none: plain TCP)");
    public static final Setting EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD = text("EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD", null,
            "password of `EMBEDDED_BROKER_TLS_KEYSTORE`").asSecret();
    public static final Setting BROKER_JOURNAL_BUFFER_TIMEOUT_US = integer("BROKER_JOURNAL_BUFFER_TIMEOUT_US",
            EmbeddedBroker.DEFAULT_JOURNAL_BUFFER_TIMEOUT_US, "embedded broker: how long the journal gathers writes before"
            + " one fsync (Artemis's NIO default 3333 suits spinning disks; see BENCHMARKS.md)");
    public static final Setting BROKER_MAX_DELIVERY_ATTEMPTS = integer("BROKER_MAX_DELIVERY_ATTEMPTS", 200, "embedded"
            + " broker: deliveries after which a message that can never be processed goes to the plain `DLQ` address");

    public static final Setting DB_URL = text("DB_URL", null, "JDBC URL, e.g. `jdbc:postgresql://db:5432/gateway`. The"
            + " embedded default uses CACHED tables, a 512 KB row cache (2,500 rows), a checkpoint every 200 MB of log and no memory-mapped"
            + " data file (why: `GatewayConfig.dbUrl`, BENCHMARKS.md); after a crash that log is replayed at start-up. These apply when the"
            + " database is created: one created before `6d8a761` keeps its 4 MB cache until `SET FILES CACHE ROWS 2500` and"
            + " `SET FILES CACHE SIZE 512` are run on it")
            .shown("embedded HSQLDB file under `DATA_DIR/db`");
    public static final Setting DB_USER = text("DB_USER", "SA", "database user");
    public static final Setting DB_PASSWORD = text("DB_PASSWORD", "", "database password").shown("empty").asSecret();
    public static final Setting DB_POOL_SIZE = integer("DB_POOL_SIZE", 10, "connection pool size");
    public static final Setting DB_SCHEMA = text("DB_SCHEMA", null,
            "schema holding the gateway's tables, created by the migrations when missing").shown("(database default)");
    public static final Setting DB_CONNECTION_TIMEOUT_MS = integer("DB_CONNECTION_TIMEOUT_MS", 5_000, "longest wait for a"
            + " pooled database connection; then the message rolls back and is redelivered (database restarts)");

    public static final Setting API_CLIENTS = text("API_CLIENTS", "", "systems allowed to call `/api/**`:"
            + " `name:flow+flow:sha256-hex-of-token,...` (flows `civil`, `dossiers`, `molisa`, `dvcqg`, `health`, `info`, `acceptance`,"
            + " or `*`); see docs/security.md").shown("(none)");
    public static final Setting API_DEV_TOKEN = text("API_DEV_TOKEN", null, "sandbox only: the development token (all"
            + " flows) printed at start; outside the sandbox it is ignored, with a WARN at start").shown("random").asSecret();
    public static final Setting API_CLIENT_CERTIFICATES = text("API_CLIENT_CERTIFICATES", "", "mutual TLS only"
            + " (`HTTP_TLS_CLIENT_AUTH=want|require`): `name:sha256-fingerprint,...` pins a client certificate to a client"
            + " of `API_CLIENTS`; a request **without** a token that presents it is that client").shown("(none)");
    public static final Setting HTTP_HOST = text("HTTP_HOST", null, "address of the gateway's HTTP server. The sandbox"
            + " (public development token, console users `operator`/`operator`) listens on loopback only unless it is set;"
            + " so do its management server, simulators and broker acceptor")
            .shown("`127.0.0.1` in the sandbox, else `0.0.0.0`");
    public static final Setting HTTP_PORT = integer("HTTP_PORT", 8080, "port of the gateway's HTTP server");
    public static final Setting HTTP_TLS_KEYSTORE = text("HTTP_TLS_KEYSTORE", null, "PKCS12 key store (key + certificate"
            + " chain) of the gateway's own server: when set, `HTTP_PORT` speaks HTTPS only (the API and the console; not"
            + " the management port)").shown("(none: plain HTTP)");
    public static final Setting HTTP_TLS_KEYSTORE_PASSWORD = text("HTTP_TLS_KEYSTORE_PASSWORD", null,
            "its password (also the key's); **required** with `HTTP_TLS_KEYSTORE`").asSecret();
    public static final Setting HTTP_TLS_CLIENT_AUTH = text("HTTP_TLS_CLIENT_AUTH", "none", "mutual TLS: `none`, `want`"
            + " (a client certificate is asked for; if one is sent it must be valid) or `require` (no valid client"
            + " certificate, no connection). Needs `HTTP_TLS_KEYSTORE` and `HTTP_TLS_TRUSTSTORE`");
    public static final Setting HTTP_TLS_TRUSTSTORE = text("HTTP_TLS_TRUSTSTORE", null, "PKCS12 (or JKS) store of the CAs"
            + " whose client certificates are accepted (`want`/`require`)").shown("(none)");
    public static final Setting HTTP_TLS_TRUSTSTORE_PASSWORD = text("HTTP_TLS_TRUSTSTORE_PASSWORD", null,
            "password of `HTTP_TLS_TRUSTSTORE` (optional)").asSecret();
    public static final Setting UPSTREAM_TRUSTSTORE = text("UPSTREAM_TRUSTSTORE", null, "PKCS12 (or JKS) store of the CAs"
            + " trusted for every upstream call (PMHT, DVCLT, MOLISA, DVCQG, DHIS2); it **replaces** the JDK's CAs, so add"
            + " public CAs an upstream needs. Certificates and host names are always verified")
            .shown("the JDK's trust store");
    public static final Setting UPSTREAM_TRUSTSTORE_PASSWORD = text("UPSTREAM_TRUSTSTORE_PASSWORD", null,
            "password of `UPSTREAM_TRUSTSTORE` (optional)").asSecret();
    public static final Setting ALLOW_PLAIN_HTTP_UPSTREAMS = text("ALLOW_PLAIN_HTTP_UPSTREAMS", "false", "outside the"
            + " sandbox, the upstream URL variables allowed to be `http://`: a list (`DVCQG_SS_URL,DVCQG_DOWNLOAD_SS_URL`)"
            + " or `true` for all; each one allowed is logged as a WARN at start. Without it a plain `http://` upstream URL"
            + " refuses the start, naming the variable. Ignored in the sandbox (the simulators are plain HTTP)");
    public static final Setting MAX_BODY_BYTES = integer("MAX_BODY_BYTES", 10L * 1024 * 1024,
            "larger HTTP request bodies are answered 413");

    public static final Setting UPSTREAM_TIMEOUT_MS = integer("UPSTREAM_TIMEOUT_MS", 10_000,
            "connect/response timeout of upstream HTTP calls").computed("`PMHT_TIMEOUT_MS`, else `10000`");
    public static final Setting PMHT_TIMEOUT_MS = integer("PMHT_TIMEOUT_MS", 10_000,
            "the former name of `UPSTREAM_TIMEOUT_MS`, still read when that one is unset");
    public static final Setting HTTP_CLIENT_MAX_CONNECTIONS = integer("HTTP_CLIENT_MAX_CONNECTIONS", 50,
            "upstream HTTP connection pool: connections in all (one pool for `http://`, one for `https://` upstreams)");
    public static final Setting HTTP_CLIENT_CONNECTIONS_PER_ROUTE = integer("HTTP_CLIENT_CONNECTIONS_PER_ROUTE", 20,
            "upstream HTTP connection pool: connections per upstream host");
    public static final Setting RETRY_MAX = integer("RETRY_MAX", 10,
            "deliveries of a message before it is dead-lettered with its cause").property("retry.max");
    public static final Setting RETRY_DELAY_MS = integer("RETRY_DELAY_MS", 1000,
            "first broker redelivery delay (doubles each time, at most 60 s)");
    public static final Setting CIRCUIT_FAILURE_RATE = text("CIRCUIT_FAILURE_RATE", "50",
            "upstream circuit breakers: failure-rate threshold (%)");
    public static final Setting CIRCUIT_WINDOW = integer("CIRCUIT_WINDOW", 10,
            "upstream circuit breakers: sliding window (calls)");
    public static final Setting CIRCUIT_OPEN_SECONDS = integer("CIRCUIT_OPEN_SECONDS", 30,
            "upstream circuit breakers: time open before a trial call");
    public static final Setting JMS_SESSION_CACHE = integer("JMS_SESSION_CACHE", 20, "cached JMS sessions");
    public static final Setting JMS_RECOVERY_INTERVAL_MS = integer("JMS_RECOVERY_INTERVAL_MS", 1_000,
            "a queue listener whose broker connection broke retries after this");
    public static final Setting SHUTDOWN_TIMEOUT_SECONDS = integer("SHUTDOWN_TIMEOUT_SECONDS", 30, "on SIGTERM, in-flight"
            + " exchanges get this long to finish; the rest roll back and are redelivered");
    public static final Setting MANAGEMENT_ENABLED = flag("MANAGEMENT_ENABLED", true,
            "the management HTTP server (health, metrics, info)");
    public static final Setting MANAGEMENT_HOST = text("MANAGEMENT_HOST", null, "address of the management server; always"
            + " plain HTTP, also with `HTTP_TLS_KEYSTORE`: bind it to an internal interface")
            .shown("`127.0.0.1` in the sandbox, else `0.0.0.0`");
    public static final Setting MANAGEMENT_PORT = integer("MANAGEMENT_PORT", 9876, "port of the management server");
    public static final Setting QUARTZ_CLUSTERED = flag("QUARTZ_CLUSTERED", false, "Quartz on the clustered JDBC job"
            + " store (tables of migration V60): each schedule fires on one node per tick")
            .computed("`true` when `DB_URL` is not an embedded HSQLDB, else `false`");
    public static final Setting QUARTZ_THREADS = integer("QUARTZ_THREADS", 4, "Quartz worker threads");
    public static final Setting QUARTZ_CHECKIN_MS = integer("QUARTZ_CHECKIN_MS", 7_500, "Quartz cluster check-in interval");
    public static final Setting QUARTZ_DB_RETRY_MS = integer("QUARTZ_DB_RETRY_MS", 1_000, "a failed cluster check-in"
            + " (database restart) is retried after this (Quartz's 15 s default let the other node take a live node for"
            + " dead)");
    public static final Setting DATA_KEYS = text("DATA_KEYS", null, "keys encrypting stored payloads, certificates and"
            + " evidence: `keyId:base64-of-32-bytes,...`; **required** outside the sandbox (start refused naming it). See"
            + " docs/security.md, \"Key management and rotation\"")
            .shown("sandbox: a development key generated in `DATA_DIR/keys`").requiredByReader().asSecret();
    public static final Setting DATA_KEY_CURRENT = text("DATA_KEY_CURRENT", null,
            "id of the key that encrypts new values (all listed keys decrypt)").shown("the first key of `DATA_KEYS`");

    public static final List<Setting> ALL = List.of(GATEWAY_ENV, DATA_DIR, JAVA_OPTS, GATEWAY_CDS, LOG_LEVEL, ROUTES_DIR,
            SAMPLES_DIR, BROKER_URL, BROKER_USER, BROKER_PASSWORD, EMBEDDED_BROKER_ACCEPTOR, EMBEDDED_BROKER_USER,
            EMBEDDED_BROKER_PASSWORD, EMBEDDED_BROKER_USERS, EMBEDDED_BROKER_TLS_KEYSTORE,
            EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD, BROKER_JOURNAL_BUFFER_TIMEOUT_US, BROKER_MAX_DELIVERY_ATTEMPTS, DB_URL,
            DB_USER, DB_PASSWORD, DB_POOL_SIZE, DB_SCHEMA, DB_CONNECTION_TIMEOUT_MS, API_CLIENTS, API_DEV_TOKEN,
            API_CLIENT_CERTIFICATES, HTTP_HOST, HTTP_PORT, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD,
            HTTP_TLS_CLIENT_AUTH, HTTP_TLS_TRUSTSTORE, HTTP_TLS_TRUSTSTORE_PASSWORD, UPSTREAM_TRUSTSTORE,
            UPSTREAM_TRUSTSTORE_PASSWORD, ALLOW_PLAIN_HTTP_UPSTREAMS, MAX_BODY_BYTES, UPSTREAM_TIMEOUT_MS, PMHT_TIMEOUT_MS,
            HTTP_CLIENT_MAX_CONNECTIONS, HTTP_CLIENT_CONNECTIONS_PER_ROUTE, RETRY_MAX, RETRY_DELAY_MS, CIRCUIT_FAILURE_RATE,
            CIRCUIT_WINDOW, CIRCUIT_OPEN_SECONDS, JMS_SESSION_CACHE, JMS_RECOVERY_INTERVAL_MS, SHUTDOWN_TIMEOUT_SECONDS,
            MANAGEMENT_ENABLED, MANAGEMENT_HOST, MANAGEMENT_PORT, QUARTZ_CLUSTERED, QUARTZ_THREADS, QUARTZ_CHECKIN_MS,
            QUARTZ_DB_RETRY_MS, DATA_KEYS, DATA_KEY_CURRENT);
}
