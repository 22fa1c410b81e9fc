package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sandbox stand-in for the Ministry of Justice civil registry (PMHT) push API, following DOMAIN.md F2:
 * HTTP 200 with {status "1"|"0", statusDescription, errorCode, errorDescription}; a re-push of a dossier it
 * already holds answers status "0" "Hồ sơ đã được tiếp nhận"; a PMHT address that is not an object, a bad
 * date or an unknown module is a business error. Faults (5xx, timeouts, resets) can be injected for tests.
 */
public final class PmhtSimulator implements AutoCloseable {

    public enum Fault { HTTP_500, HTTP_503, TIMEOUT, RESET }

    /** One push PMHT accepted. */
    public record Push(String maHoSoLT, String module, String maDonVi, String body) {
    }

    static final Set<String> V3_MODULES = Set.of("LTKS", "LTKT", "LTKH");
    static final Set<String> V1_MODULES = Set.of("KS", "KT", "HN", "KH", "CMC", "LH", "GH", "TGH");
    private static final Set<String> ADDRESS_FIELDS = Set.of("nksNoiSinh", "nksQueQuan", "meNoiCuTru", "chaNoiCuTru",
            "nycNoiCuTru", "nktNoiCuTru", "nktNoiChet");
    private static final DateTimeFormatter RECEIVED_AT =
            DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String user;
    private final String password;
    private final List<Push> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final Map<String, String> businessRejections = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile long timeoutMillis = 15_000;

    public PmhtSimulator(String host, int port, String user, String password) {
        this.user = user;
        this.password = password;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("PMHT simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "pmht-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/pmht/v3/hoso", ex -> handlePush(ex, V3_MODULES));
        server.createContext("/pmht/v1/hoso", ex -> handlePush(ex, V1_MODULES));
        server.createContext("/sandbox/pmht", this::handleControl);
    }

    public PmhtSimulator start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- controls for tests and the demo ----

    /** The next pushes fail with these faults, in order. */
    public void failNext(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    /** Pushes of this dossier get a business refusal (status "0") with this message. */
    public void rejectDossier(String maHoSoLT, String errorDescription) {
        businessRejections.put(maHoSoLT, errorDescription);
    }

    public void setTimeoutMillis(long millis) {
        this.timeoutMillis = millis;
    }

    public List<Push> accepted() {
        return List.copyOf(accepted);
    }

    public long acceptedCount(String maHoSoLT) {
        return accepted.stream().filter(p -> p.maHoSoLT().equals(maHoSoLT)).count();
    }

    public int requestCount() {
        return requests.get();
    }

    public void reset() {
        accepted.clear();
        held.clear();
        faults.clear();
        businessRejections.clear();
        requests.set(0);
    }

    // ---- HTTP ----

    private void handlePush(HttpExchange ex, Set<String> modules) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "{\"status\":\"0\",\"errorCode\":\"405\",\"errorDescription\":\"Method not allowed\"}");
                return;
            }
            if (!authorized(ex)) {
                send(ex, 401, "{\"status\":\"0\",\"errorCode\":\"401\",\"errorDescription\":\"Unauthorized\"}");
                return;
            }
            byte[] raw = readAll(ex.getRequestBody());
            Fault fault = faults.isEmpty() ? null : faults.remove(0);
            if (fault != null && applyFault(ex, fault)) {
                return;
            }
            send(ex, 200, json.writeValueAsString(answer(raw, modules)));
        }
    }

    private boolean applyFault(HttpExchange ex, Fault fault) throws IOException {
        switch (fault) {
            case HTTP_500 -> send(ex, 500, "{\"message\":\"Internal Server Error\"}");
            case HTTP_503 -> send(ex, 503, "{\"message\":\"Service Unavailable\"}");
            case TIMEOUT -> {
                try {
                    Thread.sleep(timeoutMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(ex, 504, "{\"message\":\"Gateway Timeout\"}");
            }
            case RESET -> { } // closing the exchange without a response drops the connection
        }
        return true;
    }

    synchronized ObjectNode answer(byte[] raw, Set<String> modules) {
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (IOException e) {
            return error("INVALID_JSON", "Dữ liệu không đúng định dạng JSON");
        }
        if (body == null || !body.isObject()) {
            return error("INVALID_JSON", "Dữ liệu không đúng định dạng JSON");
        }
        for (String field : List.of("maDonVi", "module", "maHoSoLT", "ngayTiepNhan", "data")) {
            if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                return error("MISSING_FIELD", "Thiếu trường bắt buộc: " + field);
            }
        }
        String module = body.get("module").asText();
        if (!modules.contains(module)) {
            return error("INVALID_MODULE", "Module không hợp lệ cho phiên bản API này: " + module);
        }
        try {
            LocalDateTime.parse(body.get("ngayTiepNhan").asText(), RECEIVED_AT);
        } catch (DateTimeParseException e) {
            return error("INVALID_DATE", "ngayTiepNhan không đúng định dạng dd/MM/yyyy HH:mm:ss");
        }
        JsonNode data;
        try {
            data = json.readTree(body.get("data").asText());
        } catch (IOException e) {
            return error("INVALID_DATA", "data phải là chuỗi JSON");
        }
        if (data == null || !data.isObject()) {
            return error("INVALID_DATA", "data phải là chuỗi JSON của một đối tượng");
        }
        for (String field : ADDRESS_FIELDS) {
            JsonNode address = data.get(field);
            if (address != null && !address.isNull()
                    && (!address.isObject() || !address.path("maTinh").isTextual() || !address.path("maXa").isTextual())) {
                return error("INVALID_ADDRESS", "Trường " + field + " phải có cấu trúc {maTinh, maHuyen, maXa, dcChiTiet}");
            }
        }
        for (JsonNode file : body.path("fileDinhKem")) {
            String content = file.path("duLieuTepDinhKem").asText("");
            try {
                Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                return error("INVALID_FILE", "duLieuTepDinhKem không phải base64");
            }
        }
        String code = body.get("maHoSoLT").asText();
        String rejection = businessRejections.get(code);
        if (rejection != null) {
            return error("REJECTED", rejection);
        }
        String canonical = body.toString();
        String previous = held.get(code);
        if (canonical.equals(previous)) {
            return error("DUPLICATE", "Hồ sơ " + code + " đã được tiếp nhận");
        }
        held.put(code, canonical);
        accepted.add(new Push(code, module, body.get("maDonVi").asText(), canonical));
        ObjectNode ok = json.createObjectNode();
        ok.put("status", "1");
        ok.put("statusDescription", "Thành công");
        ok.putNull("errorCode");
        ok.putNull("errorDescription");
        return ok;
    }

    private ObjectNode error(String code, String description) {
        ObjectNode n = json.createObjectNode();
        n.put("status", "0");
        n.put("statusDescription", "Thất bại");
        n.put("errorCode", code);
        n.put("errorDescription", description);
        return n;
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    /**
     * Demo controls: GET lists accepted pushes with {requests, acceptedTotal, counts: {maHoSoLT: n}} (add
     * ?summary=true for the counts only), POST {"fail": n, "fault": "HTTP_500"} injects faults, DELETE resets. */
    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    // ?summary=true leaves the list out: crash tests read only the counts of thousands of pushes
                    boolean summary = String.valueOf(ex.getRequestURI().getQuery()).contains("summary=true");
                    List<Map<String, String>> list = new ArrayList<>();
                    Map<String, Integer> counts = new java.util.TreeMap<>();
                    for (Push p : accepted) {
                        if (!summary) {
                            list.add(Map.of("maHoSoLT", p.maHoSoLT(), "module", p.module(), "maDonVi", p.maDonVi()));
                        }
                        counts.merge(p.maHoSoLT(), 1, Integer::sum);
                    }
                    Map<String, Object> answer = new java.util.LinkedHashMap<>();
                    answer.put("requests", requests.get());
                    answer.put("acceptedTotal", accepted.size());
                    answer.put("counts", counts);
                    if (!summary) {
                        answer.put("accepted", list);
                    }
                    send(ex, 200, json.writeValueAsString(answer));
                }
                case "POST" -> {
                    JsonNode cmd = json.readTree(readAll(ex.getRequestBody()));
                    failNext(cmd.path("fail").asInt(0), Fault.valueOf(cmd.path("fault").asText("HTTP_500")));
                    if (cmd.hasNonNull("reject")) {
                        rejectDossier(cmd.get("reject").asText(), cmd.path("message").asText("Hồ sơ bị từ chối"));
                    }
                    send(ex, 200, "{\"ok\":true}");
                }
                case "DELETE" -> {
                    reset();
                    send(ex, 200, "{\"ok\":true}");
                }
                default -> send(ex, 405, "{}");
            }
        } catch (IllegalArgumentException e) {
            send(ex, 400, "{\"error\":\"unknown fault\"}");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
