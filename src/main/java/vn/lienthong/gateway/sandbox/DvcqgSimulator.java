package vn.lienthong.gateway.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sandbox stand-in for the province's security server forwarding to the national portal's document store (DVCQG
 * Kho DL) and to other agencies' file servers (seed 002 part V):
 * <ul>
 * <li>{@code POST /XrdAdapter/RestService/forward/mapi/login} {username, password} -> {session, expires_in}</li>
 * <li>{@code POST /XrdAdapter/RestService/forward/mapi/call} {session, madonvi, service: LayDanhMucSSTaiTep} -> {result[]}</li>
 * <li>{@code POST /XrdAdapter/RestService/forward/bndp/public/v1/user/papers?dstcode=&providerurl=} with the token in
 * Authorization -> {errorCode, message, signature, result: {DanhSachGiayToKetQua[]}}</li>
 * <li>{@code GET /VXPAdapter/RestService/forward/<path>?dstcode=&providerurl=} -> the file, only when dstcode is the
 * member that serves providerurl</li>
 * <li>{@code /sandbox/dvcqg}: GET counters, POST {"endpoint","fault","times"} or {"expireTokens":true}, DELETE reset</li>
 * </ul>
 * The seed's samples are answered unchanged ({@code sandbox/dvcqg/seed-002-samples.json}): the V.1 catalogue, and
 * the V.2 sample papers, held by the V.2 sample citizen {@link #SEED_CITIZEN} and by {@link #SANDBOX_CITIZEN}. What
 * the sandbox adds is kept apart ({@code sandbox/dvcqg/sandbox-additions.json}): Hà Giang's catalogue row and two
 * more papers of the sandbox citizen, whose files carry the seed's V.3 case-1 and case-2 links. As seed 002 V.3
 * says, result codes that do not belong to the procedure are refused as invalid ({@code errorCode} other than "0").
 */
public final class DvcqgSimulator implements AutoCloseable {

    public static final String SANDBOX_CITIZEN = "001099012345";
    /** SoDinhDanhChuSoHuu of seed 002's V.2 request sample. */
    public static final String SEED_CITIZEN = "013419012";
    /** MaThuTuc of seed 002's V.2 request sample. */
    public static final String PROCEDURE = "1.001193";
    public static final String HAGIANG_DSTCODE = "VN:GOV:000.00.00.H22:hagiangvdxpsvc01";
    public static final String HAGIANG_PROVIDER = "https://dichvucong.hagiang.gov.vn";
    public static final String MOIT_DSTCODE = "VN:GOV:000.00.00.G02:tmdtktsbctss01";
    public static final String MOIT_PROVIDER = "https://dichvucong.moit.gov.vn";
    static final String SEED_SAMPLES = "/sandbox/dvcqg/seed-002-samples.json";
    static final String ADDITIONS = "/sandbox/dvcqg/sandbox-additions.json";

    public enum Endpoint { LOGIN, CATALOGUE, PAPERS, DOWNLOAD }

    /** DOWN: HTTP 502 from the security server (the provider behind it is unreachable); ERROR_CODE: DVCQG answers errorCode -1; GARBAGE: not JSON. */
    public enum Fault { DOWN, ERROR_CODE, GARBAGE }

    private record StoredFile(String dstcode, String name, byte[] bytes) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String user;
    private final String password;
    private final String portalDstcode;
    private final String portalProvider;
    private final long tokenTtlSeconds;
    private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
    private final Map<Endpoint, List<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<Endpoint, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final List<ObjectNode> catalogue = new ArrayList<>();
    private final Map<String, List<ObjectNode>> papersByOwner = new LinkedHashMap<>();
    private final Map<String, Set<String>> procedureResults = new LinkedHashMap<>();
    private final List<String> lastAuthorizations = new CopyOnWriteArrayList<>();

    public DvcqgSimulator(String host, int port, String user, String password, String portalDstcode, String portalProvider,
                          long tokenTtlSeconds) {
        this.user = user;
        this.password = password;
        this.portalDstcode = portalDstcode;
        this.portalProvider = stripSlash(portalProvider);
        this.tokenTtlSeconds = tokenTtlSeconds;
        for (Endpoint e : Endpoint.values()) {
            faults.put(e, new CopyOnWriteArrayList<>());
            calls.put(e, new AtomicInteger());
        }
        seed();
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("DVCQG simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dvcqg-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/XrdAdapter/RestService/forward/mapi/login", this::login);
        server.createContext("/XrdAdapter/RestService/forward/mapi/call", this::mapiCall);
        server.createContext("/XrdAdapter/RestService/forward/bndp/public/v1/user/papers", this::papers);
        server.createContext("/VXPAdapter/RestService/forward/", this::download);
        server.createContext("/sandbox/dvcqg", this::control);
    }

    private void seed() {
        JsonNode samples = resource(SEED_SAMPLES);
        JsonNode additions = resource(ADDITIONS);
        samples.path("catalogueResponse").path("result").forEach(a -> catalogue.add((ObjectNode) a.deepCopy()));
        additions.path("catalogue").forEach(a -> catalogue.add((ObjectNode) a.deepCopy()));

        List<ObjectNode> seedPapers = new ArrayList<>();
        samples.path("papersResponse").path("result").path("DanhSachGiayToKetQua")
                .forEach(p -> seedPapers.add((ObjectNode) p.deepCopy()));
        papersByOwner.put(samples.path("papersRequest").path("SoDinhDanhChuSoHuu").asText(), List.copyOf(seedPapers));
        List<ObjectNode> sandbox = new ArrayList<>(seedPapers);
        additions.path("papers").forEach(p -> sandbox.add((ObjectNode) p.deepCopy()));
        papersByOwner.put(SANDBOX_CITIZEN, List.copyOf(sandbox));

        // The results of the sample procedure: those the V.2 request asks for and those its response returns.
        Set<String> results = new java.util.LinkedHashSet<>();
        samples.path("papersRequest").path("DanhSachDanhMucKetQua").forEach(r -> results.add(r.path("MaKetQua").asText()));
        seedPapers.forEach(p -> results.add(p.path("MaKetQua").asText()));
        procedureResults.put(samples.path("papersRequest").path("MaThuTuc").asText(), Set.copyOf(results));

        for (JsonNode f : additions.path("files")) {
            String name = f.path("name").asText();
            String content = "%PDF-1.4\n% sandbox paper " + name + "\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
            files.put(f.path("providerurl").asText() + f.path("path").asText(),
                    new StoredFile(f.path("dstcode").asText(), name, content.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private JsonNode resource(String name) {
        try (java.io.InputStream in = DvcqgSimulator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + name, e);
        }
    }

    public DvcqgSimulator start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- controls for tests and the demo ----

    public void failNext(Endpoint endpoint, int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            faults.get(endpoint).add(fault);
        }
    }

    /** Every token issued so far stops working (as when DVCQG's session expires on its side). */
    public void expireTokens() {
        liveTokens.clear();
    }

    public int calls(Endpoint endpoint) {
        return calls.get(endpoint).get();
    }

    public int logins() {
        return calls(Endpoint.LOGIN);
    }

    /** The Authorization headers of the papers calls, in order (to check the token is reused). */
    public List<String> papersAuthorizations() {
        return List.copyOf(lastAuthorizations);
    }

    public void reset() {
        faults.values().forEach(List::clear);
        calls.values().forEach(c -> c.set(0));
        lastAuthorizations.clear();
    }

    // ---- HTTP ----

    private void login(HttpExchange ex) throws IOException {
        try (ex) {
            calls.get(Endpoint.LOGIN).incrementAndGet();
            if (fault(ex, Endpoint.LOGIN)) {
                return;
            }
            JsonNode body = read(ex);
            if (body == null || !user.equals(body.path("username").asText()) || !password.equals(body.path("password").asText())) {
                send(ex, 401, "{\"error_code\":\"1\",\"message\":\"Sai tên đăng nhập hoặc mật khẩu\"}");
                return;
            }
            String token = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
            liveTokens.add(token);
            ObjectNode ok = json.createObjectNode();
            ok.put("error_code", "0");
            ok.put("session", token);
            ok.put("expires_in", tokenTtlSeconds);
            send(ex, 200, ok.toString());
        }
    }

    private void mapiCall(HttpExchange ex) throws IOException {
        try (ex) {
            calls.get(Endpoint.CATALOGUE).incrementAndGet();
            if (fault(ex, Endpoint.CATALOGUE)) {
                return;
            }
            JsonNode body = read(ex);
            if (body == null || !liveTokens.contains(body.path("session").asText())) {
                send(ex, 401, "{\"error_code\":\"401\",\"message\":\"Session không hợp lệ hoặc đã hết hạn\"}");
                return;
            }
            if (body.path("madonvi").asText().isBlank() || !"LayDanhMucSSTaiTep".equals(body.path("service").asText())) {
                send(ex, 400, "{\"error_code\":\"1\",\"message\":\"Thiếu madonvi hoặc service không hợp lệ\"}");
                return;
            }
            ObjectNode ok = json.createObjectNode();
            ArrayNode result = ok.putArray("result");
            catalogue.forEach(result::add);
            send(ex, 200, ok.toString());
        }
    }

    private void papers(HttpExchange ex) throws IOException {
        try (ex) {
            calls.get(Endpoint.PAPERS).incrementAndGet();
            Map<String, String> q = query(ex);
            if (!portalDstcode.equals(q.get("dstcode")) || !portalProvider.equals(stripSlash(q.get("providerurl")))) {
                send(ex, 400, "{\"errorCode\":\"SS_ROUTING\",\"message\":\"dstcode/providerurl không đúng dịch vụ Kho DL Cổng DVCQG\"}");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            lastAuthorizations.add(auth == null ? "" : auth);
            if (auth == null || !liveTokens.contains(auth)) {
                send(ex, 401, "{\"errorCode\":\"401\",\"message\":\"Token không hợp lệ hoặc đã hết hạn\"}");
                return;
            }
            if (fault(ex, Endpoint.PAPERS)) {
                return;
            }
            JsonNode body = read(ex);
            String problem = problem(body);
            if (problem != null) {
                send(ex, 200, error("1", "Dữ liệu không hợp lệ: " + problem));
                return;
            }
            ArrayNode found = json.createArrayNode();
            List<ObjectNode> held = papersByOwner.getOrDefault(body.path("SoDinhDanhChuSoHuu").asText(), List.of());
            for (JsonNode want : body.path("DanhSachDanhMucKetQua")) {
                for (ObjectNode p : held) {
                    String so = want.path("SoKyHieu").asText("");
                    if (p.path("MaKetQua").asText().equals(want.path("MaKetQua").asText())
                            && (so.isEmpty() || so.equals(p.path("SoKyHieu").asText()))) {
                        found.add(p);
                    }
                }
            }
            ObjectNode ok = json.createObjectNode();
            ok.put("errorCode", "0");
            ok.put("message", "Successfully");
            ok.put("signature", "Signature");
            ok.putObject("result").set("DanhSachGiayToKetQua", found);
            send(ex, 200, ok.toString());
        }
    }

    private String problem(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "body";
        }
        for (String f : List.of("MaThuTuc", "SoDinhDanhChuSoHuu", "KenhThucHien")) {
            if (body.path(f).asText("").isBlank()) {
                return "thiếu " + f;
            }
        }
        String kenh = body.path("KenhThucHien").asText();
        if (!Set.of("1", "2", "3").contains(kenh)) {
            return "KenhThucHien";
        }
        if (!"2".equals(kenh) && (body.path("SoDinhDanhNguoiYeuCau").asText("").isBlank()
                || body.path("HoTenNguoiYeuCau").asText("").isBlank())) {
            return "thiếu thông tin cán bộ tiếp nhận";
        }
        Set<String> allowed = procedureResults.getOrDefault(body.path("MaThuTuc").asText(), Set.of());
        JsonNode list = body.path("DanhSachDanhMucKetQua");
        if (!list.isArray() || list.isEmpty()) {
            return "DanhSachDanhMucKetQua";
        }
        for (JsonNode item : list) {
            if (!allowed.contains(item.path("MaKetQua").asText())) {
                return "mã kết quả " + item.path("MaKetQua").asText() + " không thuộc thủ tục";
            }
        }
        return null;
    }

    private void download(HttpExchange ex) throws IOException {
        try (ex) {
            calls.get(Endpoint.DOWNLOAD).incrementAndGet();
            if (fault(ex, Endpoint.DOWNLOAD)) {
                return;
            }
            String path = ex.getRequestURI().getPath().substring("/VXPAdapter/RestService/forward".length());
            Map<String, String> q = query(ex);
            String dst = q.get("dstcode");
            String provider = stripSlash(q.get("providerurl"));
            if (dst == null || provider == null) {
                send(ex, 400, "{\"errorCode\":\"SS_ROUTING\",\"message\":\"thiếu dstcode hoặc providerurl\"}");
                return;
            }
            StoredFile f = files.get(provider + path);
            if (f == null) {
                send(ex, 404, "{\"errorCode\":\"NOT_FOUND\",\"message\":\"không tìm thấy tệp\"}");
                return;
            }
            if (!f.dstcode().equals(dst)) {
                send(ex, 400, "{\"errorCode\":\"SS_ROUTING\",\"message\":\"dstcode " + dst + " không phục vụ " + provider + "\"}");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/pdf");
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + f.name() + "\"");
            ex.sendResponseHeaders(200, f.bytes().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(f.bytes());
            }
        }
    }

    /** The exact bytes the sandbox serves for a file, for tests. */
    public byte[] fileBytes(String providerUrl, String path) {
        return files.get(providerUrl + path).bytes().clone();
    }

    private boolean fault(HttpExchange ex, Endpoint endpoint) throws IOException {
        List<Fault> pending = faults.get(endpoint);
        Fault fault = pending.isEmpty() ? null : pending.remove(0);
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case DOWN -> send(ex, 502, "{\"message\":\"Bad Gateway: provider unreachable\"}");
            case ERROR_CODE -> send(ex, 200, error("-1", "Hệ thống Kho dữ liệu đang bảo trì"));
            case GARBAGE -> send(ex, 200, "<html>Security server error</html>");
        }
        return true;
    }

    private String error(String code, String message) {
        ObjectNode n = json.createObjectNode();
        n.put("errorCode", code);
        n.put("message", message);
        n.put("signature", "");
        n.putNull("result");
        return n.toString();
    }

    private void control(HttpExchange ex) throws IOException {
        try (ex) {
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    ObjectNode n = json.createObjectNode();
                    calls.forEach((k, v) -> n.put(k.name().toLowerCase(), v.get()));
                    n.put("liveTokens", liveTokens.size());
                    n.put("sandboxCitizen", SANDBOX_CITIZEN);
                    send(ex, 200, n.toString());
                }
                case "POST" -> {
                    JsonNode cmd = read(ex);
                    if (cmd == null) {
                        send(ex, 400, "{\"error\":\"JSON body expected\"}");
                        return;
                    }
                    if (cmd.path("expireTokens").asBoolean(false)) {
                        expireTokens();
                    }
                    if (cmd.hasNonNull("fault")) {
                        failNext(Endpoint.valueOf(cmd.path("endpoint").asText("PAPERS").toUpperCase()), cmd.path("times").asInt(1),
                                Fault.valueOf(cmd.get("fault").asText().toUpperCase()));
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
            send(ex, 400, "{\"error\":\"unknown endpoint or fault\"}");
        }
    }

    private JsonNode read(HttpExchange ex) {
        try {
            JsonNode n = json.readTree(ex.getRequestBody().readAllBytes());
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(pair.substring(0, eq).toLowerCase(),
                        URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String stripSlash(String s) {
        if (s == null) {
            return null;
        }
        String u = s.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        SimulatorHttp.sendJson(ex, status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
