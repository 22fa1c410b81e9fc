package vn.lienthong.gateway.civil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.ledger.AwaitingAcceptance;
import vn.lienthong.gateway.ledger.DossierFacts;
import vn.lienthong.gateway.ledger.DossierMetaStore;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.security.JsonFailures;

/** First step of the civil flow: check and convert an inbound dossier, record the outcome, say where it goes. */
public class CivilIntake {

    public static final String FLOW = "civil";
    private static final Pattern LEDGER_KEY = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    // once PMHT has a version, a duplicate submission of it must not move the dossier back
    private static final Set<String> PUSHED_STATES = Set.of("SENT", "PROCESSING", "SUPPLEMENT_REQUESTED",
            "REGISTERED", "RESULT_DELIVERED", "REFUSED", "FAILED");
    // the same version again while an officer decides, or after the officer rejected it, changes nothing
    private static final Set<String> WAITING_OR_DECIDED = Set.of("AWAITING_ACCEPTANCE", "REJECTED");

    private final CivilDossierProcessor processor;
    private final Ledger ledger;
    private final Clock clock;
    private final StatusRelay relay;
    private final Acceptance acceptance;
    private final ObjectMapper json = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            // the same bounds as the processor's: a hostile body is refused, never a stack overflow
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxNumberLength(100).build())
            .build());

    /**
     * How valid dossiers are accepted: automatically (status 3 at once) or by a one-stop-shop officer, in which
     * case the push body waits in {@code waitingBodies} and the dossier in AWAITING_ACCEPTANCE.
     */
    public record Acceptance(boolean automatic, AwaitingAcceptance awaiting, FileStore waitingBodies) {
    }

    public CivilIntake(CivilDossierProcessor processor, Ledger ledger, Clock clock, StatusRelay relay,
                       Acceptance acceptance) {
        this.processor = processor;
        this.ledger = ledger;
        this.clock = clock;
        this.relay = relay;
        this.acceptance = acceptance;
    }

    /** Checks a message body: text, or bytes that must be valid UTF-8 (other systems may send BytesMessages). */
    public IntakeDecision checkBody(Object body, String trackingId) {
        Utf8.Decoded decoded = Utf8.decode(body);
        if (decoded.problem() != null) {
            return invalid(trackingId, decoded.text(), null, List.of(decoded.problem()));
        }
        return check(decoded.text(), trackingId);
    }

    public IntakeDecision check(String raw, String trackingId) {
        CivilOutcome outcome = processor.process(raw == null ? "" : raw);
        // what intake records (ledger, payload, DVCLT facts and updates) is one transaction (BENCHMARKS.md)
        return ledger.atomically(() -> record(outcome, raw, trackingId));
    }

    private IntakeDecision record(CivilOutcome outcome, String raw, String trackingId) {
        if (outcome instanceof CivilOutcome.Ready ready) {
            return ready(ready, raw);
        }
        if (outcome instanceof CivilOutcome.NeedsReview review) {
            String key = ledgerKey(review.maHoSo());
            String reason = review.ambiguities().stream()
                    .map(a -> a.field() + " matches " + a.candidates().size() + " units")
                    .collect(Collectors.joining("; "));
            if (key != null) {
                ledger.record(new DossierFacts(key, FLOW, null, null, null, review.maDonVi(), null),
                        DossierState.RECEIVED, "intake", "received, tracking id " + trackingId);
                received(key, raw);
                ledger.record(DossierFacts.of(key, FLOW), DossierState.NEEDS_REVIEW, "normalize",
                        "address needs an operator: " + reason);
            }
            Map<String, Object> body = envelope(trackingId, raw);
            body.put("maHoSo", review.maHoSo());
            body.put("reason", "address needs review: " + reason);
            body.put("ambiguities", review.ambiguities());
            return new IntakeDecision(IntakeDecision.REVIEW, key, null, null, write(body), "address needs review: " + reason);
        }
        CivilOutcome.Invalid invalid = (CivilOutcome.Invalid) outcome;
        String key = ledgerKey(invalid.maHoSo());
        String reason = invalid.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
        if (key != null) {
            ledger.record(DossierFacts.of(key, FLOW), DossierState.RECEIVED, "intake", "received, tracking id " + trackingId);
            received(key, raw);
            ledger.record(DossierFacts.of(key, FLOW), DossierState.REJECTED, "validate", reason);
            // the citizen is told why; one rejection per distinct submission
            relay.queue(key, DvcltStatus.REJECTED, "invalid-" + FileStore.sha256(raw.getBytes(StandardCharsets.UTF_8)),
                    StatusRelay.Detail.of(reason, "Hồ sơ không hợp lệ, bị từ chối tiếp nhận"));
        }
        return invalid(trackingId, raw, invalid.maHoSo(), invalid.problems());
    }

    /** The invalid-queue entry for input that never reached validation (e.g. unparseable HTTP body). */
    public IntakeDecision invalid(String trackingId, String raw, String maHoSo, List<Problem> problems) {
        String reason = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        Map<String, Object> body = envelope(trackingId, raw);
        body.put("maHoSo", maHoSo);
        body.put("reason", reason);
        body.put("problems", problems);
        return new IntakeDecision(IntakeDecision.INVALID, ledgerKey(maHoSo), null, null, write(body), reason);
    }

    private IntakeDecision ready(CivilOutcome.Ready ready, String raw) {
        Optional<DossierView> known = ledger.findWithoutTrail(ready.maHoSo());
        boolean sameVersion = known.isPresent() && ready.contentVersion().equals(known.get().contentVersion());
        boolean alreadyPushed = sameVersion && PUSHED_STATES.contains(known.get().state());
        if (alreadyPushed) {
            ledger.event(ready.maHoSo(), "intake", "DUPLICATE",
                    "same content version received again; PMHT already has it");
            return dispatch(ready);
        }
        if (sameVersion && WAITING_OR_DECIDED.contains(known.get().state())) {
            ledger.event(ready.maHoSo(), "intake", "DUPLICATE",
                    "same content version received again; " + known.get().state());
            return new IntakeDecision(IntakeDecision.DONE, ready.maHoSo(), ready.modulePushed(), ready.contentVersion(),
                    null, "duplicate");
        }
        // a new version after a supplementation request restarts the processing time
        boolean supplement = known.isPresent() && DossierState.SUPPLEMENT_REQUESTED.name().equals(known.get().state());
        DossierFacts facts = new DossierFacts(ready.maHoSo(), FLOW, ready.moduleIn(), ready.modulePushed(),
                ready.maTinh(), ready.maDonVi(), ready.contentVersion());
        String valid = "valid; addresses normalized; module " + ready.moduleIn() + " -> " + ready.modulePushed();
        // received and accepted (or waiting for the officer) are one write of the dossier row (BENCHMARKS.md); a
        // dossier not found above is inserted without trying an update first
        List<Ledger.Step> steps = List.of(
                new Ledger.Step(DossierState.RECEIVED, "intake", "received, version "
                        + shortVersion(ready.contentVersion()) + (supplement ? " (supplemented)" : "")),
                acceptance.automatic()
                        ? new Ledger.Step(DossierState.ACCEPTED, "validate", valid)
                        : new Ledger.Step(DossierState.AWAITING_ACCEPTANCE, "validate",
                                valid + "; waits for the one-stop-shop officer's decision"));
        if (known.isPresent()) {
            ledger.record(facts, steps);
        } else {
            ledger.recordNew(facts, steps);
        }
        // the payload and the DVCLT facts come from the checks' own parse of the body (BENCHMARKS.md)
        ledger.recordPayload(ready.maHoSo(), ready.contentVersion(), ready.keptPayload());
        // the facts just written are passed to the updates instead of being read back for each (BENCHMARKS.md)
        DossierMetaStore.Meta meta = relay.rememberDossier(ready.maHoSo(), ready.maTTHC(), ready.maDonVi(),
                ready.received(), supplement ? LocalDateTime.now(clock.withZone(DossierDates.VIETNAM)) : null);
        // status 1, and 3 when the dossier is accepted at once: one read of the dossier's outbox for both
        List<StatusRelay.Queued> updates = new ArrayList<>(2);
        updates.add(new StatusRelay.Queued(DvcltStatus.RECEIVED, null,
                StatusRelay.Detail.of("", "Hệ thống MCĐT đã nhận hồ sơ")));
        if (acceptance.automatic()) {
            updates.add(new StatusRelay.Queued(DvcltStatus.ACCEPTED, ready.contentVersion(),
                    StatusRelay.Detail.of("", "Hồ sơ đủ điều kiện giải quyết")));
        }
        relay.queueAll(ready.maHoSo(), meta, updates);
        if (!acceptance.automatic()) {
            String sha = acceptance.waitingBodies().put(ready.pmhtPushJson().getBytes(StandardCharsets.UTF_8));
            acceptance.awaiting().put(new AwaitingAcceptance.Waiting(ready.maHoSo(), ready.contentVersion(),
                    ready.modulePushed(), sha));
            return new IntakeDecision(IntakeDecision.AWAITING, ready.maHoSo(), ready.modulePushed(),
                    ready.contentVersion(), null, "awaiting acceptance");
        }
        return dispatch(ready);
    }

    private static IntakeDecision dispatch(CivilOutcome.Ready ready) {
        return new IntakeDecision(IntakeDecision.DISPATCH, ready.maHoSo(), ready.modulePushed(), ready.contentVersion(),
                ready.pmhtPushJson(), null);
    }

    /** Status 1 and the DVCLT facts of a dossier that could not go further. */
    private void received(String key, String raw) {
        EnvelopeFacts env = EnvelopeFacts.read(raw);
        DossierMetaStore.Meta meta = relay.rememberDossier(key, env.maTTHC(), env.maDonVi(), env.ngayTiepNhan(), null);
        relay.queue(key, DvcltStatus.RECEIVED, null, StatusRelay.Detail.of("", "Hệ thống MCĐT đã nhận hồ sơ"), meta);
    }

    private Map<String, Object> envelope(String trackingId, String raw) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingId", trackingId);
        body.put("receivedAt", clock.instant().toString());
        body.put("original", raw);
        return body;
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize queue entry", e);
        }
    }

    static String ledgerKey(String maHoSo) {
        return maHoSo != null && LEDGER_KEY.matcher(maHoSo).matches() ? maHoSo : null;
    }

    static String shortVersion(String version) {
        return version == null ? "?" : version.substring(0, Math.min(12, version.length()));
    }

    /** The 400 answer to an HTTP caller whose body is not a JSON object. */
    public String httpRejection(String trackingId, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingId", trackingId);
        body.put("error", problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        body.put("problems", problems);
        return write(body);
    }

    /** Null when the body is valid UTF-8 holding a JSON object; otherwise why not (HTTP answers 400 with it). */
    public List<Problem> parseProblems(Object body) {
        Utf8.Decoded decoded = Utf8.decode(body);
        if (decoded.problem() != null) {
            return List.of(decoded.problem());
        }
        return parseProblemsOfText(decoded.text());
    }

    /** Valid UTF-8 bytes as text; anything else unchanged (invalid bytes are then refused by checkBody). */
    public Object decoded(Object body) {
        Utf8.Decoded d = Utf8.decode(body);
        return d.problem() == null ? d.text() : body;
    }

    /** The body as text for queues: strictly decoded when valid, otherwise with replacement characters. */
    public String text(Object body) {
        return Utf8.decode(body).text();
    }

    private List<Problem> parseProblemsOfText(String raw) {
        List<Problem> problems = new ArrayList<>();
        try {
            var node = json.readTree(raw == null ? "" : raw);
            if (node == null || node.isMissingNode()) {
                problems.add(new Problem("$", "body is empty"));
            } else if (!node.isObject()) {
                problems.add(new Problem("$", "must be a JSON object, got " + node.getNodeType().name().toLowerCase()));
            }
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input (names, ID numbers): only the position is told
            problems.add(new Problem("$", JsonFailures.reason(e)));
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add(new Problem("$", "not valid JSON: a number is out of range"));
        }
        return problems.isEmpty() ? null : problems;
    }
}
