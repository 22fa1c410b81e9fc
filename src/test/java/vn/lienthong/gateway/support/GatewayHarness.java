package vn.lienthong.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.awaitility.Awaitility;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.platform.Gateway;
import vn.lienthong.gateway.platform.GatewayConfig;

/**
 * Starts a real gateway in-process for a test class: embedded Artemis (journal in target/), in-memory HSQLDB,
 * the sandbox PMHT simulator over real HTTP on a free port, and the routes from routes/.
 */
public final class GatewayHarness implements AutoCloseable {

    private final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int httpPort;
    private final int managementPort;

    private GatewayHarness(Map<String, String> overrides, Clock clock) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        httpPort = FreePorts.next();
        managementPort = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_ENV", "sandbox");
        env.put("DATA_DIR", Path.of("target", "test-data", id).toString());
        env.put("DB_URL", "jdbc:hsqldb:mem:gw" + id + ";hsqldb.tx=mvcc");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("PMHT_SIM_PORT", String.valueOf(FreePorts.next()));
        env.put("MOLISA_SIM_PORT", String.valueOf(FreePorts.next()));
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("DVCQG_SIM_PORT", String.valueOf(FreePorts.next()));
        env.put("DHIS2_SIM_PORT", String.valueOf(FreePorts.next()));
        env.put("EMBEDDED_BROKER_ACCEPTOR", "none");
        env.put("RETRY_MAX", "4");
        env.put("RETRY_DELAY_MS", "50");
        env.put("PMHT_TIMEOUT_MS", "2000");
        env.put("CIRCUIT_OPEN_SECONDS", "1");
        env.put("CIRCUIT_WINDOW", "50");
        env.put("MAX_BODY_BYTES", String.valueOf(2 * 1024 * 1024));
        env.put("DVCLT_SIM_PORT", String.valueOf(FreePorts.next()));
        // tests run the schedules themselves (direct: routes), never on the wall clock
        env.put("DVCLT_PULL_CRON", "off");
        env.put("PMHT_POLL_CRON", "off");
        env.put("DVCLT_STATUS_SWEEP_CRON", "off");
        env.putAll(overrides);
        gateway = new Gateway(GatewayConfig.of(env), clock).start();
    }

    public static GatewayHarness start() throws Exception {
        return new GatewayHarness(Map.of(), Clock.systemUTC());
    }

    public static GatewayHarness start(Map<String, String> overrides) throws Exception {
        return new GatewayHarness(overrides, Clock.systemUTC());
    }

    /** With a clock the test moves (token expiry, schedules): used by the ledger, token caches and simulators. */
    public static GatewayHarness start(Map<String, String> overrides, Clock clock) throws Exception {
        return new GatewayHarness(overrides, clock);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Base URL of the management server (health, metrics, info). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Gateway gateway() {
        return gateway;
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the management port (/observe/health, /observe/metrics, /observe/info). */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Adds the sandbox development token, as a configured client would send its own. */
    public HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return gateway.devToken() == null ? request : request.header("Authorization", "Bearer " + gateway.devToken());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Drops a text message on a queue the way another system would. */
    public void send(String queue, String text) throws Exception {
        try (Connection c = gateway.connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.send(s.createTextMessage(text));
        }
    }

    /** Text and string properties of every message waiting on a queue, without consuming them. */
    public List<QueuedMessage> browse(String queue) throws Exception {
        List<QueuedMessage> out = new ArrayList<>();
        try (Connection c = gateway.connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            Queue q = s.createQueue(queue);
            try (QueueBrowser b = s.createBrowser(q)) {
                Enumeration<?> e = b.getEnumeration();
                while (e.hasMoreElements()) {
                    Message m = (Message) e.nextElement();
                    Map<String, String> props = new HashMap<>();
                    for (Object name : Collections.list(m.getPropertyNames())) {
                        props.put(name.toString(), m.getStringProperty(name.toString()));
                    }
                    out.add(new QueuedMessage(m instanceof TextMessage t ? t.getText() : null, props));
                }
            }
        }
        return out;
    }

    /**
     * Waits until a message matching {@code match} is on {@code queue} and returns it. The broker creates a
     * dead-letter queue with its first message, so until then browsing it fails: that counts as "not yet".
     */
    public QueuedMessage awaitQueued(String queue, Duration atMost,
                                     java.util.function.Predicate<QueuedMessage> match) {
        return Awaitility.await().atMost(atMost).ignoreExceptionsInstanceOf(jakarta.jms.InvalidDestinationException.class)
                .until(() -> browse(queue).stream().filter(match).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /**
     * Consumes messages from a queue until {@code done} says the collected ones suffice or the timeout passes
     * (browsing large messages repeatedly is slow; consuming reads each once).
     */
    public Map<String, QueuedMessage> consumeUntil(String queue, String keyProperty, Duration timeout,
                                                    java.util.function.Predicate<Map<String, QueuedMessage>> done) throws Exception {
        Map<String, QueuedMessage> collected = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = gateway.connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            while (!done.test(collected) && System.nanoTime() < deadline) {
                Message m = consumer.receive(500);
                if (m == null) {
                    continue;
                }
                Map<String, String> props = new HashMap<>();
                for (Object name : Collections.list(m.getPropertyNames())) {
                    props.put(name.toString(), m.getStringProperty(name.toString()));
                }
                collected.put(props.get(keyProperty), new QueuedMessage(m instanceof TextMessage t ? t.getText() : null, props));
            }
            consumer.close();
        }
        return collected;
    }

    public record QueuedMessage(String text, Map<String, String> properties) {
        /** A text message whose body contains every one of {@code fragments}. */
        public boolean textContains(String... fragments) {
            return text != null && java.util.Arrays.stream(fragments).allMatch(text::contains);
        }
    }

    public DossierView awaitState(String maHoSo, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> gateway.ledger().find(maHoSo).map(v -> v.state().equals(state)).orElse(false));
        return gateway.ledger().find(maHoSo).orElseThrow();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
