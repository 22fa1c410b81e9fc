package vn.lienthong.gateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.DossierSearch;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.platform.Reloadable;

/**
 * The operator console's API (routes/ops.camel.yaml): every call but login names its caller with a bearer token;
 * reading needs the viewer role, replay and discard the operator role. Payloads are shown masked.
 */
public final class OpsApi {

    /** What the route answers: HTTP status and JSON body. */
    public record Response(int status, String json) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);
    private static final int MAX_LISTED = 200;
    private static final Pattern DOSSIER_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Temporary (reply) queues of JMS clients are named by a UUID. */
    private static final Pattern TEMPORARY = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> RESULT_STATES = Set.of("REGISTERED", "RESULT_DELIVERED");

    private final String environment;
    private final ConsoleAuth auth;
    private final Ledger ledger;
    private final QueueAccess queues;
    private final ReplayTargets targets;
    private final ClientAddress clients;
    /** How far back a code fragment is searched when no date range is given (docs/console.md). */
    static final int CODE_SEARCH_DAYS = 7;

    private final Map<String, Reloadable> reloadables;
    private OpsControls controls;
    private DossierSearch search;
    private final QueueHistory history = new QueueHistory(24 * 60);
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public OpsApi(String environment, ConsoleAuth auth, Ledger ledger, QueueAccess queues, ReplayTargets targets,
                  ClientAddress clients) {
        this(environment, auth, ledger, queues, targets, clients, Map.of());
    }

    /** {@code reloadables}: what the flows let operators reload, by name (FlowContext contributions). */
    public OpsApi(String environment, ConsoleAuth auth, Ledger ledger, QueueAccess queues, ReplayTargets targets,
                  ClientAddress clients, Map<String, Reloadable> reloadables) {
        this.reloadables = Map.copyOf(reloadables);
        this.environment = environment;
        this.clients = clients;
        this.auth = auth;
        this.ledger = ledger;
        this.queues = queues;
        this.targets = targets;
    }

    /** The list, charts and runtime controls (OpsModule). */
    public OpsApi withControls(OpsControls controls, DossierSearch search) {
        this.controls = controls;
        this.search = search;
        return this;
    }

    /**
     * @param peer         the HTTP server's remote address of the caller ({@code host:port})
     * @param forwardedFor X-Forwarded-For, believed only from CONSOLE_TRUSTED_PROXIES
     */
    public Response login(String body, String peer, String forwardedFor) {
        JsonNode req = parse(body);
        if (req == null || !req.path("user").isTextual() || !req.path("password").isTextual()) {
            return error(400, "send {\"user\": ..., \"password\": ...}");
        }
        String user = req.path("user").asText();
        try {
            ConsoleAuth.Login login = auth.login(user, req.path("password").asText(), clients.key(peer, forwardedFor));
            LOG.info("Console login: {} ({})", login.principal().name(), login.principal().role().label());
            return ok(Map.of("token", login.token(), "user", login.principal().name(),
                    "role", login.principal().role().label(), "expiresAt", login.expiresAt(), "environment", environment));
        } catch (ConsoleAuth.LoginRefused e) {
            // an unknown name is not logged: it may be a password typed in the wrong field
            LOG.warn("Console login refused for {}: {}", auth.isUser(user) ? "user " + user.trim() : "an unknown user",
                    e.getMessage());
            return error(e.status(), e.getMessage());
        }
    }

    public Response logout(String authorization) {
        auth.logout(authorization);
        return ok(Map.of("loggedOut", true));
    }

    public Response me(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> ok(Map.of("user", p.name(), "role", p.role().label(),
                "environment", environment)));
    }

    public Response overview(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> {
            List<Map<String, Object>> flows = new ArrayList<>();
            for (String flow : ledger.flows()) {
                flows.add(Map.of("flow", flow, "counts", ledger.countByState(flow)));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("environment", environment);
            out.put("flows", flows);
            out.put("queues", queueRows());
            return ok(out);
        });
    }

    private List<Map<String, Object>> queueRows() {
        Set<String> names = new LinkedHashSet<>(List.of("civil.dossier.inbound", "civil.dossier.dispatch"));
        names.addAll(targets.knownQueues());
        List<String> existing = queues.queueNames();
        for (String q : existing) {
            if (!q.startsWith("activemq.") && !q.startsWith("$") && !q.contains("/") && !TEMPORARY.matcher(q).matches()) {
                names.add(q);
            }
        }
        List<Map<String, Object>> qs = new ArrayList<>();
        names.stream().sorted((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b))
                .forEach(q -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", q);
                    row.put("kind", kind(q));
                    // a queue the broker has not created yet has nothing waiting
                    row.put("depth", existing.isEmpty() || existing.contains(q) ? queues.depth(q) : 0);
                    row.put("browsable", targets.browsable(q));
                    qs.add(row);
                });
        return qs;
    }

    public Response dossier(String authorization, String maHoSo) {
        return withRole(authorization, Role.VIEWER, p -> {
            String code = maHoSo == null ? "" : maHoSo.trim();
            if (!DOSSIER_CODE.matcher(code).matches()) {
                return error(400, "maHoSo: a dossier code has 1 to 64 letters, digits, '.', '_' or '-'");
            }
            Optional<DossierView> view = ledger.find(code);
            if (view.isEmpty()) {
                return error(404, "no dossier " + code + " in the ledger");
            }
            List<Map<String, Object>> versions = new ArrayList<>();
            for (Ledger.Payload payload : ledger.payloads(code)) {
                versions.add(Map.of("contentVersion", payload.contentVersion(), "receivedAt", payload.receivedAt(),
                        "payload", PayloadDisplay.mask(payload.payload())));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dossier", view.get());
            out.put("payloads", versions);
            out.put("resultUrl", RESULT_STATES.contains(view.get().state()) ? "/api/dossiers/" + code + "/result" : null);
            return ok(out);
        });
    }

    public Response messages(String authorization, String queue) {
        return withRole(authorization, Role.VIEWER, p -> {
            if (!targets.browsable(queue)) {
                return error(404, "the console does not browse queue " + queue);
            }
            Optional<ReplayTargets.Target> target = targets.forQueue(queue);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (QueueAccess.Message m : queues.browse(queue, MAX_LISTED)) {
                Map<String, Object> row = new LinkedHashMap<>();
                JsonNode body = parse(m.text());
                row.put("id", m.id());
                row.put("time", m.timestamp());
                row.put("maHoSo", dossierCode(m, body));
                row.put("reason", firstNonBlank(m.properties().get("gatewayReason"), text(body, "reason")));
                row.put("cause", m.properties().get("gatewayFailureCause"));
                row.put("failedRoute", m.properties().get("gatewayFailedRoute"));
                row.put("failedAt", m.properties().get("gatewayFailedAt"));
                row.put("body", PayloadDisplay.mask(m.text()));
                row.put("replayBody", target.map(t -> PayloadDisplay.mask(replayBody(t, m, body))).orElse(null));
                row.put("replayTo", target.map(ReplayTargets.Target::queue).orElse(null));
                row.put("editable", target.map(ReplayTargets.Target::revalidated).orElse(false));
                rows.add(row);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("queue", queue);
            out.put("depth", queues.depth(queue));
            out.put("messages", rows);
            return ok(out);
        });
    }

    /** Re-injects a message into its target queue; {@code body} may carry {@code payload} (edited) and {@code note}. */
    public Response replay(String authorization, String queue, String id, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (!targets.browsable(queue)) {
                return error(404, "the console does not browse queue " + queue);
            }
            Optional<ReplayTargets.Target> found = targets.forQueue(queue);
            if (found.isEmpty()) {
                return error(409, "no replay target is known for " + queue + "; discard it or add a row to CONSOLE_REPLAY_TARGETS");
            }
            ReplayTargets.Target target = found.get();
            JsonNode req = body == null || body.isBlank() ? null : parse(body);
            if (body != null && !body.isBlank() && (req == null || !req.isObject())) {
                return error(400, "send {\"payload\": <edited JSON text, optional>, \"note\": <optional>}");
            }
            String edited = req == null || req.path("payload").isNull() || req.path("payload").isMissingNode() ? null
                    : req.path("payload").asText();
            String note = text(req, "note");
            if (edited != null && !target.revalidated()) {
                return error(400, "payload: " + queue + " goes back to " + target.queue()
                        + ", which does not check its input again; replay it unchanged");
            }
            AtomicReference<String> code = new AtomicReference<>();
            boolean taken;
            try {
                taken = queues.take(queue, id, m -> {
                    JsonNode parsed = parse(m.text());
                    String out = replayBody(target, m, parsed);
                    if (edited != null) {
                        out = PayloadDisplay.restore(edited, out);
                    }
                    code.set(dossierCode(m, parsed));
                    String reason = "replayed from " + queue + " to " + target.queue() + " by " + p.name()
                            + (edited != null ? " after an edit" : "") + (note == null ? "" : ": " + note);
                    record(p, "REPLAYED", queue, m.id(), code.get(), target.queue(), reason);
                    return new QueueAccess.Outgoing(target.queue(), out, headers(target, m));
                });
            } catch (IllegalArgumentException e) {
                return error(400, "payload: " + e.getMessage());
            }
            if (!taken) {
                return error(404, "message " + id + " is no longer waiting on " + queue);
            }
            LOG.info("Operator {} replayed message {} from {} to {} (dossier {})", p.name(), id, queue, target.queue(), code.get());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("replayedTo", target.queue());
            out.put("maHoSo", code.get());
            out.put("edited", edited != null);
            return ok(out);
        });
    }

    /** Removes a message for good; {@code body} must carry {@code reason}. */
    public Response discard(String authorization, String queue, String id, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (!targets.browsable(queue)) {
                return error(404, "the console does not browse queue " + queue);
            }
            String why = text(parse(body), "reason");
            if (why == null || why.isBlank()) {
                return error(400, "reason: say why the message is discarded");
            }
            AtomicReference<String> code = new AtomicReference<>();
            boolean taken = queues.take(queue, id, m -> {
                code.set(dossierCode(m, parse(m.text())));
                record(p, "DISCARDED", queue, m.id(), code.get(), null,
                        "discarded from " + queue + " by " + p.name() + ": " + why.strip());
                return null;
            });
            if (!taken) {
                return error(404, "message " + id + " is no longer waiting on " + queue);
            }
            LOG.info("Operator {} discarded message {} from {} (dossier {})", p.name(), id, queue, code.get());
            return ok(Map.of("discarded", id, "maHoSo", String.valueOf(code.get())));
        });
    }

    /**
     * Reloads what a flow offered under {@code name} (e.g. dvcqg-procedure-results): operator role; audited with
     * its outcome. A bad source is a 422 saying what is wrong and where; what was in use stays.
     */
    public Response reload(String authorization, String name) {
        return withRole(authorization, Role.OPERATOR, p -> {
            Reloadable target = name == null ? null : reloadables.get(name);
            if (target == null) {
                return error(404, "nothing to reload by that name; known: " + String.join(", ", new java.util.TreeSet<>(reloadables.keySet())));
            }
            String loaded;
            try {
                loaded = target.reload();
            } catch (IllegalArgumentException | IllegalStateException e) {
                ledger.audit(p.name(), "RELOAD_FAILED", "-", "-", null, name, e.getMessage());
                LOG.warn("Operator {} could not reload {}: {}", p.name(), name, e.getMessage());
                return error(422, e.getMessage());
            }
            ledger.audit(p.name(), "RELOADED", "-", "-", null, name, loaded);
            LOG.info("Operator {} reloaded {}: {}", p.name(), name, loaded);
            return ok(Map.of("reloaded", name, "inUse", loaded));
        });
    }

    public Response audit(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> ok(Map.of("entries", ledger.auditLog(MAX_LISTED))));
    }

    // ---- dossier list (filters, paging, sorting) ----

    private static final int MAX_PAGE_SIZE = 200;
    private static final java.time.ZoneId VIETNAM = java.time.ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern SHORT_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * GET /api/ops/dossiers?flow&state&from&to&module&unit&code&needs&sort&dir&page&size: {@code from}/{@code to}
     * are days (yyyy-MM-dd, Vietnam time, both included); {@code needs} is review, invalid, dead-letter or anomaly
     * (the dossiers waiting on those queues now).
     */
    public Response dossiers(String authorization, String query) {
        return withRole(authorization, Role.VIEWER, p -> {
            Map<String, String> q = queryParams(query);
            String flow = param(q, "flow");
            String state = param(q, "state");
            if (state != null && java.util.Arrays.stream(DossierState.values()).noneMatch(s -> s.name().equals(state))) {
                return error(400, "state: unknown state " + state);
            }
            for (String field : List.of("flow", "module", "unit", "code")) {
                String v = param(q, field);
                if (v != null && !SHORT_CODE.matcher(v).matches()) {
                    return error(400, field + ": 1 to 64 letters, digits, '.', '_' or '-'");
                }
            }
            java.time.Instant from;
            java.time.Instant to;
            try {
                from = param(q, "from") == null ? null : java.time.LocalDate.parse(param(q, "from")).atStartOfDay(VIETNAM).toInstant();
                to = param(q, "to") == null ? null : java.time.LocalDate.parse(param(q, "to")).plusDays(1).atStartOfDay(VIETNAM).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return error(400, "from/to: a day as yyyy-MM-dd");
            }
            DossierSearch.Sort sort;
            try {
                sort = param(q, "sort") == null ? DossierSearch.Sort.UPDATED : DossierSearch.Sort.valueOf(param(q, "sort").toUpperCase());
            } catch (IllegalArgumentException e) {
                return error(400, "sort: one of created, updated, code, state");
            }
            int page;
            int size;
            try {
                page = param(q, "page") == null ? 0 : Integer.parseInt(param(q, "page"));
                size = param(q, "size") == null ? 25 : Integer.parseInt(param(q, "size"));
            } catch (NumberFormatException e) {
                return error(400, "page/size: whole numbers");
            }
            if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
                return error(400, "page/size: page 0 or more, size 1 to " + MAX_PAGE_SIZE);
            }
            String needs = param(q, "needs");
            Set<String> codes = null;
            if (needs != null) {
                if (!List.of("review", "invalid", "dead-letter", "anomaly").contains(needs)) {
                    return error(400, "needs: one of review, invalid, dead-letter, anomaly");
                }
                codes = waitingCodes(needs);
            }
            String codePart = param(q, "code");
            Integer codeWindowDays = null;
            if (codePart != null && !codePart.isBlank() && from == null && to == null && codes == null) {
                // a code fragment matches anywhere in maHoSo, which no index serves (23 s over 1,000,000 rows):
                // without a date range it looks at the dossiers received in the last CODE_SEARCH_DAYS days
                codeWindowDays = CODE_SEARCH_DAYS;
                from = java.time.Instant.now().minus(java.time.Duration.ofDays(CODE_SEARCH_DAYS));
            }
            DossierSearch.Page result = search.list(new DossierSearch.Filter(flow, state, from, to, param(q, "module"),
                    param(q, "unit"), codePart, codes), sort, !"asc".equalsIgnoreCase(param(q, "dir")), page, size);
            Map<String, Object> out = new LinkedHashMap<>();
            if (codeWindowDays != null) {
                out.put("codeWindowDays", codeWindowDays);
            }
            out.put("total", result.total());
            out.put("more", result.more());
            out.put("page", result.page());
            out.put("size", result.size());
            out.put("sort", sort.name().toLowerCase());
            out.put("dir", "asc".equalsIgnoreCase(param(q, "dir")) ? "asc" : "desc");
            out.put("rows", result.rows());
            return ok(out);
        });
    }

    /** The dossier codes waiting on every queue of one kind (review, invalid, dead-letter, anomaly). */
    private Set<String> waitingCodes(String kind) {
        Set<String> codes = new LinkedHashSet<>();
        for (Map<String, Object> row : queueRows()) {
            if (kind.equals(row.get("kind")) && ((Number) row.get("depth")).longValue() > 0) {
                for (QueueAccess.Message m : queues.browse((String) row.get("name"), 1000)) {
                    String code = dossierCode(m, parse(m.text()));
                    if (code != null) {
                        codes.add(code);
                    }
                }
            }
        }
        return codes;
    }

    // ---- charts ----

    /** Samples every queue's depth (a timer route, each minute) for the queue-depth chart. */
    public void sampleQueues() {
        Map<String, Long> depths = new LinkedHashMap<>();
        for (Map<String, Object> row : queueRows()) {
            depths.put((String) row.get("name"), ((Number) row.get("depth")).longValue());
        }
        history.add(java.time.Instant.now(), depths);
    }

    /** GET /api/ops/charts?range=24h|7d: dossiers per hour by state, queue depths over time, upstream calls. */
    public Response charts(String authorization, String range) {
        return withRole(authorization, Role.VIEWER, p -> {
            boolean week = "7d".equals(range);
            if (range != null && !range.isBlank() && !week && !"24h".equals(range)) {
                return error(400, "range: 24h or 7d");
            }
            java.time.Instant now = java.time.Instant.now();
            java.time.Instant since = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                    .minus(java.time.Duration.ofHours(week ? 7 * 24 - 1 : 23));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("range", week ? "7d" : "24h");
            out.put("since", since);
            out.put("perHour", search.perHour(since));
            out.put("queues", history.all());
            out.put("upstreams", controls.upstreams(24 * 60));
            return ok(out);
        });
    }

    // ---- upstreams, schedules, log levels ----

    public Response upstreams(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> ok(Map.of("upstreams", controls.upstreams(60))));
    }

    /** POST /api/ops/upstreams/{name}/{action}: pause, resume or reset (the circuit). */
    public Response upstreamAction(String authorization, String name, String action, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (!controls.knownUpstream(name)) {
                return error(404, "no upstream " + name + "; known: " + controls.upstreamNames());
            }
            String note = text(parse(body), "note");
            switch (action == null ? "" : action) {
                case "pause" -> controls.pause(name);
                case "resume" -> controls.resume(name);
                case "reset" -> controls.reset(name);
                default -> {
                    return error(400, "action: pause, resume or reset");
                }
            }
            String what = switch (action) {
                case "pause" -> "PAUSED";
                case "resume" -> "RESUMED";
                default -> "CIRCUIT_RESET";
            };
            ledger.audit(p.name(), what, "upstream:" + name, "-", null, null,
                    action + " " + name + " by " + p.name() + (note == null || note.isBlank() ? "" : ": " + note.strip()));
            LOG.info("Operator {} {} upstream {}", p.name(), what, name);
            return ok(Map.of("upstream", name, "state", controls.upstreams(60).stream()
                    .filter(u -> name.equals(u.get("name"))).findFirst().orElse(Map.of())));
        });
    }

    public Response schedules(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> ok(Map.of("schedules", controls.schedules())));
    }

    public Response runSchedule(String authorization, String routeId) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (!controls.runNow(routeId)) {
                return error(404, "no schedule " + routeId);
            }
            ledger.audit(p.name(), "RUN_NOW", "schedule:" + routeId, "-", null, null, "run now by " + p.name());
            LOG.info("Operator {} ran schedule {} now", p.name(), routeId);
            return ok(Map.of("started", routeId));
        });
    }

    public Response logLevels(String authorization) {
        return withRole(authorization, Role.VIEWER, p -> ok(Map.of("levels", controls.logLevels())));
    }

    /** POST /api/ops/log-levels {logger, level}: takes effect at once, until the next restart. */
    public Response setLogLevel(String authorization, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            JsonNode req = parse(body);
            String logger = text(req, "logger");
            String level = text(req, "level");
            Optional<String> before = controls.setLogLevel(logger, level);
            if (before.isEmpty()) {
                return error(400, "logger/level: a logger name (or ROOT) and one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
            }
            ledger.audit(p.name(), "LOG_LEVEL", "logger:" + logger, "-", null, level.toUpperCase(),
                    logger + " " + before.get() + " -> " + level.toUpperCase() + " by " + p.name());
            LOG.info("Operator {} set log level of {} to {} (was {})", p.name(), logger, level.toUpperCase(), before.get());
            return ok(Map.of("logger", logger, "level", level.toUpperCase(), "before", before.get()));
        });
    }

    // ---- bulk replay, review resolution ----

    private static final int MAX_BULK = 500;

    /**
     * POST /api/ops/queues/{queue}/replay {code?, cause?, note?}: replays every waiting message (at most 500 per
     * call) whose dossier code contains {@code code} and whose failure cause/reason contains {@code cause}.
     */
    public Response replayMany(String authorization, String queue, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (!targets.browsable(queue)) {
                return error(404, "the console does not browse queue " + queue);
            }
            JsonNode req = body == null || body.isBlank() ? null : parse(body);
            if (body != null && !body.isBlank() && (req == null || !req.isObject())) {
                return error(400, "send {\"code\": <part of maHoSo>, \"cause\": <part of the cause>, \"note\": ...}");
            }
            String codePart = text(req, "code");
            String causePart = text(req, "cause");
            String note = text(req, "note");
            List<String> replayed = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (QueueAccess.Message m : queues.browse(queue, MAX_BULK)) {
                JsonNode parsed = parse(m.text());
                String code = dossierCode(m, parsed);
                String cause = firstNonBlank(m.properties().get("gatewayFailureCause"), m.properties().get("gatewayReason"),
                        text(parsed, "reason"));
                if (codePart != null && !codePart.isBlank() && (code == null || !code.contains(codePart.strip()))) {
                    continue;
                }
                if (causePart != null && !causePart.isBlank()
                        && (cause == null || !cause.toLowerCase().contains(causePart.strip().toLowerCase()))) {
                    continue;
                }
                Response r = replay(authorization, queue, m.id(), note == null ? null : write(Map.of("note", "bulk: " + note)));
                (r.status() == 200 ? replayed : failed).add(code == null ? m.id() : code);
            }
            return ok(Map.of("replayed", replayed.size(), "failed", failed.size(), "maHoSo", replayed));
        });
    }

    /**
     * POST /api/ops/queues/{queue}/messages/{id}/resolve {choices: {field: maXa}, note?}: a review case fixed by
     * choosing one candidate unit per ambiguous address; the real dossier gets {maTinh, maHuyen, maXa, dcChiTiet}
     * in that field and goes back through validation.
     */
    public Response resolve(String authorization, String queue, String id, String body) {
        return withRole(authorization, Role.OPERATOR, p -> {
            if (queue == null || !queue.endsWith(".review") || !targets.browsable(queue)) {
                return error(404, "only review queues have candidates to choose from, not " + queue);
            }
            Optional<ReplayTargets.Target> target = targets.forQueue(queue);
            JsonNode req = parse(body);
            JsonNode choices = req == null ? null : req.path("choices");
            if (target.isEmpty() || choices == null || !choices.isObject() || choices.isEmpty()) {
                return error(400, "choices: send {\"choices\": {\"<field>\": \"<maXa of a candidate>\"}}");
            }
            String note = text(req, "note");
            AtomicReference<String> code = new AtomicReference<>();
            boolean taken;
            try {
                taken = queues.take(queue, id, m -> {
                    JsonNode entry = parse(m.text());
                    String fixed = AddressChoice.apply(entry, choices, json);
                    code.set(dossierCode(m, entry));
                    String reason = "address chosen in the console by " + p.name() + ": " + AddressChoice.describe(choices)
                            + "; replayed from " + queue + " to " + target.get().queue() + (note == null ? "" : ": " + note);
                    record(p, "RESOLVED", queue, m.id(), code.get(), target.get().queue(), reason);
                    return new QueueAccess.Outgoing(target.get().queue(), fixed, headers(target.get(), m));
                });
            } catch (IllegalArgumentException e) {
                return error(400, "choices: " + e.getMessage());
            }
            if (!taken) {
                return error(404, "message " + id + " is no longer waiting on " + queue);
            }
            LOG.info("Operator {} resolved review case {} (dossier {})", p.name(), id, code.get());
            return ok(Map.of("replayedTo", target.get().queue(), "maHoSo", String.valueOf(code.get())));
        });
    }

    private static Map<String, String> queryParams(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String param(Map<String, String> q, String name) {
        String v = q.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private void record(ConsoleAuth.Principal p, String action, String queue, String id, String maHoSo, String target,
                        String reason) {
        ledger.audit(p.name(), action, queue, id, maHoSo, target, reason);
        if (maHoSo != null && DOSSIER_CODE.matcher(maHoSo).matches() && ledger.stateOf(maHoSo).isPresent()) {
            ledger.event(maHoSo, "operator", action, reason);
        }
    }

    private static String replayBody(ReplayTargets.Target target, QueueAccess.Message m, JsonNode parsed) {
        if (target.body() == ReplayTargets.Body.ORIGINAL && parsed != null && parsed.path("original").isTextual()) {
            return parsed.path("original").asText();
        }
        return m.text();
    }

    private static Map<String, String> headers(ReplayTargets.Target target, QueueAccess.Message m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.properties().forEach((k, v) -> {
            boolean keep = target.keepHeaders() == null
                    ? !(k.startsWith("gateway") || k.startsWith("JMS") || k.startsWith("_") || k.startsWith("Camel"))
                    : target.keepHeaders().contains(k);
            if (keep && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String dossierCode(QueueAccess.Message m, JsonNode body) {
        return firstNonBlank(m.properties().get("maHoSo"), text(body, "maHoSo"), text(body, "maHoSoLT"));
    }

    private static int rank(String queue) {
        return switch (kind(queue)) {
            case "inbound" -> 0;
            case "work" -> 1;
            case "invalid", "review", "anomaly" -> 2;
            default -> 3;
        };
    }

    private static String kind(String queue) {
        if (queue.startsWith("DLQ")) {
            return "dead-letter";
        }
        if (queue.endsWith(".invalid")) {
            return "invalid";
        }
        if (queue.endsWith(".review")) {
            return "review";
        }
        if (queue.endsWith(".anomaly")) {
            return "anomaly";
        }
        return queue.endsWith(".inbound") ? "inbound" : "work";
    }

    private interface Handler {
        Response handle(ConsoleAuth.Principal principal) throws Exception;
    }

    private Response withRole(String authorization, Role needed, Handler handler) {
        Optional<ConsoleAuth.Principal> principal = auth.authenticate(authorization);
        if (principal.isEmpty()) {
            return error(401, "log in first (Authorization: Bearer <token>)");
        }
        if (!principal.get().role().allows(needed)) {
            return error(403, principal.get().name() + " is a " + principal.get().role().label()
                    + "; only operators may replay, discard, reload or change the gateway's controls");
        }
        try {
            return handler.handle(principal.get());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Response ok(Object body) {
        return new Response(200, write(body));
    }

    private Response error(int status, String message) {
        return new Response(status, write(Map.of("error", message, "status", status)));
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write console answer", e);
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
