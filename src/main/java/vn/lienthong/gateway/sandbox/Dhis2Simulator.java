package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sandbox stand-in for DHIS2's tracker Web API, the subset the gateway uses: {@code GET /api/tracker/events}
 * (program, programStage, updatedAfter inclusive as in DHIS2, order=updatedAt:asc, page, pageSize; answer
 * {@code {"pager":{..},"events":[..]}}) and {@code POST /api/tracker} (importStrategy UPDATE of existing events'
 * data values; answer an import report with status OK, or 409 with status ERROR and errorReports). HTTP Basic.
 * Controls: {@code GET /sandbox/dhis2} lists events and calls, {@code POST /sandbox/dhis2 {"events":[..]}} adds
 * events (updatedAt = now), {@code POST /sandbox/dhis2 {"fail":n}} makes the next n calls answer 503,
 * {@code DELETE /sandbox/dhis2} resets.
 */
public final class Dhis2Simulator implements AutoCloseable {

    /** DHIS2 renders timestamps as server-local ISO date-times with milliseconds. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    /** One call received: method, path and query string. */
    public record Call(String method, String path, String query, String body) {
        public Map<String, String> params() {
            return parseQuery(query);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String user;
    private final String password;
    private final List<ObjectNode> events = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int failNext;
    private LocalDateTime lastStamp = LocalDateTime.MIN;

    public Dhis2Simulator(String host, int port, String user, String password) {
        this.user = user;
        this.password = password;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 32);
        } catch (IOException e) {
            throw new IllegalStateException("DHIS2 simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dhis2-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/tracker", this::handleApi);
        server.createContext("/sandbox/dhis2", this::handleControl);
    }

    public Dhis2Simulator start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- controls ----

    /**
     * Adds a death event of the given program stage; {@code dataValues} maps data element id to value.
     * updatedAt and createdAt are "now" (strictly increasing). Returns the stored event.
     */
    public synchronized ObjectNode addEvent(String uid, String program, String programStage, String orgUnit,
                                            String occurredAt, Map<String, String> dataValues) {
        ObjectNode e = json.createObjectNode();
        e.put("event", uid);
        e.put("status", "COMPLETED");
        e.put("program", program);
        e.put("programStage", programStage);
        e.put("orgUnit", orgUnit);
        e.put("orgUnitName", "Trạm Y tế " + orgUnit);
        e.put("occurredAt", occurredAt);
        String now = stamp();
        e.put("createdAt", now);
        e.put("updatedAt", now);
        ArrayNode dv = e.putArray("dataValues");
        dataValues.forEach((de, v) -> dv.addObject().put("dataElement", de).put("value", v));
        events.removeIf(x -> x.path("event").asText().equals(uid));
        events.add(e);
        return e;
    }

    /** A health worker's edit in DHIS2 (e.g. the weekly A6 review adds the cause of death): value set, updatedAt now. */
    public synchronized void editEvent(String uid, String dataElement, String value) {
        ObjectNode e = event(uid);
        if (e == null) {
            throw new IllegalArgumentException("no event " + uid);
        }
        setDataValue(e, dataElement, value);
        e.put("updatedAt", stamp());
    }

    public List<ObjectNode> events() {
        return List.copyOf(events);
    }

    public ObjectNode event(String uid) {
        return events.stream().filter(e -> e.path("event").asText().equals(uid)).findFirst().orElse(null);
    }

    /** The value of a data element of an event, or null. */
    public String dataValue(String uid, String dataElement) {
        ObjectNode e = event(uid);
        if (e == null) {
            return null;
        }
        for (JsonNode dv : e.path("dataValues")) {
            if (dataElement.equals(dv.path("dataElement").asText())) {
                return dv.path("value").asText();
            }
        }
        return null;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    public void failNext(int n) {
        failNext = n;
    }

    public synchronized void reset() {
        events.clear();
        calls.clear();
        failNext = 0;
    }

    // ---- HTTP ----

    private void handleApi(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(ex.getRequestMethod(), path, query, body));
            if (!authorized(ex)) {
                send(ex, 401, "{\"httpStatus\":\"Unauthorized\",\"httpStatusCode\":401,\"status\":\"ERROR\","
                        + "\"message\":\"Unauthorized\"}");
                return;
            }
            if (failNext > 0) {
                failNext--;
                send(ex, 503, "{\"httpStatus\":\"Service Unavailable\",\"httpStatusCode\":503,\"status\":\"ERROR\"}");
                return;
            }
            if ("GET".equals(ex.getRequestMethod()) && path.equals("/api/tracker/events")) {
                send(ex, 200, json.writeValueAsString(page(parseQuery(query))));
            } else if ("POST".equals(ex.getRequestMethod()) && path.equals("/api/tracker")) {
                ObjectNode report = importEvents(body, parseQuery(query));
                send(ex, "OK".equals(report.path("status").asText()) ? 200 : 409, json.writeValueAsString(report));
            } else {
                send(ex, 404, "{\"httpStatusCode\":404,\"status\":\"ERROR\",\"message\":\"Not found\"}");
            }
        }
    }

    private synchronized ObjectNode page(Map<String, String> q) {
        String program = q.get("program");
        String stage = q.get("programStage");
        String updatedAfter = q.get("updatedAfter");
        int page = Math.max(1, parseInt(q.get("page"), 1));
        int pageSize = Math.max(1, Math.min(1000, parseInt(q.get("pageSize"), 50)));
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode e : events) {
            if (program != null && !program.equals(e.path("program").asText())) {
                continue;
            }
            if (stage != null && !stage.equals(e.path("programStage").asText())) {
                continue;
            }
            // like DHIS2's lastUpdatedStartDate: the bound is included
            if (updatedAfter != null && !updatedAfter.isBlank()
                    && parseStamp(e.path("updatedAt").asText()).isBefore(parseStamp(updatedAfter))) {
                continue;
            }
            matching.add(e);
        }
        matching.sort(Comparator.comparing((ObjectNode e) -> e.path("updatedAt").asText()));
        ObjectNode out = json.createObjectNode();
        out.putObject("pager").put("page", page).put("pageSize", pageSize);
        ArrayNode list = out.putArray("events");
        int from = (page - 1) * pageSize;
        for (int i = from; i < Math.min(matching.size(), from + pageSize); i++) {
            list.add(matching.get(i).deepCopy());
        }
        return out;
    }

    private synchronized ObjectNode importEvents(String body, Map<String, String> q) {
        ObjectNode report = json.createObjectNode();
        ArrayNode errors = json.createArrayNode();
        int updated = 0;
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.path("events").isArray()) {
            errors.addObject().put("message", "Payload must contain an events array").put("errorCode", "E1000");
        } else {
            String strategy = q.getOrDefault("importStrategy", "CREATE_AND_UPDATE");
            for (JsonNode in : root.get("events")) {
                String uid = in.path("event").asText();
                ObjectNode existing = event(uid);
                if (existing == null) {
                    errors.addObject().put("message", "Event: `" + uid + "`, does not exist.").put("errorCode", "E1032")
                            .put("trackerType", "EVENT").put("uid", uid);
                    continue;
                }
                if (!"UPDATE".equals(strategy) && !"CREATE_AND_UPDATE".equals(strategy)) {
                    errors.addObject().put("message", "Event: `" + uid + "`, already exists.").put("errorCode", "E1030")
                            .put("trackerType", "EVENT").put("uid", uid);
                    continue;
                }
                for (JsonNode dv : in.path("dataValues")) {
                    setDataValue(existing, dv.path("dataElement").asText(), dv.path("value").asText());
                }
                existing.put("updatedAt", stamp());
                updated++;
            }
        }
        boolean ok = errors.isEmpty();
        report.put("status", ok ? "OK" : "ERROR");
        report.putObject("validationReport").set("errorReports", errors);
        report.putObject("stats").put("created", 0).put("updated", ok ? updated : 0).put("deleted", 0)
                .put("ignored", ok ? 0 : Math.max(1, root == null ? 1 : root.path("events").size())).put("total", updated);
        return report;
    }

    private static void setDataValue(ObjectNode event, String dataElement, String value) {
        ArrayNode dvs = event.withArray("dataValues");
        for (JsonNode dv : dvs) {
            if (dataElement.equals(dv.path("dataElement").asText())) {
                ((ObjectNode) dv).put("value", value);
                return;
            }
        }
        dvs.addObject().put("dataElement", dataElement).put("value", value);
    }

    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("events", events);
                    m.put("calls", calls.stream().map(c -> c.method() + " " + c.path()
                            + (c.query() == null ? "" : "?" + c.query())).toList());
                    send(ex, 200, json.writeValueAsString(m));
                }
                case "POST" -> {
                    JsonNode cmd = json.readTree(ex.getRequestBody().readAllBytes());
                    if (cmd.has("fail")) {
                        failNext(cmd.get("fail").asInt());
                    }
                    for (JsonNode e : cmd.path("events")) {
                        Map<String, String> values = new LinkedHashMap<>();
                        for (JsonNode dv : e.path("dataValues")) {
                            values.put(dv.path("dataElement").asText(), dv.path("value").asText());
                        }
                        addEvent(e.path("event").asText(), e.path("program").asText(), e.path("programStage").asText(),
                                e.path("orgUnit").asText(), e.path("occurredAt").asText(), values);
                    }
                    send(ex, 200, "{\"ok\":true}");
                }
                case "DELETE" -> {
                    reset();
                    send(ex, 200, "{\"ok\":true}");
                }
                default -> send(ex, 405, "{}");
            }
        } catch (IOException | RuntimeException e) {
            send(ex, 400, "{\"error\":\"bad control request\"}");
        }
    }

    private synchronized String stamp() {
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh")).truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(lastStamp)) {
            now = lastStamp.plusNanos(1_000_000);
        }
        lastStamp = now;
        return TIMESTAMP.format(now);
    }

    private static LocalDateTime parseStamp(String s) {
        String t = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
        return LocalDateTime.parse(t.length() == 10 ? t + "T00:00" : t);
    }

    private boolean authorized(HttpExchange ex) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> m = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return m;
        }
        for (String pair : query.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        SimulatorHttp.sendJson(ex, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
