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
    private final Map<String, Reloadable> reloadables;
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
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("environment", environment);
            out.put("flows", flows);
            out.put("queues", qs);
            return ok(out);
        });
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
            case "invalid", "review" -> 2;
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
                    + "; only operators may replay, discard or reload");
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
