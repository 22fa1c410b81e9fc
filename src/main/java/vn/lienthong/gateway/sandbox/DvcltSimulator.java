package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sandbox stand-in for DVCLT (DOMAIN.md F1, F3): GetToken with expiring tokens (JWT-shaped, {@code exp} claim),
 * the list of new dossiers (LayDanhSachHoSo), their details with XML data (hosolienthong/{id}), the receipt
 * acknowledgement ({maHoSo, daNhan:true}) and a status sink that records every update in arrival order.
 * Faults: down (every API call 503) or the next n calls 500. Also hosts POST /sandbox/scenarios/{name}.
 */
public final class DvcltSimulator implements AutoCloseable {

    /** One status update DVCLT received, in arrival order; {@code rawSha} is the SHA-256 of the bytes as received. */
    public record StatusUpdate(String maHoSo, int trangThai, String body, String rawSha) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String user;
    private final String password;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final Map<String, Map<String, Object>> offered = new LinkedHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    // appended to, iterated while being appended to (a copy-on-write list copied all of it per update: quadratic in a
    // 100,000-dossier benchmark run, 300,000 updates)
    private final java.util.Queue<StatusUpdate> sink = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** LayDanhSachHoSo calls answered (one per run of the gateway's pull schedule). */
    private final java.util.concurrent.atomic.AtomicInteger listCalls = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> ackedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Consumer<StatusUpdate>> onStatus = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean listAckedAgain;
    private volatile Scenarios scenarios;

    /** The scenario runner behind POST /sandbox/scenarios/{name}. */
    public interface Scenarios {
        Map<String, Object> start(String name);
    }

    public DvcltSimulator(String host, int port, String user, String password, Clock clock, Duration tokenLifetime) {
        this.user = user;
        this.password = password;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("DVCLT simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dvclt-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/dvclt/api/", this::handleApi);
        server.createContext("/sandbox/dvclt", this::handleControl);
        server.createContext("/sandbox/scenarios/", this::handleScenario);
    }

    public DvcltSimulator start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- controls ----

    /** Offers a dossier detail under a DVCLT id (listed until acknowledged). */
    public synchronized void offer(String id, Map<String, Object> detail) {
        offered.put(id, new LinkedHashMap<>(detail));
    }

    /** Called when a status update for this dossier arrives (scenarios: the citizen answers a supplementation request). */
    public void onStatus(String maHoSo, Consumer<StatusUpdate> action) {
        onStatus.put(maHoSo, action);
    }

    /** Forgets every token issued (DVCLT restarted): the next call with an old token gets 401. */
    public void revokeTokens() {
        tokens.clear();
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    public void failNext(int times) {
        failNext.set(times);
    }

    /** Keep listing dossiers after their acknowledgement (DVCLT listing a dossier twice). */
    public void setListAckedAgain(boolean again) {
        this.listAckedAgain = again;
    }

    public void scenarios(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public List<StatusUpdate> statusUpdates() {
        return List.copyOf(sink);
    }

    /** How many updates arrived (without copying them). */
    public int statusUpdateCount() {
        return sink.size();
    }

    /** The trangThai sequence DVCLT received for a dossier, in arrival order. */
    public List<Integer> statuses(String maHoSo) {
        return sink.stream().filter(u -> u.maHoSo().equals(maHoSo)).map(StatusUpdate::trangThai).toList();
    }

    public List<String> acknowledged() {
        return List.copyOf(acks);
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int apiCalls() {
        return apiCalls.get();
    }

    public synchronized void reset() {
        offered.clear();
        tokens.clear();
        sink.clear();
        acks.clear();
        ackedIds.clear();
        onStatus.clear();
        tokensIssued.set(0);
        apiCalls.set(0);
        listCalls.set(0);
        failNext.set(0);
        down = false;
        listAckedAgain = false;
    }

    // ---- HTTP ----

    private void handleApi(HttpExchange ex) throws IOException {
        try (ex) {
            apiCalls.incrementAndGet();
            if (down) {
                send(ex, 503, "{\"message\":\"Service Unavailable\"}");
                return;
            }
            if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
                send(ex, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            }
            String path = ex.getRequestURI().getPath().substring("/dvclt/api/".length());
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (path.equals("GetToken")) {
                login(ex, raw);
                return;
            }
            if (!authorized(ex)) {
                send(ex, 401, "{\"status\":0,\"message\":\"Token không hợp lệ hoặc đã hết hạn\"}");
                return;
            }
            if (path.equals("LayDanhSachHoSo")) {
                listCalls.incrementAndGet();
                send(ex, 200, json.writeValueAsString(Map.of("status", 1, "data", listing())));
            } else if (path.startsWith("hosolienthong/")) {
                String id = URLDecoder.decode(path.substring("hosolienthong/".length()), StandardCharsets.UTF_8);
                Map<String, Object> d;
                synchronized (this) {
                    d = offered.get(id);
                }
                if (d == null) {
                    send(ex, 404, "{\"status\":0,\"message\":\"Không tìm thấy hồ sơ\"}");
                } else {
                    send(ex, 200, json.writeValueAsString(d));
                }
            } else if (path.equals("XacNhanNhanHoSo")) {
                JsonNode b = json.readTree(raw);
                String maHoSo = b.path("maHoSo").asText();
                if (!b.path("daNhan").asBoolean(false) || maHoSo.isBlank()) {
                    send(ex, 400, "{\"status\":0,\"message\":\"Thiếu maHoSo hoặc daNhan\"}");
                    return;
                }
                acks.add(maHoSo);
                synchronized (this) {
                    offered.forEach((id, d) -> {
                        if (maHoSo.equals(d.get("maHoSo"))) {
                            ackedIds.add(id);
                        }
                    });
                }
                send(ex, 200, "{\"status\":1,\"message\":\"Thành công\"}");
            } else if (path.equals("CapNhatTrangThaiHoSo")) {
                status(ex, raw);
            } else {
                send(ex, 404, "{\"status\":0,\"message\":\"Not found\"}");
            }
        }
    }

    private void login(HttpExchange ex, byte[] raw) throws IOException {
        JsonNode b = json.readTree(raw);
        if (!user.equals(b.path("userName").asText()) || !password.equals(b.path("password").asText())) {
            send(ex, 401, "{\"status\":0,\"message\":\"Sai tên đăng nhập hoặc mật khẩu\"}");
            return;
        }
        Instant exp = clock.instant().plus(tokenLifetime);
        String payload = json.writeValueAsString(Map.of("sub", user, "exp", exp.getEpochSecond(),
                "jti", tokensIssued.incrementAndGet()));
        String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".sandbox";
        tokens.put(token, exp);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token);
        answer.put("refreshToken", "refresh-" + tokensIssued.get());
        answer.put("refreshTokenExpiryTime", exp.plus(Duration.ofDays(1)).toString());
        send(ex, 200, json.writeValueAsString(answer));
    }

    private synchronized List<Map<String, Object>> listing() {
        List<Map<String, Object>> out = new ArrayList<>();
        offered.forEach((id, d) -> {
            if (listAckedAgain || !ackedIds.contains(id)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", id);
                for (String k : List.of("maDonVi", "maTTHC", "module", "maHoSo", "ngayTiepNhan", "techId")) {
                    item.put(k, d.get(k));
                }
                out.add(item);
            }
        });
        return out;
    }

    private void status(HttpExchange ex, byte[] raw) throws IOException {
        JsonNode b;
        try {
            b = json.readTree(raw);
        } catch (IOException e) {
            send(ex, 400, "{\"status\":0,\"message\":\"JSON không hợp lệ\"}");
            return;
        }
        for (String f : List.of("maTTHC", "soHoSoLT", "coQuanXuLy", "maHoSo", "trangThai", "thoiGianThucHien", "ghiChu",
                "ketQuaXuLy", "nguoiXuLy", "chucDanh", "phongBanXuLy", "noiDungXuLy", "ngayBatDau",
                "ngayKetThucTheoQuyDinh", "ngayHenTraTruoc", "ngayHenTraMoi", "hanBoSungHoSo")) {
            if (!b.has(f)) {
                send(ex, 400, "{\"status\":0,\"message\":\"Thiếu trường " + f + "\"}");
                return;
            }
        }
        StatusUpdate u = new StatusUpdate(b.path("maHoSo").asText(), b.path("trangThai").asInt(), b.toString(), sha256(raw));
        sink.add(u);
        send(ex, 200, "{\"status\":1,\"message\":\"Cập nhật trạng thái thành công\"}");
        Consumer<StatusUpdate> action = onStatus.get(u.maHoSo());
        if (action != null) {
            action.accept(u);
        }
    }

    private static String sha256(byte[] raw) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int listCalls() {
        return listCalls.get();
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        Instant exp = tokens.get(h.substring(7));
        return exp != null && clock.instant().isBefore(exp);
    }

    /** GET: sink, acknowledgements, token count; POST {"down": bool, "fail": n, "listAckedAgain": bool}; DELETE resets. */
    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    List<Map<String, Object>> updates = new ArrayList<>();
                    for (StatusUpdate u : sink) {
                        updates.add(Map.of("maHoSo", u.maHoSo(), "trangThai", u.trangThai(), "sha", u.rawSha()));
                    }
                    state.put("statusUpdates", updates);
                    state.put("acknowledged", acks);
                    state.put("tokensIssued", tokensIssued.get());
                    state.put("listCalls", listCalls.get());
                    state.put("offered", listing());
                    send(ex, 200, json.writeValueAsString(state));
                }
                case "POST" -> {
                    JsonNode cmd = json.readTree(ex.getRequestBody().readAllBytes());
                    if (cmd.has("down")) {
                        setDown(cmd.get("down").asBoolean());
                    }
                    if (cmd.has("fail")) {
                        failNext(cmd.get("fail").asInt());
                    }
                    if (cmd.has("listAckedAgain")) {
                        setListAckedAgain(cmd.get("listAckedAgain").asBoolean());
                    }
                    send(ex, 200, "{\"ok\":true}");
                }
                case "DELETE" -> {
                    reset();
                    send(ex, 200, "{\"ok\":true}");
                }
                default -> send(ex, 405, "{}");
            }
        }
    }

    private void handleScenario(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod()) || scenarios == null) {
                send(ex, 405, "{\"error\":\"POST /sandbox/scenarios/{TH1|DVCLT_01-03|1-3-7-2-3-7-6|rejection}\"}");
                return;
            }
            String name = URLDecoder.decode(ex.getRequestURI().getPath().substring("/sandbox/scenarios/".length()),
                    StandardCharsets.UTF_8);
            try {
                send(ex, 200, json.writeValueAsString(scenarios.start(name)));
            } catch (IllegalArgumentException e) {
                send(ex, 404, json.writeValueAsString(Map.of("error", e.getMessage())));
            }
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        SimulatorHttp.sendJson(ex, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
