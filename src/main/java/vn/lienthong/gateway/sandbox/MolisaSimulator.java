package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sandbox stand-in for MOLISA's social-assistance API (seed 003 Phụ lục 1): GetToken with configured credentials
 * issuing tokens with a TTL; DongBoDVC / XuLyHoSo / FileQuyetDinh taking JSON arrays, checking the {@code AccessKey}
 * header and every record against the simulator's own copy of the seed's field tables and lists
 * ({@link MolisaSeedTables}: names as the table spells them, types, maximum lengths, required fields, the wire
 * formats of the seed's examples, catalogue ids). A batch with any bad record is refused as a whole with the seed's
 * answer {@code {error_code != 0, message}} naming the record and the field, like an all-or-nothing import;
 * accepted records are kept for tests. Faults can be injected.
 */
public final class MolisaSimulator implements AutoCloseable {

    public enum Fault { HTTP_500, RESET }

    /** error_code values the simulator answers. */
    public static final int OK = 0;
    public static final int BAD_CREDENTIALS = 1;
    public static final int INVALID_DATA = 2;
    public static final int REFUSED = 3;
    public static final int BAD_TOKEN = 401;

    /** The operations of seed 003 Phụ lục 1 (2.a, 2.b, 2.c). */
    public static final String DONG_BO_DVC = "DongBoDVC";
    public static final String XU_LY_HO_SO = "XuLyHoSo";
    public static final String FILE_QUYET_DINH = "FileQuyetDinh";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String username;
    private final String password;
    private final Clock clock;
    private final MolisaSeedTables seed = MolisaSeedTables.get();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> accepted = new LinkedHashMap<>(); // filled before start, then only read
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, String> refusedRecords = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger authRefusals = new AtomicInteger();
    private volatile Duration tokenTtl;
    private volatile int authFailureHttpStatus = 401;

    /** Seed prefix "/api/v1/Service/", 30-minute tokens, system clock. */
    public MolisaSimulator(String host, int port, String username, String password) {
        this(host, port, "/api/v1/Service/", username, password, Duration.ofMinutes(30), Clock.systemUTC());
    }

    public MolisaSimulator(String host, int port, String pathPrefix, String username, String password,
                           Duration tokenTtl, Clock clock) {
        this.username = username;
        this.password = password;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
        String prefix = (pathPrefix.startsWith("/") ? "" : "/") + pathPrefix + (pathPrefix.endsWith("/") ? "" : "/");
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("MOLISA simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "molisa-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        for (String operation : seed.operations()) {
            accepted.put(operation, new CopyOnWriteArrayList<>());
            server.createContext(prefix + operation, ex -> handle(ex, operation));
        }
        server.createContext(prefix + "GetToken", ex -> handle(ex, null));
        server.createContext("/sandbox/molisa", this::inspect);
    }

    public MolisaSimulator start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://host:port", to be joined with the path prefix. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    // ---- controls and observations for tests ----

    /** The next {@code times} calls (any operation) fail with {@code fault}. */
    public void failNext(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    /** Any batch holding this MaHoSo is refused with {@code message} (a business refusal MOLISA could make). */
    public void refuseRecord(String maHoSo, String message) {
        refusedRecords.put(maHoSo, message);
    }

    /** Forgets every token issued, as a MOLISA restart or early revocation would. */
    public void revokeTokens() {
        tokens.clear();
    }

    public void setTokenTtl(Duration ttl) {
        this.tokenTtl = ttl;
    }

    /** HTTP status of an AccessKey refusal: 401 by default; 200 mimics peers that only set error_code. */
    public void setAuthFailureHttpStatus(int status) {
        this.authFailureHttpStatus = status;
    }

    /** Records accepted by an operation ("DongBoDVC", "XuLyHoSo", "FileQuyetDinh"). */
    public List<Map<String, Object>> accepted(String operation) {
        return List.copyOf(accepted.get(operation));
    }

    public List<Map<String, Object>> acceptedDossiers() {
        return accepted(DONG_BO_DVC);
    }

    public List<Map<String, Object>> acceptedProgress() {
        return accepted(XU_LY_HO_SO);
    }

    public List<Map<String, Object>> acceptedDecisions() {
        return accepted(FILE_QUYET_DINH);
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** Calls refused for a missing, unknown or expired AccessKey. */
    public int authRefusals() {
        return authRefusals.get();
    }

    /** Requests received by an operation ("GetToken", "DongBoDVC", ...), faults included. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public void reset() {
        tokens.clear();
        accepted.values().forEach(List::clear);
        calls.clear();
        refusedRecords.clear();
        faults.clear();
        tokensIssued.set(0);
        authRefusals.set(0);
    }

    // ---- HTTP ----

    /** GET /sandbox/molisa: what the simulator received (MaHoSo per operation, counters) for demos; DELETE resets. */
    private void inspect(HttpExchange ex) throws IOException {
        try (ex) {
            if ("DELETE".equals(ex.getRequestMethod())) {
                reset();
                send(ex, 200, answer(OK, "reset"));
                return;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tokensIssued", tokensIssued.get());
            out.put("authRefusals", authRefusals.get());
            Map<String, Object> received = new LinkedHashMap<>();
            accepted.forEach((operation, records) ->
                    received.put(operation, records.stream().map(r -> String.valueOf(r.get("MaHoSo"))).toList()));
            out.put("accepted", received);
            Map<String, Integer> callCounts = new LinkedHashMap<>();
            calls.forEach((k, v) -> callCounts.put(k, v.get()));
            out.put("calls", callCounts);
            send(ex, 200, JSON.writeValueAsString(out));
        }
    }

    private void handle(HttpExchange ex, String table) throws IOException {
        try (ex) {
            String operation = table == null ? "GetToken" : table;
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            byte[] raw = ex.getRequestBody().readAllBytes();
            Fault fault = faults.isEmpty() ? null : faults.remove(0);
            if (fault == Fault.HTTP_500) {
                send(ex, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            }
            if (fault == Fault.RESET) {
                return; // closing the exchange without a response drops the connection
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, answer(405, "Method not allowed"));
                return;
            }
            if (table == null) {
                send(ex, 200, getToken(raw));
                return;
            }
            if (!validToken(ex.getRequestHeaders().getFirst("AccessKey"))) {
                authRefusals.incrementAndGet();
                send(ex, authFailureHttpStatus, answer(BAD_TOKEN, "AccessKey không hợp lệ hoặc đã hết hạn"));
                return;
            }
            send(ex, 200, records(table, raw));
        }
    }

    private String getToken(byte[] raw) throws IOException {
        JsonNode body = readTree(raw);
        if (body == null || !body.isObject()
                || !username.equals(body.path("username").asText(null)) || !password.equals(body.path("password").asText(null))) {
            return answer(BAD_CREDENTIALS, "Tài khoản hoặc mật khẩu không đúng");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, clock.instant().plus(tokenTtl));
        tokensIssued.incrementAndGet();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error_code", OK);
        out.put("message", "Thành công");
        out.put("token", token);
        return JSON.writeValueAsString(out);
    }

    private boolean validToken(String token) {
        if (token == null) {
            return false;
        }
        Instant expiresAt = tokens.get(token);
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    private String records(String table, byte[] raw) throws IOException {
        JsonNode body = readTree(raw);
        // FileQuyetDinh is documented as one object in places and as an array in the example: accept both there.
        if (body != null && body.isObject() && FILE_QUYET_DINH.equals(table)) {
            body = JSON.createArrayNode().add(body);
        }
        if (body == null || !body.isArray()) {
            return answer(INVALID_DATA, "Dữ liệu phải là một mảng JSON");
        }
        if (body.isEmpty()) {
            return answer(INVALID_DATA, "Không có dữ liệu");
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (JsonNode node : body) {
            if (!node.isObject()) {
                return answer(INVALID_DATA, "Mỗi phần tử phải là một đối tượng JSON");
            }
            records.add(JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { }));
        }
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            String violation = seed.firstViolation(table, record);
            if (violation != null) {
                return answer(INVALID_DATA, "Bản ghi " + (i + 1) + " (MaHoSo " + record.get("MaHoSo") + "): " + violation);
            }
            String refusal = refusedRecords.get(String.valueOf(record.get("MaHoSo")));
            if (refusal != null) {
                return answer(REFUSED, refusal);
            }
        }
        accepted.get(table).addAll(records);
        return answer(OK, "Thành công");
    }

    private static JsonNode readTree(byte[] raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static String answer(int errorCode, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error_code", errorCode);
        out.put("message", message);
        return JSON.writeValueAsString(out);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        SimulatorHttp.sendJson(ex, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "MolisaSimulator[port=" + port() + ", accepted=" + Collections.unmodifiableMap(sizes()) + "]";
    }

    private Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        accepted.forEach((t, l) -> out.put(t, l.size()));
        return out;
    }
}
