package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * Every HTTP route (read from the running CamelContext, so a new route is covered without editing this test)
 * answers a failure it did not answer itself with the fixed JSON body {status, error, message, trackingId}: never
 * the exception's text, class or stack trace; the trackingId leads the operator to one log line. And no HTTP route
 * lets the caller's headers (its bearer token) become JMS properties of what it queues.
 */
class HttpErrorPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a failure's message can hold: Jackson quoting the input, an SQL statement. */
    private static final String SECRET_NAME = "Nguyễn Văn Thử";
    private static final String SECRET_ID = "001195000077";
    private static final String LEAKY_MESSAGE = "Unexpected character ('N' (code 78)): \"" + SECRET_NAME + " "
            + SECRET_ID + "\" in SELECT * FROM dossier WHERE id = '" + SECRET_ID + "'";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP route: its id and a request that reaches it. */
    record HttpRoute(String id, String method, String path) {
    }

    static List<HttpRoute> httpRoutes(CamelContext camel) {
        List<HttpRoute> out = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint e) {
                String methods = e.getHttpMethodRestrict();
                String method = methods == null || methods.isBlank() ? "GET" : methods.split(",")[0].trim();
                String path = e.getPath().replaceAll("\\{[^}]+}", "X1");
                out.add(new HttpRoute(route.getRouteId(), method, path.equals("/console") ? "/console/" : path));
            }
        }
        return out;
    }

    private HttpResponse<String> call(GatewayHarness gw, HttpRoute route, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = gw.authorized(HttpRequest.newBuilder(URI.create(gw.baseUrl() + route.path())))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (route.method().equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(route.method(), HttpRequest.BodyPublishers.ofString("{}"));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The fixed body: exactly status, error, message, trackingId; nothing of the exception. */
    private static JsonNode assertFixedBody(String routeId, HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as("%s answered %s", routeId, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(routeId).startsWith("application/json");
        assertNoExceptionText(routeId, r.body());
        JsonNode body = JSON.readTree(r.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(routeId).containsExactly("status", "error", "message", "trackingId");
        assertThat(body.path("status").asInt()).as(routeId).isEqualTo(status);
        assertThat(body.path("trackingId").asText()).as(routeId).isNotBlank();
        return body;
    }

    private static void assertNoExceptionText(String routeId, String body) {
        assertThat(body).as("%s's answer", routeId)
                .doesNotContain(SECRET_NAME).doesNotContain(SECRET_ID).doesNotContain("Exception")
                .doesNotContain("\tat ").doesNotContain("java.").doesNotContain("org.apache").doesNotContain("SELECT")
                .doesNotContain("hsqldb");
    }

    @Test
    void aFailureOnEveryHttpRouteIsAnsweredWithTheFixedBodyAndOneLogLineWithItsTrackingId() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Map<String, String> trackingIds = new LinkedHashMap<>();
        try (GatewayHarness gw = GatewayHarness.start()) {
            CamelContext camel = gw.gateway().camelContext();
            List<HttpRoute> routes = httpRoutes(camel);
            assertThat(routes).hasSizeGreaterThanOrEqualTo(29);
            for (HttpRoute route : routes) {
                assertThat(((ModelCamelContext) camel).getRouteDefinition(route.id()).getRouteConfigurationId())
                        .as("%s uses the HTTP error policy", route.id()).isEqualTo("http-errors");
                // a fault at the route's first step: whatever the route would have done, it fails
                AdviceWith.adviceWith(camel, route.id(),
                        a -> a.weaveAddFirst().throwException(new IllegalStateException(LEAKY_MESSAGE)));
            }
            root.addAppender(captured);
            for (HttpRoute route : routes) {
                HttpResponse<String> r = call(gw, route, Map.of());
                trackingIds.put(route.id(), assertFixedBody(route.id(), r, 500).path("trackingId").asText());
            }
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                .toList();
        trackingIds.forEach((routeId, trackingId) -> assertThat(lines)
                .as("the log line of %s's failure", routeId)
                .filteredOn(l -> l.contains(trackingId))
                .singleElement().asString().contains(routeId).contains("java.lang.IllegalStateException"));
        assertThat(String.join("\n", lines)).as("logs").doesNotContain(SECRET_NAME).doesNotContain(SECRET_ID);
    }

    @Test
    void theDatabaseStoppedIsA503WithTheFixedBodyOnEveryRouteThatNeedsIt() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        try (GatewayHarness gw = GatewayHarness.start(Map.of("DB_CONNECTION_TIMEOUT_MS", "1000"))) {
            root.addAppender(captured);
            List<HttpRoute> routes = httpRoutes(gw.gateway().camelContext());
            // the in-memory database goes away: a reconnect finds an empty one, without the gateway's tables
            try (Connection c = DriverManager.getConnection(gw.gateway().config().dbUrl(), "SA", "");
                 Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            Map<String, Integer> statuses = new LinkedHashMap<>();
            for (HttpRoute route : routes) {
                HttpResponse<String> r = call(gw, route, Map.of());
                statuses.put(route.id(), r.statusCode());
                assertNoExceptionText(route.id(), r.body());
                if (r.statusCode() >= 500 && !route.id().startsWith("dvcqg.")) {
                    assertFixedBody(route.id(), r, 503);
                } else if (r.statusCode() >= 500) {
                    // DVCQG's own documented answers {status: ERROR, error, message} (docs/dvcqg.md)
                    assertThat(JSON.readTree(r.body()).path("error").asText()).as(route.id()).isNotBlank();
                }
            }
            // the routes that read the database cannot answer anything else
            assertThat(statuses).as("statuses with the database stopped").containsAllEntriesOf(Map.of(
                    "api.dossier", 503, "civil.result", 503, "health.http-dhis2-pull", 503,
                    "health.http-birth-by-number", 503, "health.http-death-by-number", 503,
                    "civil.status-sweep-http", 503, "civil.pmht-poll-http", 503));
        } finally {
            root.detachAppender(captured);
        }
        // no HTTP exchange's failure was logged by Camel's default error handler (exception text, stack trace)
        assertThat(captured.list).filteredOn(e -> e.getFormattedMessage().contains("platform-http"))
                .extracting(ILoggingEvent::getLoggerName).doesNotContain("org.apache.camel.processor.errorhandler.DefaultErrorHandler");
    }

    @Test
    void theCallersHeadersNeverBecomeJmsPropertiesOfWhatAnHttpRouteQueues() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(Map.of("DVCLT_STATUS_SWEEP_AFTER_SECONDS", "0"))) {
            CamelContext camel = gw.gateway().camelContext();
            // DVCLT paused (the intake cannot send its updates at once) and the relay stopped, so the dossier's DVCLT
            // updates stay pending and its triggers stay queued
            camel.getRouteController().stopRoute("civil.status-relay");
            gw.gateway().circuits().pause("dvclt");
            String maHoSo = "G22.99.08-260713-" + (7000 + (int) (Math.random() * 999));
            assertThat(gw.post("/api/civil/dossiers", Dossiers.json(Dossiers.birth(maHoSo))).statusCode()).isEqualTo(202);
            gw.awaitState(maHoSo, "SENT");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !gw.browse("civil.status.outbound").isEmpty());
            gw.gateway().circuits().resume("dvclt");
            // every other queue consumer stops too: what the HTTP routes queue stays where they put it
            for (Route route : camel.getRoutes()) {
                if (route.getEndpoint().getEndpointUri().startsWith("jms:")) {
                    camel.getRouteController().stopRoute(route.getRouteId());
                }
            }
            int before = gw.browse("civil.status.outbound").size();
            String canary = "canary-" + UUID.randomUUID();
            Map<String, String> headers = Map.of("Canary", canary, "X-Forwarded-For", canary);

            HttpResponse<String> sweep = call(gw, new HttpRoute("civil.status-sweep-http", "POST", "/api/civil/status/sweep"), headers);
            assertThat(sweep.statusCode()).as(sweep.body()).isEqualTo(200);
            assertThat(JSON.readTree(sweep.body()).path("retriggered").asInt()).isGreaterThanOrEqualTo(1);
            List<GatewayHarness.QueuedMessage> triggers = gw.browse("civil.status.outbound");
            assertThat(triggers).hasSizeGreaterThan(before);
            // and every other HTTP route, with the same headers
            for (HttpRoute route : httpRoutes(camel)) {
                call(gw, route, headers);
            }
            String token = gw.gateway().devToken();
            assertThat(token).isNotBlank();
            int browsed = 0;
            for (String queue : gw.gateway().queueStatsView().depths().keySet()) {
                for (GatewayHarness.QueuedMessage m : gw.browse(queue)) {
                    browsed++;
                    assertThat(m.properties().keySet()).as("properties of a message on %s", queue)
                            .doesNotContain("Authorization", "Canary", "User_HYPHEN_Agent", "Host");
                    assertThat(m.properties().values()).as("properties of a message on %s", queue)
                            .noneMatch(v -> v != null && (v.contains(token) || v.contains(canary)));
                }
            }
            assertThat(browsed).isGreaterThan(before);
        }
    }

    @Test
    void jacksonsMessageQuotingTheInputIsNotCopiedIntoAnswersOrQueuedReasons() throws Exception {
        // Jackson's message for this would quote the unquoted name: "Unrecognized token 'Nguyễn': was expecting ..."
        String unparseable = "{\"hoTen\": " + SECRET_NAME + ", \"soDinhDanh\": " + SECRET_ID + "x}";
        try (GatewayHarness gw = GatewayHarness.start()) {
            Map<String, String> invalidQueues = new LinkedHashMap<>();
            invalidQueues.put("/api/civil/dossiers", "civil.dossier.invalid");
            invalidQueues.put("/api/molisa/dossiers", "molisa.invalid");
            invalidQueues.put("/api/health/birth-certificates", "health.invalid");
            invalidQueues.put("/api/civil/dossiers/G22.99.08-260713-0001/decision", null);
            for (Map.Entry<String, String> e : invalidQueues.entrySet()) {
                HttpResponse<String> r = gw.post(e.getKey(), unparseable);
                assertThat(r.statusCode()).as("%s: %s", e.getKey(), r.body()).isBetween(400, 499);
                assertThat(r.body()).as(e.getKey()).contains("not valid JSON at line 1, column")
                        .doesNotContain("Nguy").doesNotContain(SECRET_ID).doesNotContain("Unrecognized token");
                if (e.getValue() != null) {
                    gw.awaitQueued(e.getValue(), Duration.ofSeconds(10), m -> true);
                    for (GatewayHarness.QueuedMessage m : gw.browse(e.getValue())) {
                        assertThat(m.properties().get("gatewayReason")).as(e.getValue())
                                .contains("not valid JSON").doesNotContain("Nguy").doesNotContain(SECRET_ID);
                    }
                }
            }
        }
    }
}
