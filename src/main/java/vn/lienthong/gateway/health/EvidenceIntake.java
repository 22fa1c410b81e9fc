package vn.lienthong.gateway.health;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.security.JsonFailures;

/**
 * Seed 004 steps 1-3 for one record from any channel (HIS over HTTP or JMS, an Excel row, a DHIS2 event):
 * check it; invalid -> rejected, nothing stored; valid -> duplicate check (used -> rejected "already used",
 * unused -> updated, new -> stored). Every sender gets the {@link Answer}.
 */
public class EvidenceIntake {

    public static final String ALREADY_USED = "already used by a registration; the certificate cannot be changed";
    static final int MAX_RECORD_BYTES = 256 * 1024;

    private final EvidenceRules rules;
    private final EvidenceStore store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public EvidenceIntake(EvidenceRules rules, EvidenceStore store, Clock clock) {
        this.rules = rules;
        this.store = store;
        this.clock = clock;
    }

    /** The explicit answer to the sender. */
    public record Answer(EvidenceKind kind, String key, boolean accepted, String action, List<FieldProblem> problems,
                         String usedBy) {

        public int httpCode() {
            return accepted ? 200 : 422;
        }

        public String status() {
            return accepted ? "accepted" : "rejected";
        }

        /** One line of reasons (no field values, so it may be logged and put in headers). */
        public String reason() {
            return problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status());
            if (accepted) {
                m.put("action", action);
            }
            m.put("kind", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
            if (kind != null) {
                m.put(kind.keyField(), key);
            }
            if (!accepted) {
                m.put("reason", reason());
                m.put("problems", problems);
            }
            return m;
        }
    }

    public Answer receive(EvidenceKind kind, Map<String, ?> record, String source, EvidenceStore.Dhis2Origin origin) {
        EvidenceRules.Checked checked = rules.check(kind, record);
        if (!checked.valid()) {
            return new Answer(kind, checked.key(), false, null, checked.problems(), null);
        }
        EvidenceStore.SaveResult saved = store.save(checked, source, origin);
        if (saved.action() == EvidenceStore.Action.ALREADY_USED) {
            return new Answer(kind, checked.key(), false, null,
                    List.of(new FieldProblem(kind.keyField(), ALREADY_USED)), saved.usedBy());
        }
        return new Answer(kind, checked.key(), true, saved.action().name().toLowerCase(Locale.ROOT), List.of(), null);
    }

    /** A record as JSON text (HTTP body, JMS message). Never throws for bad input. */
    public Answer receiveJson(String kind, String body, String source) {
        EvidenceKind k = EvidenceKind.parse(kind);
        String raw = body == null ? "" : body;
        if (raw.isBlank()) {
            return rejected(k, new FieldProblem("$", "body is empty"));
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_RECORD_BYTES) {
            return rejected(k, new FieldProblem("$", "record is larger than " + MAX_RECORD_BYTES + " bytes"));
        }
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input (names, ID numbers): only the position is told
            return rejected(k, new FieldProblem("$", JsonFailures.reason(e)));
        }
        if (node == null || !node.isObject()) {
            return rejected(k, new FieldProblem("$", "must be a JSON object with the "
                    + (k == EvidenceKind.BIRTH ? "birth certificate" : "death notice") + " fields"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = json.convertValue(node, Map.class);
        return receive(k, record, source, null);
    }

    private static Answer rejected(EvidenceKind kind, FieldProblem problem) {
        return new Answer(kind, null, false, null, List.of(problem), null);
    }

    /**
     * What a route does with one pushed record: answer the sender with {@code replyJson}; when
     * {@code invalidEntry} is not null, also put it on health.invalid.
     */
    public record Decision(Answer answer, String replyJson, String invalidEntry) {
        public boolean rejected() {
            return !answer.accepted();
        }
    }

    /** A pushed record (HTTP body or JMS message) from {@code source}: checked, stored, answered. */
    public Decision handle(String kind, String body, String source, String trackingId) {
        Answer a = receiveJson(kind, body, source);
        return new Decision(a, answerJson(a), a.accepted() ? null : invalidEntry(a, source, trackingId, body));
    }

    /** The sender's answer as JSON (HTTP body, JMS reply). */
    public String answerJson(Answer answer) {
        return write(answer.toMap());
    }

    /**
     * The health.invalid entry of a rejected record: the answer, where it came from and the original text,
     * so an operator can fix and replay it.
     */
    public String invalidEntry(Answer answer, String source, String trackingId, String original) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trackingId", trackingId);
        m.put("receivedAt", clock.instant().toString());
        m.put("source", source);
        m.putAll(answer.toMap());
        if (answer.usedBy() != null) {
            m.put("usedBy", answer.usedBy());
        }
        m.put("original", original);
        return write(m);
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an answer", e);
        }
    }
}
