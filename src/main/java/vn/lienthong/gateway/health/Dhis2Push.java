package vn.lienthong.gateway.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * Seed 004 solution 4.1 step 3 / 4.2.2: once a death matching a DHIS2 event is registered (PMHT trangThai 4), the registry shares it back so health
 * workers see it registered. Outbox: marking the death used makes it PENDING in the same transaction; a timer
 * claims pending ones onto a queue; each message updates the event's data values through
 * {@code POST /api/tracker?async=false&importStrategy=UPDATE} (REGISTERED = true, REGISTRATION_NO = PMHT's soDangKy,
 * REGISTRATION_DATE = its ngayDangKy; the dossier code stands in for the number of a death marked by hand).
 * The update is idempotent, so a message sent twice does no harm.
 */
public class Dhis2Push {

    private final EvidenceStore store;
    private final Dhis2Client dhis2;
    private final Dhis2Settings settings;
    private final Clock clock;
    private final Duration requeueAfter;
    private final ObjectMapper json = new ObjectMapper();

    public Dhis2Push(EvidenceStore store, Dhis2Client dhis2, Dhis2Settings settings, Clock clock,
                     Duration requeueAfter) {
        this.store = store;
        this.dhis2 = dhis2;
        this.settings = settings;
        this.clock = clock;
        this.requeueAfter = requeueAfter;
    }

    /** Registered deaths due for the share-back, as queue messages {maGBT, registeredBy, event...}. */
    public List<String> claimPending() {
        List<String> out = new ArrayList<>();
        for (EvidenceStore.PendingPush p : store.claimPendingPushes(clock.instant().minus(requeueAfter), 100)) {
            ObjectNode m = json.createObjectNode();
            m.put("maGBT", p.maGBT());
            m.put("registeredBy", p.registeredBy());
            // PMHT's registration number and date (seed 004 2.4.2); absent only for deaths marked outside the events
            if (p.soDangKy() != null) {
                m.put("soDangKy", p.soDangKy());
            }
            if (p.ngayDangKy() != null) {
                m.put("ngayDangKy", p.ngayDangKy());
            }
            m.set("event", read(p.metaJson()));
            out.add(m.toString());
        }
        return out;
    }

    /** The tracker import body updating the event's registration data values. */
    public String trackerPayload(String message) {
        JsonNode m = read(message);
        JsonNode meta = m.path("event");
        ObjectNode event = json.createObjectNode();
        for (String f : List.of("event", "program", "programStage", "orgUnit", "occurredAt", "status", "enrollment",
                "trackedEntity")) {
            if (meta.hasNonNull(f)) {
                event.put(f, meta.get(f).asText());
            }
        }
        ArrayNode values = event.putArray("dataValues");
        values.addObject().put("dataElement", settings.element(Dhis2Settings.REGISTERED)).put("value", "true");
        values.addObject().put("dataElement", settings.element(Dhis2Settings.REGISTRATION_NO))
                .put("value", m.hasNonNull("soDangKy") ? m.get("soDangKy").asText() : m.path("registeredBy").asText());
        String date = dhis2Date(m.path("ngayDangKy").asText(null));
        if (date != null && settings.element(Dhis2Settings.REGISTRATION_DATE) != null) {
            values.addObject().put("dataElement", settings.element(Dhis2Settings.REGISTRATION_DATE)).put("value", date);
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("events").add(event);
        return body.toString();
    }

    /** PMHT's dd.MM.yyyy (or dd/MM/yyyy, ISO) as DHIS2's yyyy-MM-dd; null when unreadable. */
    static String dhis2Date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        java.time.LocalDate d = EvidenceRules.parseDate(s.trim());
        return d == null ? null : d.toString();
    }

    public String maGBT(String message) {
        return read(message).path("maGBT").asText();
    }

    /**
     * The share-back of one registered death ({@link #claimPending()}'s message): the tracker update, then DHIS2's
     * answer recorded ({@link #recordAnswer}). Unavailable DHIS2 throws (the message is retried).
     */
    public String push(String message) {
        UpstreamResponse answer = dhis2.track(trackerPayload(message));
        return recordAnswer(message, answer.status(), answer.body());
    }

    /**
     * Reads DHIS2's import report: OK -> PUSHED; ERROR (409/400, validation errors) -> REFUSED with DHIS2's
     * messages, not retried (the same update would be refused again); the route copies it to health.invalid.
     * Returns "PUSHED: maGBT ..." or "REFUSED: maGBT: reason".
     */
    public String recordAnswer(String message, Integer httpStatus, String body) {
        String maGBT = maGBT(message);
        int code = httpStatus == null ? 0 : httpStatus;
        JsonNode report;
        try {
            report = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            report = null;
        }
        String status = report == null ? "" : report.path("status").asText("");
        if (code < 300 && ("OK".equalsIgnoreCase(status) || "WARNING".equalsIgnoreCase(status))) {
            store.pushFinished(maGBT, "PUSHED", null);
            return "PUSHED: " + maGBT + " registered by " + read(message).path("registeredBy").asText();
        }
        if (code < 300 && report == null) {
            throw new UpstreamUnavailableException("DHIS2 answered HTTP " + code + " with a body that is not its import report");
        }
        List<String> messages = new ArrayList<>();
        if (report != null) {
            for (JsonNode e : report.path("validationReport").path("errorReports")) {
                messages.add(e.path("errorCode").asText("") + " " + e.path("message").asText(""));
            }
            if (messages.isEmpty() && report.hasNonNull("message")) {
                messages.add(report.get("message").asText());
            }
        }
        String reason = "DHIS2 refused the update (HTTP " + code + (status.isEmpty() ? "" : ", " + status) + ")"
                + (messages.isEmpty() ? "" : ": " + String.join("; ", messages));
        store.pushFinished(maGBT, "REFUSED", reason);
        return "REFUSED: " + maGBT + ": " + reason;
    }

    /** The health.invalid entry for a refused share-back. */
    public String refusalEntry(String message, String outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receivedAt", clock.instant().toString());
        m.put("source", "DHIS2-PUSH");
        m.put("status", "rejected");
        m.put("kind", "death");
        m.put("maGBT", maGBT(message));
        m.put("reason", outcome);
        m.put("original", message);
        try {
            return json.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            JsonNode n = json.readTree(text == null ? "{}" : text);
            return n == null ? json.createObjectNode() : n;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a share-back message: " + e.getClass().getSimpleName());
        }
    }
}
