package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * <p>
 * Seed 000, common errors 1 and 2: a dossier is filed under the unit it was pushed with ({@code maDonVi}, whose
 * province PMHT computes from the registration date with its own unit register, {@link PmhtUnits}) and the module
 * it was pushed with. PMHT accepts any unit code, but a status query for another province or module, or a unit
 * code that names no unit on that date, gets no information back ({@code status 1} with no item for the code),
 * and only the officers of that unit see it ({@link #receivable}).
 */
public final class PmhtSimulator implements AutoCloseable {

    public enum Fault { HTTP_500, HTTP_503, TIMEOUT, RESET }

    /** One push PMHT accepted. */
    public record Push(String maHoSoLT, String module, String maDonVi, String body, String maTinh) {
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
    /** Every push request per maHoSoLT, whatever its answer: what a "pushed twice" count is read from. */
    private final Map<String, AtomicInteger> pushesReceived = new ConcurrentHashMap<>();
    /** A slow PMHT: each push is held this long before it is processed (and stored). */
    private volatile long pushDelayMillis;

    /** One status PMHT reports for a pushed dossier (see {@link #script}). */
    public record Stage(int trangThai, String ghiChu, String hanBoSungHoSo, boolean issueResult, boolean corruptResult,
                        String errors) {

        public static Stage waiting() {
            return new Stage(1, "Chờ tiếp nhận", null, false, false, null);
        }

        public static Stage processing() {
            return new Stage(3, "Đang xử lý", null, false, false, null);
        }

        public static Stage supplement(String ghiChu, String deadline) {
            return new Stage(2, ghiChu, deadline, false, false, null);
        }

        public static Stage registered() {
            return new Stage(4, "Đã đăng ký, đã ký số và ban hành", null, true, false, null);
        }

        public static Stage registeredWithCorruptFile() {
            return new Stage(4, "Đã đăng ký", null, true, true, null);
        }

        public static Stage rejected(String reason) {
            return new Stage(6, reason, null, false, false, null);
        }

        public static Stage other(int trangThai, String errors) {
            return new Stage(trangThai, "", null, false, false, errors);
        }
    }

    /** A status query PMHT received. */
    public record StatusQuery(String module, String maTinh, List<String> codes) {
    }

    private static final class Progress {
        int push;
        int index;
        int shown = -1;
        String time;
        String result;
    }

    private static final DateTimeFormatter PMHT_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");
    private static final List<List<Stage>> DEFAULT_SCRIPT = List.of(List.of(Stage.waiting(), Stage.processing(),
            Stage.registered()));

    private final Clock clock;
    private final Map<String, String> heldModule = new ConcurrentHashMap<>();
    private final Map<String, String> heldUnit = new ConcurrentHashMap<>();
    /** The province PMHT files each dossier under; absent when its maDonVi named no unit on the registration date. */
    private final Map<String, String> heldProvince = new ConcurrentHashMap<>();
    private final Map<String, List<List<Stage>>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final List<StatusQuery> statusQueries = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();

    public PmhtSimulator(String host, int port, String user, String password) {
        this(host, port, user, password, "/v3/trangthai", Clock.systemUTC());
    }

    /** @param statusPath the status query path under /pmht (PMHT_STATUS_PATH) */
    public PmhtSimulator(String host, int port, String user, String password, String statusPath, Clock clock) {
        this.user = user;
        this.password = password;
        this.clock = clock;
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
        server.createContext("/pmht" + statusPath, this::handleStatus);
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

    /** Push requests that named this maHoSoLT (accepted, duplicate or refused). */
    public int pushesReceived(String maHoSoLT) {
        AtomicInteger n = pushesReceived.get(maHoSoLT);
        return n == null ? 0 : n.get();
    }

    /** A slow PMHT: each push waits this long before it is processed. */
    public void setPushDelayMillis(long millis) {
        this.pushDelayMillis = millis;
    }

    private void countPush(byte[] raw) {
        try {
            JsonNode body = json.readTree(raw);
            String code = body == null ? "" : body.path("maHoSoLT").asText("");
            if (!code.isEmpty()) {
                pushesReceived.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
            }
        } catch (IOException e) {
            // not JSON: refused by answer(), nothing to count per dossier
        }
    }

    /**
     * What PMHT reports for a dossier: one list of stages per push (a re-push after supplementation moves to the
     * next list; the last list repeats). Each status query returns the current stage, then moves to the next (the
     * last stage stays). Unscripted dossiers go waiting (1), processing (3), registered with a certificate (4).
     */
    public void script(String maHoSoLT, List<List<Stage>> perPush) {
        scripts.put(maHoSoLT, List.copyOf(perPush));
    }

    /**
     * The dossiers an officer of unit {@code maDonVi} finds under "Tiếp nhận hồ sơ từ MCDT" (seed 000 TH1): only those
     * pushed with that unit code. A dossier pushed under another unit is accepted but not listed (common error 1).
     */
    public List<String> receivable(String maDonVi) {
        return heldUnit.entrySet().stream().filter(e -> e.getValue().equals(maDonVi)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** PMHT loses the dossier (tests: a dossier PMHT does not know). */
    public void forget(String maHoSoLT) {
        held.remove(maHoSoLT);
        heldModule.remove(maHoSoLT);
        heldProvince.remove(maHoSoLT);
        progress.remove(maHoSoLT);
    }

    /** Drops the faults not used yet. */
    public void clearFaults() {
        faults.clear();
    }

    public List<StatusQuery> statusQueries() {
        return List.copyOf(statusQueries);
    }

    public void reset() {
        accepted.clear();
        held.clear();
        heldModule.clear();
        heldUnit.clear();
        heldProvince.clear();
        scripts.clear();
        progress.clear();
        statusQueries.clear();
        faults.clear();
        businessRejections.clear();
        requests.set(0);
        pushesReceived.clear();
        pushDelayMillis = 0;
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
            countPush(raw);
            Fault fault = faults.isEmpty() ? null : faults.remove(0);
            if (fault != null && applyFault(ex, fault)) {
                return;
            }
            if (pushDelayMillis > 0) {
                try {
                    Thread.sleep(pushDelayMillis); // processed even if the caller is gone meanwhile, as a server would
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
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
        LocalDateTime received;
        try {
            received = LocalDateTime.parse(body.get("ngayTiepNhan").asText(), RECEIVED_AT);
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
        String maDonVi = body.get("maDonVi").asText();
        String maTinh = PmhtUnits.get().provinceOf(maDonVi, received.toLocalDate()).orElse(null);
        held.put(code, canonical);
        heldModule.put(code, module);
        heldUnit.put(code, maDonVi);
        if (maTinh == null) {
            heldProvince.remove(code); // accepted all the same: PMHT does not check the unit (common error 1)
        } else {
            heldProvince.put(code, maTinh);
        }
        progress.compute(code, (k, p) -> {
            Progress next = new Progress();
            next.push = p == null ? 0 : p.push + 1;
            return next;
        });
        accepted.add(new Push(code, module, maDonVi, canonical, maTinh));
        ObjectNode ok = json.createObjectNode();
        ok.put("status", "1");
        ok.put("statusDescription", "Thành công");
        ok.putNull("errorCode");
        ok.putNull("errorDescription");
        return ok;
    }

    private void handleStatus(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "{\"status\":0,\"statusDescription\":\"Method not allowed\"}");
                return;
            }
            if (!authorized(ex)) {
                send(ex, 401, "{\"status\":0,\"statusDescription\":\"Unauthorized\"}");
                return;
            }
            byte[] raw = readAll(ex.getRequestBody());
            Fault fault = faults.isEmpty() ? null : faults.remove(0);
            if (fault != null && applyFault(ex, fault)) {
                return;
            }
            send(ex, 200, json.writeValueAsString(statusAnswer(raw)));
        }
    }

    synchronized ObjectNode statusAnswer(byte[] raw) {
        ObjectNode answer = json.createObjectNode();
        JsonNode q;
        try {
            q = json.readTree(raw);
        } catch (IOException e) {
            q = null;
        }
        if (q == null || !q.path("maDinhDanhHoSo").isArray() || !q.path("module").isTextual() || !q.path("maTinh").isTextual()) {
            answer.put("status", 0);
            answer.put("statusDescription", "Thiếu tham số maDinhDanhHoSo, maTinh hoặc module");
            answer.putArray("value");
            return answer;
        }
        String module = q.get("module").asText();
        String maTinh = q.get("maTinh").asText();
        List<String> codes = new ArrayList<>();
        q.get("maDinhDanhHoSo").forEach(c -> codes.add(c.asText()));
        statusQueries.add(new StatusQuery(module, maTinh, List.copyOf(codes)));
        answer.put("status", 1);
        answer.put("statusDescription", "Thành công");
        var value = answer.putArray("value");
        for (String code : codes) {
            // found only under the module it was pushed with (seed 000, common error 2) and in the province of
            // the unit it was pushed under (common error 1): otherwise no information comes back for it
            if (!module.equals(heldModule.get(code)) || !maTinh.equals(heldProvince.get(code))) {
                continue;
            }
            Progress p = progress.computeIfAbsent(code, k -> new Progress());
            List<List<Stage>> script = scripts.getOrDefault(code, DEFAULT_SCRIPT);
            List<Stage> stages = script.get(Math.min(p.push, script.size() - 1));
            int index = Math.min(p.index, stages.size() - 1);
            Stage stage = stages.get(index);
            if (p.shown != index) {
                p.shown = index;
                p.time = LocalDateTime.now(clock.withZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh"))).format(PMHT_TIME);
            }
            if (p.index < stages.size() - 1) {
                p.index++;
            }
            ObjectNode item = value.addObject();
            item.put("maDonVi", heldUnit.get(code));
            item.put("maTinh", maTinh);
            item.put("module", module);
            item.put("maHoSoLT", code);
            item.put("maHoSoMCDT", code);
            var errors = item.putArray("errors");
            if (stage.errors() != null) {
                errors.add(stage.errors());
            }
            item.put("trangThai", String.valueOf(stage.trangThai()));
            item.put("thoiGianThucHien", p.time);
            item.put("ghiChu", stage.ghiChu());
            if (stage.issueResult() && p.result == null) {
                p.result = result(code, module, stage.corruptResult()); // issued once, the same at every query
            }
            item.put("ketQuaXuLy", stage.issueResult() ? p.result : "");
            item.put("nguoiXuLy", "Công chức hộ tịch (sandbox)");
            item.put("chucDanh", "Công chức Tư pháp - Hộ tịch");
            item.put("phongBanXuLy", "UBND " + heldUnit.get(code));
            item.put("noiDungXuLy", stage.ghiChu());
            item.put("hanBoSungHoSo", stage.hanBoSungHoSo() == null ? "" : stage.hanBoSungHoSo());
        }
        return answer;
    }

    /** ketQuaXuLy of a registration: facts plus the signed certificate as base64 PDF (a JSON string). */
    private String result(String code, String module, boolean corrupt) {
        int n = registrations.incrementAndGet();
        ObjectNode r = json.createObjectNode();
        r.put("soDinhDanh", String.format("0012260%05d", n));
        r.put("soDangKy", String.valueOf(100 + n));
        r.put("quyenSo", "01/2026");
        r.put("trangSo", String.valueOf(n));
        r.put("ngayDangKy", LocalDateTime.now(clock.withZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")))
                .format(DateTimeFormatter.ofPattern("dd.MM.uuuu")));
        String field = RESULT_FIELDS.getOrDefault(module, "giayKhaiSinh");
        byte[] file = corrupt ? "this is not a certificate".getBytes(StandardCharsets.UTF_8)
                : MinimalPdf.signed(field + " (BAN SAO DIEN TU)",
                        "Ma ho so: " + code, "So dang ky: " + (100 + n), "Sandbox - not a real certificate");
        r.put(field, Base64.getEncoder().encodeToString(file));
        return r.toString();
    }

    /**
     * The certificate's field in ketQuaXuLy per module: giayKhaiSinh / giayKhaiTu as DOMAIN.md F4 names them; for the
     * other modules no document names it, so the sandbox uses names of its own (the gateway takes the one PDF field).
     */
    static final Map<String, String> RESULT_FIELDS = Map.ofEntries(Map.entry("LTKS", "giayKhaiSinh"),
            Map.entry("KS", "giayKhaiSinh"), Map.entry("LTKT", "giayKhaiTu"), Map.entry("KT", "giayKhaiTu"),
            Map.entry("LTKH", "giayChungNhanKetHon"), Map.entry("KH", "giayChungNhanKetHon"),
            Map.entry("HN", "giayXacNhanTinhTrangHonNhan"), Map.entry("CMC", "trichLucNhanChaMeCon"),
            Map.entry("LH", "trichLucGhiChuLyHon"), Map.entry("GH", "trichLucDangKyGiamHo"),
            Map.entry("TGH", "trichLucChamDutGiamHo"));

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
     * Demo controls: GET lists accepted pushes with {requests, acceptedTotal, counts: {maHoSoLT: n}, pushes:
     * {maHoSoLT: push requests received}} (add ?summary=true for the counts only; ?maDonVi=07219 lists what that
     * unit's officers see), POST {"fail": n, "fault": "HTTP_500"} injects faults, {"pushDelayMillis": n} makes
     * pushes slow, DELETE resets. */
    private void handleControl(HttpExchange ex) throws IOException {
        try (ex) {
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    String query = String.valueOf(ex.getRequestURI().getQuery());
                    if (query.startsWith("maDonVi=")) {
                        // what the officers of one unit see in PMHT (seed 000, common error 1)
                        String unit = query.substring("maDonVi=".length());
                        send(ex, 200, json.writeValueAsString(Map.of("maDonVi", unit, "receivable", receivable(unit))));
                        return;
                    }
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
                    answer.put("statusQueries", statusQueries.size());
                    answer.put("counts", counts);
                    Map<String, Integer> pushes = new java.util.TreeMap<>();
                    pushesReceived.forEach((k, v) -> pushes.put(k, v.get()));
                    answer.put("pushes", pushes);
                    if (!summary) {
                        answer.put("accepted", list);
                    }
                    send(ex, 200, json.writeValueAsString(answer));
                }
                case "POST" -> {
                    JsonNode cmd = json.readTree(readAll(ex.getRequestBody()));
                    failNext(cmd.path("fail").asInt(0), Fault.valueOf(cmd.path("fault").asText("HTTP_500")));
                    if (cmd.has("pushDelayMillis")) {
                        setPushDelayMillis(cmd.get("pushDelayMillis").asLong());
                    }
                    if (cmd.hasNonNull("script")) {
                        script(cmd.get("script").asText(), stagesOf(cmd.path("perPush")));
                    }
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
            send(ex, 400, json.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
        }
    }

    /**
     * {@code [[{"trangThai":2,"ghiChu":"...","hanBoSungHoSo":"...","issueResult":false}, ...], ...]}: what the
     * officer will do, one list per push (the acceptance run's simulated officer scripts PMHT over HTTP with it).
     */
    private static List<List<Stage>> stagesOf(JsonNode perPush) {
        if (!perPush.isArray() || perPush.isEmpty()) {
            throw new IllegalArgumentException("perPush must be a non-empty array of arrays of stages");
        }
        List<List<Stage>> out = new ArrayList<>();
        for (JsonNode push : perPush) {
            List<Stage> stages = new ArrayList<>();
            for (JsonNode st : push) {
                stages.add(new Stage(st.path("trangThai").asInt(1), st.path("ghiChu").asText(""),
                        st.hasNonNull("hanBoSungHoSo") ? st.get("hanBoSungHoSo").asText() : null,
                        st.path("issueResult").asBoolean(false), false, null));
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("perPush must be a non-empty array of arrays of stages");
            }
            out.add(stages);
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        SimulatorHttp.sendJson(ex, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
