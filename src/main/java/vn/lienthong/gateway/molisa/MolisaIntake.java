package vn.lienthong.gateway.molisa;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.ledger.DossierFacts;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;
import vn.lienthong.gateway.security.JsonFailures;

/**
 * First step of the MOLISA flow, one one-stop-shop record at a time: reads it, maps it with
 * {@link MolisaRecordMapper}, records the outcome in the ledger (flow "molisa", key MaHoSo) and says where it goes:
 * {@code invalid} (molisa.invalid), {@code not-applicable} (molisa.result: not one of the 11 procedures) or
 * {@code ready} (waits for a batch). The trail carries codes and reasons, never the record's values.
 */
public final class MolisaIntake {

    public static final String FLOW = "molisa";
    static final int MAX_LEDGER_KEY = 64;

    /** The three kinds of record the one-stop-shop sends, with their MOLISA operation. */
    public enum Kind {
        DOSSIER(Table.DONG_BO_DVC), PROGRESS(Table.XU_LY_HO_SO), DECISION(Table.FILE_QUYET_DINH);

        private final Table table;

        Kind(Table table) {
            this.table = table;
        }

        public Table table() {
            return table;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "dossier" / "dossiers" / "progress" / "decision" / "decisions" (queue kinds and HTTP paths). */
        public static Kind of(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            return switch (n) {
                case "dossier", "dossiers" -> DOSSIER;
                case "progress" -> PROGRESS;
                case "decision", "decisions" -> DECISION;
                default -> null;
            };
        }

        public static Kind ofOperation(String operation) {
            for (Kind k : values()) {
                if (k.table.operation().equals(operation)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * Where one record goes. {@code route}: invalid | not-applicable | ready. {@code body}: the message for that
     * queue; {@code reply}: the answer to a JMS sender that set JMSReplyTo.
     */
    public record Decision(String route, String maHoSo, String reason, String body, String reply) {
        @Override
        public String toString() {
            return "Decision[" + route + " MaHoSo=" + maHoSo + "]";
        }
    }

    /**
     * What the HTTP edge does with a request. {@code route}: unknown (404), invalid (400, body also to
     * molisa.invalid), not-applicable (200, answered here), or the kind to enqueue (dossier | progress | decision,
     * 202). {@code answer} is the HTTP body; {@code invalidEntry} the molisa.invalid message when route is invalid.
     */
    public record Screen(String route, int status, String answer, String invalidEntry, String reason) {
    }

    private final MolisaRecordMapper mapper;
    private final Ledger ledger;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public MolisaIntake(MolisaRecordMapper mapper, Ledger ledger, Clock clock) {
        this.mapper = mapper;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The HTTP edge: unparseable input is refused, other procedures answered at once, the rest enqueued. */
    public Screen screen(String kindName, String raw, String trackingId) {
        Kind kind = Kind.of(kindName);
        if (kind == null || kindName.equalsIgnoreCase("dossier") || kindName.equalsIgnoreCase("decision")) {
            return new Screen("unknown", 404, write(Map.of("error",
                    "unknown MOLISA record kind; POST to /api/molisa/dossiers, /api/molisa/progress or /api/molisa/decisions")),
                    null, null);
        }
        Parsed parsed = parse(raw);
        if (parsed.problems != null) {
            String reason = reasons(parsed.problems);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("trackingId", trackingId);
            answer.put("error", reason);
            answer.put("problems", parsed.problems);
            return new Screen("invalid", 400, write(answer),
                    invalidEntry(trackingId, kind, null, reason, parsed.problems, raw), reason);
        }
        MappingResult result = map(kind, parsed.record);
        if (result instanceof MappingResult.NotSocialAssistance na) {
            recordNotApplicable(kind, na, trackingId);
            return new Screen("not-applicable", 200, notApplicable(trackingId, na), null, na.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingId", trackingId);
        answer.put("status", "queued");
        return new Screen(kind.label(), 202, write(answer), null, null);
    }

    /** A record taken from an inbound queue: map it, record it, say where it goes. */
    public Decision check(String kindName, String raw, String trackingId) {
        Kind kind = Kind.of(kindName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown MOLISA record kind " + kindName);
        }
        Parsed parsed = parse(raw);
        if (parsed.problems != null) {
            String reason = reasons(parsed.problems);
            return new Decision("invalid", null, reason,
                    invalidEntry(trackingId, kind, null, reason, parsed.problems, raw),
                    rejectedReply(trackingId, null, reason, parsed.problems));
        }
        MappingResult result = map(kind, parsed.record);
        String key = ledgerKey(result.maHoSo());
        if (result instanceof MappingResult.NotSocialAssistance na) {
            recordNotApplicable(kind, na, trackingId);
            String answer = notApplicable(trackingId, na);
            return new Decision("not-applicable", na.maHoSo(), na.message(), answer, answer);
        }
        if (result instanceof MappingResult.Rejected rejected) {
            String reason = reasons(rejected.problems());
            if (key != null) {
                ledger.record(DossierFacts.of(key, FLOW), DossierState.RECEIVED, kind.label() + ".intake",
                        "received, tracking id " + trackingId);
                ledger.record(DossierFacts.of(key, FLOW), DossierState.REJECTED, kind.label() + ".validate", reason);
            }
            return new Decision("invalid", rejected.maHoSo(), reason,
                    invalidEntry(trackingId, kind, rejected.maHoSo(), reason, rejected.problems(), raw),
                    rejectedReply(trackingId, rejected.maHoSo(), reason, rejected.problems()));
        }
        MappingResult.Mapped mapped = (MappingResult.Mapped) result;
        DossierFacts facts = facts(key, mapped.record());
        ledger.record(facts, DossierState.RECEIVED, kind.label() + ".intake", "received, tracking id " + trackingId);
        ledger.record(facts, DossierState.ACCEPTED, kind.label() + ".validate",
                "mapped for MOLISA " + kind.table().operation() + "; waiting to be sent"
                        + (mapped.warnings().isEmpty() ? "" : "; warnings: " + reasons(mapped.warnings())));
        Map<String, Object> item = MolisaBatches.item(trackingId, mapped.maHoSo(), mapped.record());
        // decisions are sent one FileQuyetDinh call each: they skip batching and go straight to dispatch
        String body = kind == Kind.DECISION
                ? MolisaBatches.envelope(kind.table().operation(), List.of(item))
                : write(item);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("trackingId", trackingId);
        reply.put("MaHoSo", mapped.maHoSo());
        reply.put("status", "QUEUED");
        reply.put("message", "mapped; will be sent to MOLISA " + kind.table().operation());
        return new Decision(kind == Kind.DECISION ? "dispatch" : "ready", mapped.maHoSo(), null, body, write(reply));
    }

    private MappingResult map(Kind kind, Map<String, Object> record) {
        return switch (kind) {
            case DOSSIER -> mapper.mapDossier(record);
            case PROGRESS -> mapper.mapProgress(record);
            case DECISION -> mapper.mapDecision(record);
        };
    }

    private void recordNotApplicable(Kind kind, MappingResult.NotSocialAssistance na, String trackingId) {
        String key = ledgerKey(na.maHoSo());
        if (key != null) {
            ledger.record(DossierFacts.of(key, FLOW), DossierState.RECEIVED, kind.label() + ".intake",
                    "received, tracking id " + trackingId);
            ledger.record(DossierFacts.of(key, FLOW), DossierState.NOT_APPLICABLE, kind.label() + ".route", na.message());
        }
    }

    private String notApplicable(String trackingId, MappingResult.NotSocialAssistance na) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingId", trackingId);
        answer.put("MaHoSo", na.maHoSo());
        answer.put("MaTTHC", na.maTTHC());
        answer.put("status", DossierState.NOT_APPLICABLE.name());
        answer.put("message", na.message());
        return write(answer);
    }

    private String rejectedReply(String trackingId, String maHoSo, String reason, List<Problem> problems) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("trackingId", trackingId);
        reply.put("MaHoSo", maHoSo);
        reply.put("status", DossierState.REJECTED.name());
        reply.put("reason", reason);
        reply.put("problems", problems);
        return write(reply);
    }

    /** The molisa.invalid entry: who, why (field + reason), and the original for the operator to fix and replay. */
    private String invalidEntry(String trackingId, Kind kind, String maHoSo, String reason, List<Problem> problems,
                                String raw) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingId", trackingId);
        body.put("receivedAt", clock.instant().toString());
        body.put("kind", kind.label());
        body.put("operation", kind.table().operation());
        body.put("MaHoSo", maHoSo);
        body.put("reason", reason);
        body.put("problems", problems);
        body.put("original", raw);
        return write(body);
    }

    private static DossierFacts facts(String key, Map<String, Object> record) {
        Object tthc = record.get("MaTTHC");
        Object tinh = record.get("MaTinh");
        String moduleIn = tthc instanceof String s && s.length() <= 8 ? s : null;
        String maTinh = tinh instanceof String s && s.length() <= 4 ? s : null;
        return new DossierFacts(key, FLOW, moduleIn, null, maTinh, null, null);
    }

    /** MaHoSo as ledger key; null (no ledger row) when absent or too long for the ledger. */
    static String ledgerKey(String maHoSo) {
        if (maHoSo == null || maHoSo.isBlank() || maHoSo.length() > MAX_LEDGER_KEY) {
            return null;
        }
        return maHoSo;
    }

    private record Parsed(Map<String, Object> record, List<Problem> problems) {
    }

    private Parsed parse(String raw) {
        try {
            JsonNode node = json.readTree(raw == null ? "" : raw);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, List.of(new Problem("$", "body is empty")));
            }
            if (!node.isObject()) {
                return new Parsed(null, List.of(new Problem("$", "must be a JSON object, got "
                        + node.getNodeType().name().toLowerCase(Locale.ROOT))));
            }
            return new Parsed(json.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { }), null);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input (names, ID numbers): only the position is told
            return new Parsed(null, List.of(new Problem("$", JsonFailures.reason(e))));
        }
    }

    private static String reasons(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a queue entry", e);
        }
    }
}
