package vn.lienthong.gateway.civil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.AwaitingAcceptance;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.security.JsonFailures;

/**
 * The one-stop-shop officer's decision on a dossier waiting in AWAITING_ACCEPTANCE (CIVIL_AUTO_ACCEPT=false):
 * {@code {maHoSo, decision: "accept"|"reject", reason, nguoiXuLy, chucDanh, phongBanXuLy}}. Accept: DVCLT 3 and
 * the waiting push body goes on to dispatch. Reject (reason required): REJECTED and DVCLT 6 with the reason.
 */
public class CivilAcceptance {

    /** The HTTP answer to a decision: 202 with the normalized decision to enqueue, or 4xx with the error. */
    public record Check(int httpStatus, String body) {
    }

    private final Ledger ledger;
    private final AwaitingAcceptance awaiting;
    private final FileStore waitingBodies;
    private final StatusRelay relay;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** An officer's rejection told to other flows (RegistrationEventPublisher); none until wired. */
    private volatile RegistrationEventPublisher events = RegistrationEventPublisher.NONE;

    public CivilAcceptance(Ledger ledger, AwaitingAcceptance awaiting, FileStore waitingBodies, StatusRelay relay,
                           Clock clock) {
        this.ledger = ledger;
        this.awaiting = awaiting;
        this.waitingBodies = waitingBodies;
        this.relay = relay;
        this.clock = clock;
    }

    /** Where rejections are published (CivilModule). */
    public void publishTo(RegistrationEventPublisher publisher) {
        this.events = publisher;
    }

    /** HTTP intake: checks the decision for the dossier in the path; 202 carries the decision to enqueue. */
    public Check check(String maHoSo, String raw) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode decision = parse(raw, problems);
        if (decision != null) {
            if (decision.hasNonNull("maHoSo") && !decision.get("maHoSo").asText().equals(maHoSo)) {
                problems.add(new Problem("maHoSo", "differs from the dossier in the path"));
            }
            decision.put("maHoSo", maHoSo);
            validate(decision, problems);
        }
        if (!problems.isEmpty()) {
            return new Check(400, error(problems));
        }
        Optional<String> state = ledger.stateOf(maHoSo).map(Enum::name);
        if (state.isEmpty()) {
            return new Check(404, error(List.of(new Problem("maHoSo", "unknown dossier"))));
        }
        if (!DossierState.AWAITING_ACCEPTANCE.name().equals(state.get())) {
            return new Check(409, error(List.of(new Problem("maHoSo", "dossier is " + state.get()
                    + ", not AWAITING_ACCEPTANCE"))));
        }
        return new Check(202, write(decision));
    }

    /**
     * Applies a decision from the queue. Returns where it goes: dispatch (with the waiting push body), done
     * (rejected, DVCLT told) or invalid (bad decision, with the reason).
     */
    public IntakeDecision decide(String raw, String trackingId) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode d = parse(raw, problems);
        if (d != null) {
            validate(d, problems);
        }
        String maHoSo = d == null ? null : CivilIntake.ledgerKey(d.path("maHoSo").asText(null));
        if (problems.isEmpty()) {
            Optional<String> state = ledger.stateOf(maHoSo).map(Enum::name);
            IntakeDecision again = appliedBefore(maHoSo, decisionOf(d), state.orElse(null));
            if (again != null) {
                return again;
            }
            if (!state.map(DossierState.AWAITING_ACCEPTANCE.name()::equals).orElse(false)) {
                problems.add(new Problem("maHoSo", state.map(s -> "dossier is " + s + ", not AWAITING_ACCEPTANCE")
                        .orElse("unknown dossier")));
            }
        }
        Optional<AwaitingAcceptance.Waiting> waiting = problems.isEmpty() ? awaiting.find(maHoSo) : Optional.empty();
        if (problems.isEmpty() && waiting.isEmpty()) {
            problems.add(new Problem("maHoSo", "no waiting version of the dossier"));
        }
        if (!problems.isEmpty()) {
            if (maHoSo != null && ledger.stateOf(maHoSo).isPresent()) {
                ledger.event(maHoSo, "decision", "INVALID", reason(problems));
            }
            return invalid(trackingId, raw, maHoSo, problems);
        }
        AwaitingAcceptance.Waiting w = waiting.get();
        String officer = text(d, "nguoiXuLy");
        StatusRelay.Detail base = new StatusRelay.Detail(null, null, officer, text(d, "chucDanh"),
                text(d, "phongBanXuLy"), null, null, null, null, null);
        if ("accept".equals(decisionOf(d))) {
            byte[] body = waitingBodies.get(w.bodySha()).orElseThrow(() -> new IllegalStateException(
                    "the waiting push body of " + maHoSo + " is missing from the store"));
            ledger.transition(maHoSo, DossierState.ACCEPTED, "decision", "accepted by the one-stop-shop officer");
            relay.queue(maHoSo, DvcltStatus.ACCEPTED, w.contentVersion(), new StatusRelay.Detail("",
                    "Hồ sơ đủ điều kiện giải quyết", base.nguoiXuLy(), base.chucDanh(), base.phongBanXuLy(),
                    null, null, null, null, null));
            // the waiting body is kept until PMHT has the version (see pushed): a redelivered decision re-sends it
            return new IntakeDecision(IntakeDecision.DISPATCH, maHoSo, w.modulePushed(), w.contentVersion(),
                    new String(body, StandardCharsets.UTF_8), null);
        }
        String reason = text(d, "reason");
        ledger.transition(maHoSo, DossierState.REJECTED, "decision", "rejected by the one-stop-shop officer: " + reason);
        events.rejected(maHoSo);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("lyDo", reason);
        relay.queue(maHoSo, DvcltStatus.REJECTED, w.contentVersion(), new StatusRelay.Detail(reason,
                "Từ chối tiếp nhận hồ sơ", base.nguoiXuLy(), base.chucDanh(), base.phongBanXuLy(), null, result,
                null, null, null));
        awaiting.remove(maHoSo);
        waitingBodies.delete(w.bodySha());
        return new IntakeDecision(IntakeDecision.DONE, maHoSo, w.modulePushed(), w.contentVersion(), null, "rejected");
    }

    /**
     * The same decision delivered again after it was applied (the database commit and the queue transaction are
     * separate): an accept is forwarded again while the waiting body is still there (the push claim makes a second
     * push impossible), a reject changes nothing. Null when the decision was not applied before.
     */
    private IntakeDecision appliedBefore(String maHoSo, String decision, String state) {
        if (state == null || DossierState.AWAITING_ACCEPTANCE.name().equals(state)) {
            return null;
        }
        Optional<AwaitingAcceptance.Waiting> w = awaiting.find(maHoSo);
        if ("accept".equals(decision) && w.isPresent() && !DossierState.REJECTED.name().equals(state)) {
            Optional<byte[]> body = waitingBodies.get(w.get().bodySha());
            if (body.isPresent()) {
                ledger.event(maHoSo, "decision", "DUPLICATE", "acceptance delivered again; forwarded again");
                return new IntakeDecision(IntakeDecision.DISPATCH, maHoSo, w.get().modulePushed(),
                        w.get().contentVersion(), new String(body.get(), StandardCharsets.UTF_8), null);
            }
        }
        if ("reject".equals(decision) && DossierState.REJECTED.name().equals(state) && w.isEmpty()) {
            ledger.event(maHoSo, "decision", "DUPLICATE", "rejection delivered again; nothing to do");
            return new IntakeDecision(IntakeDecision.DONE, maHoSo, null, null, null, "duplicate");
        }
        return null;
    }

    /** PMHT has the version (pushed or refused): the waiting body is not needed any more. */
    public void pushed(String maHoSo, String contentVersion) {
        if (maHoSo == null) {
            return;
        }
        awaiting.find(maHoSo).filter(w -> w.contentVersion().equals(contentVersion)).ifPresent(w -> {
            awaiting.remove(maHoSo);
            waitingBodies.delete(w.bodySha());
        });
    }

    private void validate(ObjectNode d, List<Problem> problems) {
        if (CivilIntake.ledgerKey(d.path("maHoSo").asText(null)) == null) {
            problems.add(new Problem("maHoSo", "is required: letters, digits, '.', '-', '_', up to 50 characters"));
        }
        String decision = decisionOf(d);
        if (!"accept".equals(decision) && !"reject".equals(decision)) {
            problems.add(new Problem("decision", "must be accept or reject"));
        }
        if ("reject".equals(decision) && text(d, "reason") == null) {
            problems.add(new Problem("reason", "is required when the dossier is rejected"));
        }
        for (String f : List.of("reason", "nguoiXuLy", "chucDanh", "phongBanXuLy")) {
            if (d.has(f) && !d.get(f).isNull() && !d.get(f).isTextual()) {
                problems.add(new Problem(f, "must be a string"));
            } else if (text(d, f) != null && text(d, f).length() > 2000) {
                problems.add(new Problem(f, "is longer than 2000 characters"));
            }
        }
    }

    private static String decisionOf(JsonNode d) {
        return d.path("decision").isTextual() ? d.get("decision").asText().trim().toLowerCase(Locale.ROOT) : null;
    }

    private static String text(JsonNode d, String f) {
        JsonNode v = d.get(f);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }

    private ObjectNode parse(String raw, List<Problem> problems) {
        try {
            JsonNode n = json.readTree(raw == null ? "" : raw);
            if (n instanceof ObjectNode o) {
                return o;
            }
            problems.add(new Problem("$", "must be a JSON object"));
        } catch (JsonProcessingException e) {
            problems.add(new Problem("$", JsonFailures.reason(e)));
        }
        return null;
    }

    private IntakeDecision invalid(String trackingId, String raw, String maHoSo, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingId", trackingId);
        body.put("receivedAt", clock.instant().toString());
        body.put("maHoSo", maHoSo);
        body.put("reason", "officer decision: " + reason(problems));
        body.put("problems", problems);
        body.put("original", raw);
        return new IntakeDecision(IntakeDecision.INVALID, maHoSo, null, null, write(body), "officer decision: " + reason(problems));
    }

    private static String reason(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::toString).toList());
    }

    private String error(List<Problem> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", reason(problems));
        m.put("problems", problems);
        return write(m);
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
