package vn.lienthong.gateway.dvcqg;

import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.UpstreamAuthRefusedException;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;
import vn.lienthong.gateway.platform.upstream.UpstreamStatus;

/**
 * The papers lookup (seed 002 V.2): checks a request against the channel rules and, for a procedure the province
 * mapped ({@link ProcedureResults}), its result codes,
 * builds DVCQG's body, and turns DVCQG's answer into the caller's answer: papers grouped by MaKetQua (several
 * papers of one code are a choice for the citizen, all kept), each file with its download link or the reason it
 * has none.
 */
public final class PapersLookup {

    /** KenhThucHien: 1 in person, 2 online, 3 public postal service. */
    public static final Set<String> CHANNELS = Set.of("1", "2", "3");
    /** Citizen ID (CCCD, 12 digits), old ID card (CMND, 9 digits) or tax code (MST, 10 digits, -NNN for branches). */
    private static final Pattern OWNER_ID = Pattern.compile("^(\\d{9}|\\d{12}|\\d{10}(-\\d{3})?)$");
    private static final Pattern OFFICER_ID = Pattern.compile("^(\\d{9}|\\d{12})$");
    private static final int MAX_CODES = 50;

    private final ObjectMapper json;
    private final ProcedureResults procedures;
    private final DownloadLinks links;
    private final String filesPath;

    public PapersLookup(ProcedureResults procedures, DownloadLinks links, String filesPath) {
        this.procedures = procedures;
        this.links = links;
        this.filesPath = filesPath;
        this.json = new ObjectMapper();
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build());
    }

    /** Checks the caller's request; never throws. */
    public PapersRequest check(String body) {
        List<PapersRequest.Problem> problems = new ArrayList<>();
        JsonNode in;
        try {
            in = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            in = null;
        }
        if (in == null || !in.isObject()) {
            problems.add(new PapersRequest.Problem("body", "must be a JSON object {MaThuTuc, DanhSachDanhMucKetQua, "
                    + "SoDinhDanhChuSoHuu, HoTenNguoiYeuCau, KenhThucHien, SoDinhDanhNguoiYeuCau}"));
            return new PapersRequest(null, null, List.of(), null, problems);
        }
        String maThuTuc = text(in, "MaThuTuc", problems, "is required");
        String kenh = channel(in, problems);
        String owner = text(in, "SoDinhDanhChuSoHuu", problems, "is required: the citizen's ID or the organisation's tax code");
        if (owner != null && !OWNER_ID.matcher(owner).matches()) {
            problems.add(new PapersRequest.Problem("SoDinhDanhChuSoHuu",
                    "must be a citizen ID (12 digits), an old ID card number (9 digits) or a tax code (10 digits, optionally -NNN)"));
        }
        boolean officer = "1".equals(kenh) || "3".equals(kenh);
        String why = officer ? "is required when KenhThucHien is " + kenh + " (" + ("1".equals(kenh) ? "in person" : "postal")
                + "): the receiving officer's " : null;
        String officerId = text(in, "SoDinhDanhNguoiYeuCau", problems, officer ? why + "citizen ID" : null);
        String officerName = text(in, "HoTenNguoiYeuCau", problems, officer ? why + "full name" : null);
        if (officerId != null && !officerId.isEmpty() && !OFFICER_ID.matcher(officerId).matches()) {
            problems.add(new PapersRequest.Problem("SoDinhDanhNguoiYeuCau", "must be a citizen ID (12 digits) or an old ID card number (9 digits)"));
        }
        // a procedure without a mapping goes to DVCQG, which refuses codes of another procedure (seed 002 V.3)
        boolean knownProcedure = maThuTuc != null && procedures.knows(maThuTuc);
        List<String> codes = new ArrayList<>();
        ArrayNode items = json.createArrayNode();
        JsonNode list = in.get("DanhSachDanhMucKetQua");
        if (list == null || list.isNull()) {
            problems.add(new PapersRequest.Problem("DanhSachDanhMucKetQua", "is required"));
        } else if (!list.isArray() || list.isEmpty()) {
            problems.add(new PapersRequest.Problem("DanhSachDanhMucKetQua", "must be a non-empty list of {MaKetQua, SoKyHieu}"));
        } else if (list.size() > MAX_CODES) {
            problems.add(new PapersRequest.Problem("DanhSachDanhMucKetQua", "has " + list.size() + " items; at most " + MAX_CODES));
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String f = "DanhSachDanhMucKetQua[" + i + "]";
                JsonNode item = list.get(i);
                if (!item.isObject()) {
                    problems.add(new PapersRequest.Problem(f, "must be an object {MaKetQua, SoKyHieu}"));
                    continue;
                }
                JsonNode mk = item.get("MaKetQua");
                if (mk == null || !mk.isTextual() || mk.asText().isBlank()) {
                    problems.add(new PapersRequest.Problem(f + ".MaKetQua", "is required"));
                    continue;
                }
                String code = mk.asText().strip();
                JsonNode sk = item.get("SoKyHieu");
                if (sk != null && !sk.isNull() && !sk.isTextual()) {
                    problems.add(new PapersRequest.Problem(f + ".SoKyHieu", "must be a string"));
                    continue;
                }
                String soKyHieu = sk == null || sk.isNull() ? "" : sk.asText().strip();
                if (knownProcedure) {
                    var result = procedures.result(maThuTuc, code);
                    if (result.isEmpty()) {
                        problems.add(new PapersRequest.Problem(f + ".MaKetQua", "result code " + code
                                + " does not belong to procedure " + maThuTuc + " (its codes: "
                                + String.join(", ", procedures.resultCodes(maThuTuc)) + ")"));
                        continue;
                    }
                    if (result.get().soKyHieuRequired() && soKyHieu.isEmpty()) {
                        problems.add(new PapersRequest.Problem(f + ".SoKyHieu", "is required for " + code
                                + ": a citizen may hold several of these papers"));
                        continue;
                    }
                }
                if (!seen.add(code + "\u0000" + soKyHieu)) {
                    problems.add(new PapersRequest.Problem(f, "repeats " + code));
                    continue;
                }
                codes.add(code);
                items.addObject().put("MaKetQua", code).put("SoKyHieu", soKyHieu);
            }
        }
        if (!problems.isEmpty()) {
            return new PapersRequest(maThuTuc, kenh, codes, null, problems);
        }
        // exactly the seed's fields, in its order; officer fields empty on the online channel when not given
        ObjectNode up = json.createObjectNode();
        up.put("MaThuTuc", maThuTuc);
        up.set("DanhSachDanhMucKetQua", items);
        up.put("SoDinhDanhChuSoHuu", owner);
        up.put("HoTenNguoiYeuCau", officerName == null ? "" : officerName);
        up.put("KenhThucHien", kenh);
        up.put("SoDinhDanhNguoiYeuCau", officerId == null ? "" : officerId);
        return new PapersRequest(maThuTuc, kenh, List.copyOf(codes), up.toString(), List.of());
    }

    /** The 400 answer for a request that failed the checks (the caller's values are not echoed). */
    public LookupAnswer invalid(PapersRequest request) {
        ObjectNode a = json.createObjectNode();
        a.put("status", "INVALID");
        a.put("error", "INVALID_REQUEST");
        a.put("message", request.problems().size() + " problem(s) in the papers request");
        ArrayNode ps = a.putArray("problems");
        for (PapersRequest.Problem p : request.problems()) {
            ps.addObject().put("field", p.field()).put("reason", p.reason());
        }
        return new LookupAnswer(400, "INVALID", a.toString());
    }

    /** Reads DVCQG's answer to the papers call (what the status rule let through). */
    public LookupAnswer answer(PapersRequest request, UpstreamResponse response) {
        return answer(request, response.status(), response.body());
    }

    /** Reads DVCQG's answer to the papers call. DVCQG's errorCode != "0" is an error answer with its message. */
    public LookupAnswer answer(PapersRequest request, Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        JsonNode in;
        try {
            in = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            in = null;
        }
        if (UpstreamStatus.of(code) == UpstreamStatus.AUTH_REFUSED) {
            return error(502, "DVCQG_AUTH", "DVCQG refused the gateway's token even after a new login (HTTP " + code + ")", in);
        }
        if (in == null || !in.isObject()) {
            return error(502, "DVCQG_BAD_ANSWER", "DVCQG answered HTTP " + code + " with something that is not its JSON answer", null);
        }
        String errorCode = in.path("errorCode").asText("");
        if (code >= 400 || !"0".equals(errorCode.strip())) {
            return error(502, "DVCQG_ERROR", "DVCQG answered errorCode " + (errorCode.isEmpty() ? "(none)" : errorCode)
                    + (code >= 400 ? " (HTTP " + code + ")" : "") + ": " + in.path("message").asText(""), in);
        }
        JsonNode list = in.path("result").path("DanhSachGiayToKetQua");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            return error(502, "DVCQG_BAD_ANSWER", "DVCQG's result.DanhSachGiayToKetQua is not a list", in);
        }
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (String requested : request.requestedCodes()) {
            groups.put(requested, new ArrayList<>());
        }
        int papers = 0;
        if (list.isArray()) {
            for (JsonNode paper : list) {
                groups.computeIfAbsent(paper.path("MaKetQua").asText(""), k -> new ArrayList<>()).add(paper);
                papers++;
            }
        }
        ObjectNode a = json.createObjectNode();
        a.put("status", "OK");
        a.put("MaThuTuc", request.maThuTuc());
        a.put("KenhThucHien", request.kenhThucHien());
        a.put("errorCode", errorCode);
        a.put("message", in.path("message").asText(""));
        a.put("signature", in.path("signature").asText(""));
        a.put("papers", papers);
        ArrayNode results = a.putArray("results");
        ArrayNode notFound = a.putArray("notFound");
        int downloadable = 0;
        int refused = 0;
        for (Map.Entry<String, List<JsonNode>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) {
                notFound.add(g.getKey());
                continue;
            }
            ObjectNode r = results.addObject();
            r.put("MaKetQua", g.getKey());
            r.put("requested", request.requestedCodes().contains(g.getKey()));
            r.put("count", g.getValue().size());
            // several papers of one code: the citizen or officer picks one (seed 002 V.3), nothing is merged
            r.put("choiceRequired", g.getValue().size() > 1);
            ArrayNode ps = r.putArray("DanhSachGiayToKetQua");
            for (JsonNode paper : g.getValue()) {
                ObjectNode p = ps.addObject();
                p.put("MaKetQua", paper.path("MaKetQua").asText(""));
                p.put("TenGiayTo", paper.path("TenGiayTo").asText(""));
                p.put("SoKyHieu", paper.path("SoKyHieu").asText(""));
                p.put("CoQuanChuQuan", paper.path("CoQuanChuQuan").asText(""));
                ArrayNode files = p.putArray("DanhSachTepDinhKem");
                for (JsonNode f : paper.path("DanhSachTepDinhKem")) {
                    String name = f.hasNonNull("TenTep") ? f.get("TenTep").asText() : f.path("TenFile").asText("");
                    DownloadLinks.FileLink link = links.build(f.path("DuongDan").asText(""), paper.path("CoQuanChuQuan").asText(""));
                    ObjectNode file = files.addObject();
                    file.put("TenTep", name);
                    file.put("DuongDan", f.path("DuongDan").asText(""));
                    file.put("downloadable", link.downloadable());
                    file.put("linkCase", link.linkCase());
                    if (link.downloadable()) {
                        downloadable++;
                        file.put("link", link.link());
                        file.put("dstcode", link.dstcode());
                        file.put("providerurl", link.providerUrl());
                        if (link.agency() != null) {
                            file.put("dstcodeFrom", link.agency());
                        }
                        file.put("gatewayDownload", filesPath + "?link=" + URLEncoder.encode(link.link(), StandardCharsets.UTF_8));
                    } else {
                        refused++;
                        file.put("reason", link.reason());
                    }
                }
            }
        }
        a.put("downloadableFiles", downloadable);
        a.put("notDownloadableFiles", refused);
        return new LookupAnswer(200, "OK", a.toString());
    }

    /** The answer when the call could not be made or answered (DVCQG down, timeout, circuit open, refused login). */
    public LookupAnswer failure(Throwable error) {
        Throwable e = root(error);
        if (e instanceof DvcqgException d) {
            return error(502, d.code(), d.getMessage(), null);
        }
        if (e instanceof UpstreamAuthRefusedException) {
            // refused again after a new login, or the login itself refused: the account, not an outage
            return error(502, "DVCQG_AUTH", e.getMessage(), null);
        }
        if (timedOut(error)) {
            return error(504, "DVCQG_TIMEOUT", "DVCQG did not answer in time", null);
        }
        if (e.getClass().getSimpleName().equals("CallNotPermittedException")) {
            return error(503, "DVCQG_UNAVAILABLE", "DVCQG has been failing; calls are paused for a while (circuit open)", null);
        }
        if (e instanceof UpstreamUnavailableException) {
            return error(503, "DVCQG_UNAVAILABLE", e.getMessage(), null);
        }
        if (e instanceof java.io.IOException) {
            return error(503, "DVCQG_UNAVAILABLE", "the security server cannot be reached", null);
        }
        // the exception's own text can quote SQL, the request or a parser's view of it: the caller gets a fixed
        // message (the route's log line has the cause)
        if (e instanceof java.sql.SQLException) {
            return error(503, "GATEWAY_UNAVAILABLE", "the gateway's database is unavailable; retry later", null);
        }
        return error(500, "GATEWAY_ERROR", "the gateway failed to process the request", null);
    }

    /** The reason text of a failure, for the catalogue refresh report and logs. */
    public String reason(Throwable error) {
        Throwable e = root(error);
        if (e instanceof DvcqgException || e instanceof UpstreamUnavailableException) {
            return e.getMessage();
        }
        // shown by GET /api/dvcqg/catalogue: a fixed text, never another exception's own (SQL, parser input)
        if (e instanceof java.sql.SQLException) {
            return "the gateway's database is unavailable";
        }
        if (e instanceof java.io.IOException) {
            return "the security server cannot be reached";
        }
        return "the gateway failed to process the refresh";
    }

    private LookupAnswer error(int status, String error, String message, JsonNode dvcqg) {
        ObjectNode a = json.createObjectNode();
        a.put("status", "ERROR");
        a.put("error", error);
        a.put("message", message);
        if (dvcqg != null && dvcqg.isObject()) {
            ObjectNode d = a.putObject("dvcqg");
            d.put("errorCode", dvcqg.path("errorCode").asText(""));
            d.put("message", dvcqg.path("message").asText(""));
        }
        return new LookupAnswer(status, "ERROR", a.toString());
    }

    /** A timeout anywhere in the chain (the shared client wraps HttpTimeoutException in UpstreamUnavailableException). */
    private static boolean timedOut(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SocketTimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable t) {
        Throwable e = t;
        while (e.getCause() != null && e.getCause() != e
                && !(e instanceof DvcqgException) && !(e instanceof UpstreamUnavailableException)) {
            e = e.getCause();
        }
        return e;
    }

    private static String channel(JsonNode in, List<PapersRequest.Problem> problems) {
        JsonNode v = in.get("KenhThucHien");
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            problems.add(new PapersRequest.Problem("KenhThucHien", "is required: 1 in person, 2 online, 3 postal"));
            return null;
        }
        String s = v.isIntegralNumber() ? String.valueOf(v.asLong()) : v.isTextual() ? v.asText().strip() : "?";
        if (!CHANNELS.contains(s)) {
            problems.add(new PapersRequest.Problem("KenhThucHien", "must be 1 (in person), 2 (online) or 3 (postal)"));
            return null;
        }
        return s;
    }

    /** A string field; {@code requiredReason} null when the field is optional. */
    private static String text(JsonNode in, String field, List<PapersRequest.Problem> problems, String requiredReason) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            if (requiredReason != null) {
                problems.add(new PapersRequest.Problem(field, requiredReason));
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new PapersRequest.Problem(field, "must be a string"));
            return null;
        }
        return v.asText().strip();
    }
}
