package vn.lienthong.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

/**
 * The production topology on one machine: an external Artemis broker and PostgreSQL (a private
 * {@link ExternalInfra.Instance}), the sandbox simulators in a process of their own ({@code SandboxMain}) and
 * gateway nodes as separate JVMs ({@code GatewayMain}) sharing broker, database and simulators.
 */
public final class GatewayCluster implements AutoCloseable {

    private static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");

    private final ExternalInfra.Instance infra;
    private final Map<String, String> infraEnv;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> nodeOverrides;
    private ChildJvm sandbox;
    private int sandboxPort;
    private int dvcltPort;

    /** One gateway node: its process and ports (ports stay the same across restarts). */
    public static final class Node {
        final String name;
        final int httpPort;
        final int managementPort;
        ChildJvm jvm;
        int starts;

        Node(String name, int httpPort, int managementPort) {
            this.name = name;
            this.httpPort = httpPort;
            this.managementPort = managementPort;
        }

        public String name() {
            return name;
        }

        public ChildJvm jvm() {
            return jvm;
        }

        public int managementPort() {
            return managementPort;
        }
    }

    private GatewayCluster(ExternalInfra.Instance infra, Map<String, String> infraEnv, Map<String, String> nodeOverrides) {
        this.infra = infra;
        this.infraEnv = infraEnv;
        this.nodeOverrides = nodeOverrides;
    }

    /** Wipes and starts the instance's broker and database, then the sandbox process. */
    public static GatewayCluster start(ExternalInfra.Instance infra, Map<String, String> nodeOverrides) throws Exception {
        infra.run("wipe");
        Map<String, String> env = infra.run("start");
        GatewayCluster cluster = new GatewayCluster(infra, env, nodeOverrides);
        cluster.startSandbox();
        return cluster;
    }

    private void startSandbox() throws Exception {
        sandboxPort = FreePorts.next();
        dvcltPort = FreePorts.next();
        sandbox = ChildJvm.start("sandbox", "vn.lienthong.gateway.sandbox.SandboxMain",
                Map.of("PMHT_SIM_PORT", String.valueOf(sandboxPort), "PMHT_USER", "sandbox", "PMHT_PASSWORD", "sandbox",
                        "DVCLT_SIM_PORT", String.valueOf(dvcltPort)),
                List.of("-Xmx128m", "-XX:+UseSerialGC"));
        Awaitility.await("sandbox up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> get(sandboxPort, "/sandbox/pmht?summary=true").statusCode() == 200);
    }

    public ExternalInfra.Instance infra() {
        return infra;
    }

    public Map<String, String> infraEnv() {
        return infraEnv;
    }

    /** Starts a new node (or restarts a stopped one on the same ports and data directory). */
    public Node startNode(String name) throws Exception {
        return startNode(name, Map.of());
    }

    /** Stops a node gracefully (SIGTERM: in-flight exchanges finish, Quartz checks out). */
    public void stopNode(String name) throws InterruptedException {
        nodes.get(name).jvm.stop(Duration.ofSeconds(60));
    }

    /** Starts (or restarts) a node with extra variables on top of the cluster's. */
    public Node startNode(String name, Map<String, String> extra) throws Exception {
        Node node = nodes.get(name);
        if (node == null) {
            node = new Node(name, FreePorts.next(), FreePorts.next());
            nodes.put(name, node);
        }
        Map<String, String> env = new HashMap<>();
        env.putAll(infraEnv);
        env.put("GATEWAY_ENV", "test");
        env.put("DATA_KEYS", ProductionEnv.TEST_DATA_KEYS);
        env.put("SANDBOX_SIMULATORS", "false");
        env.put("PMHT_URL", "http://127.0.0.1:" + sandboxPort + "/pmht");
        env.put("PMHT_USER", "sandbox");
        env.put("PMHT_PASSWORD", "sandbox");
        // every upstream must be explicit outside the sandbox: DVCLT is the sandbox process's simulator; the flows
        // these tests do not exercise point at a closed port and have their schedules off
        env.put("DVCLT_URL", "http://127.0.0.1:" + dvcltPort + "/dvclt");
        env.put("DVCLT_USER", "sandbox");
        env.put("DVCLT_PASSWORD", "sandbox");
        env.put("DVCLT_PULL_CRON", "off");
        env.put("PMHT_POLL_CRON", "off");
        env.put("MOLISA_URL", "http://127.0.0.1:9");
        env.put("MOLISA_USER", "unused");
        env.put("MOLISA_PASSWORD", "unused");
        env.put("DVCQG_SS_URL", "http://127.0.0.1:9");
        env.put("DVCQG_PROVIDER_URL", "http://127.0.0.1:9");
        env.put("DVCQG_USER", "unused");
        env.put("DVCQG_PASSWORD", "unused");
        env.put("DVCQG_MADONVI", "H46");
        env.put("DVCQG_CATALOGUE_AT_START", "false");
        env.put("DHIS2_ENABLED", "false");
        // the sandbox process's simulators on loopback speak plain HTTP
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "true");
        env.put("CONSOLE_USERS", "");
        env.put("RESULT_STORE_DIR", Path.of("target", "cluster-data", "shared-results").toAbsolutePath().toString());
        env.put("CIVIL_AWAITING_DIR", Path.of("target", "cluster-data", "shared-awaiting").toAbsolutePath().toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(node.httpPort));
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("MANAGEMENT_PORT", String.valueOf(node.managementPort));
        env.put("DATA_DIR", Path.of("target", "cluster-data", name).toAbsolutePath().toString());
        env.put("ROUTES_DIR", routesDir().toAbsolutePath().toString());
        env.put("NODE_NAME", name);
        env.put("DB_POOL_SIZE", "8");
        env.putAll(nodeOverrides);
        env.putAll(extra);
        node.starts++;
        node.jvm = ChildJvm.start("gateway-" + name + "-" + node.starts, "vn.lienthong.gateway.platform.GatewayMain",
                env, NODE_JVM);
        return node;
    }

    /**
     * The gateway's routes plus a probe route on a clustered Quartz schedule (every second) that writes each tick
     * it fires, with the node's name, to the trail of a pseudo-dossier QZ-PROBE: the test reads there whether a tick
     * fired on exactly one node.
     */
    private static Path routesDir() throws IOException {
        Path dir = Path.of("target", "cluster-routes");
        java.nio.file.Files.createDirectories(dir);
        try (var files = java.nio.file.Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        java.nio.file.Files.writeString(dir.resolve("zz-quartz-probe.camel.yaml"), """
                - route:
                    id: test.quartz-probe
                    from:
                      uri: "quartz:probe/tick?cron=0/1+*+*+*+*+?"
                      steps:
                        - bean:
                            ref: ledger
                            method: "event('QZ-PROBE', 'tick', '{{env:NODE_NAME}}', '${header.scheduledFireTime.time}')"
                """);
        return dir;
    }

    /** Ticks of the Quartz probe: scheduled fire time to the nodes that fired it (one each, if clustered). */
    public Map<String, List<String>> quartzTicks() throws Exception {
        Map<String, List<String>> ticks = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(infraEnv.get("DB_URL"), infraEnv.get("DB_USER"), infraEnv.get("DB_PASSWORD"));
             PreparedStatement ps = c.prepareStatement(
                     "SELECT reason, outcome FROM dossier_event WHERE ma_ho_so = 'QZ-PROBE' ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ticks.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return ticks;
    }

    /** One firing of a Quartz schedule, as the node that ran it logged it (QuartzClustering.FireLog). */
    public record Fire(String job, java.time.Instant tick, String node) {
    }

    private static final java.util.regex.Pattern FIRE = java.util.regex.Pattern.compile(
            "Schedule (\\S+) fired on this node for tick (\\S+)");

    /** Every schedule firing in the logs of the nodes' current processes (their logs since they started). */
    public List<Fire> scheduleFires() throws IOException {
        List<Fire> fires = new java.util.ArrayList<>();
        for (Node node : nodes.values()) {
            for (String line : java.nio.file.Files.readAllLines(node.jvm.log())) {
                java.util.regex.Matcher m = FIRE.matcher(line);
                if (m.find() && !"-".equals(m.group(2))) {
                    fires.add(new Fire(m.group(1), java.time.Instant.parse(m.group(2)), node.name));
                }
            }
        }
        return fires;
    }

    /** The DVCLT simulator's LayDanhSachHoSo calls (one per run of the pull schedule). */
    public int dvcltListCalls() throws Exception {
        return Dossiers.parse(get(dvcltPort, "/sandbox/dvclt").body()).path("listCalls").asInt();
    }

    /** The PMHT simulator's status queries (one per batch of a run of the status poll). */
    public int pmhtStatusQueries() throws Exception {
        return Dossiers.parse(get(sandboxPort, "/sandbox/pmht?summary=true").body()).path("statusQueries").asInt();
    }

    /** Waits until the node is live and answers on its HTTP port (its routes are started by then). */
    public void awaitUp(Node node, Duration atMost) {
        Awaitility.await(node.name + " up").atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!node.jvm.alive()) {
                        throw new AssertionError(node.name + " exited; see " + node.jvm.log());
                    }
                    // /api needs a client token; liveness on the management port does not
                    return get(node.managementPort, "/observe/health/live").statusCode() == 200
                            && get(node.httpPort, "/api/info").statusCode() == 401;
                });
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /**
     * Counts per maHoSo of the pushes the PMHT simulator accepted, the number of requests, and per maHoSo every push
     * request it received (accepted or answered "đã được tiếp nhận"): a dossier pushed twice shows 2 there.
     */
    public PmhtCounts pmhtCounts() throws Exception {
        JsonNode answer = Dossiers.parse(get(sandboxPort, "/sandbox/pmht?summary=true").body());
        Map<String, Integer> counts = new HashMap<>();
        answer.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        Map<String, Integer> pushes = new HashMap<>();
        answer.path("pushes").fields().forEachRemaining(e -> pushes.put(e.getKey(), e.getValue().asInt()));
        return new PmhtCounts(counts, answer.path("requests").asInt(), pushes);
    }

    public record PmhtCounts(Map<String, Integer> counts, int requests, Map<String, Integer> pushes) {
    }

    /** A slow PMHT (0: back to normal): the simulator holds each push this long before processing it. */
    public void pmhtPushDelay(long millis) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/pmht"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"pushDelayMillis\":" + millis + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PMHT simulator refused the delay: HTTP " + r.statusCode());
        }
    }

    /** Every status update the DVCLT simulator received, per maHoSo, in arrival order. */
    public Map<String, List<String>> dvcltStatuses() throws Exception {
        JsonNode answer = Dossiers.parse(get(dvcltPort, "/sandbox/dvclt").body());
        Map<String, List<String>> statuses = new HashMap<>();
        for (JsonNode u : answer.path("statusUpdates")) {
            statuses.computeIfAbsent(u.path("maHoSo").asText(), k -> new java.util.ArrayList<>()).add(u.path("trangThai").asText());
        }
        return statuses;
    }

    /** One status update as DVCLT received it: its code and the SHA-256 of its bytes. */
    public record Delivery(String trangThai, String sha) {
    }

    /** Every status update the DVCLT simulator received, per maHoSo, in arrival order, with its body's hash. */
    public Map<String, List<Delivery>> dvcltDeliveries() throws Exception {
        JsonNode answer = Dossiers.parse(get(dvcltPort, "/sandbox/dvclt").body());
        Map<String, List<Delivery>> out = new HashMap<>();
        for (JsonNode u : answer.path("statusUpdates")) {
            out.computeIfAbsent(u.path("maHoSo").asText(), k -> new java.util.ArrayList<>())
                    .add(new Delivery(u.path("trangThai").asText(), u.path("sha").asText()));
        }
        return out;
    }

    /** Ledger states of the dossiers whose maHoSo starts with the prefix, read from PostgreSQL directly. */
    public Map<String, String> ledgerStates(String prefix) throws Exception {
        Map<String, String> states = new HashMap<>();
        try (Connection c = DriverManager.getConnection(infraEnv.get("DB_URL"), infraEnv.get("DB_USER"), infraEnv.get("DB_PASSWORD"));
             PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, state FROM dossier WHERE ma_ho_so LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return states;
    }

    /** A GET on a node's management port (/observe/metrics, /observe/health/ready). */
    public HttpResponse<String> management(Node node, String path) throws IOException, InterruptedException {
        return get(node.managementPort, path);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        for (Node node : nodes.values()) {
            if (node.jvm != null) {
                node.jvm.close();
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
        infra.run("stop");
    }
}
