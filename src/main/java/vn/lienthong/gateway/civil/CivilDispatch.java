package vn.lienthong.gateway.civil;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * The PMHT push step: claims the (dossier, version) so it is pushed once, and reads PMHT's answer. A push whose
 * earlier request was never answered asks PMHT whether it holds the dossier before pushing again.
 */
public class CivilDispatch {

    private final Ledger ledger;
    private final DispatchClaims claims;
    private final StatusRelay relay;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private final PmhtClient pmht;
    /** How long a request without an answer may still be on its way to PMHT: the upstream timeout. */
    private final Duration inDoubtWindow;

    public CivilDispatch(Ledger ledger, DispatchClaims claims, StatusRelay relay, PmhtClient pmht, Clock clock) {
        this(ledger, claims, relay, pmht, clock, Duration.ofSeconds(10));
    }

    public CivilDispatch(Ledger ledger, DispatchClaims claims, StatusRelay relay, PmhtClient pmht, Clock clock,
                         Duration inDoubtWindow) {
        this.pmht = pmht;
        this.ledger = ledger;
        this.claims = claims;
        this.relay = relay;
        this.clock = clock;
        this.inDoubtWindow = inDoubtWindow;
    }

    /**
     * PROCEED, ALREADY_DONE or IN_PROGRESS_ELSEWHERE (only PROCEED may call PMHT), and whether the claim was created
     * now (its push then skips the in-doubt look-up).
     */
    public DispatchClaims.Claimed claimed(String maHoSo, String version, String messageId) {
        DispatchClaims.Claimed claimed = claims.claimed(maHoSo, version, messageId);
        DispatchClaims.Claim claim = claimed.claim();
        if (claim != DispatchClaims.Claim.PROCEED) {
            ledger.event(maHoSo, "dispatch", "DUPLICATE", claim == DispatchClaims.Claim.ALREADY_DONE
                    ? "version " + CivilIntake.shortVersion(version) + " already pushed; not pushed again"
                    : "version " + CivilIntake.shortVersion(version) + " is being pushed by another delivery");
            if (claim == DispatchClaims.Claim.ALREADY_DONE) {
                var state = ledger.stateOf(maHoSo).orElse(null);
                if (state == DossierState.ACCEPTED) {
                    ledger.transition(maHoSo, DossierState.SENT, "dispatch", "already pushed earlier");
                }
                if (state == DossierState.ACCEPTED || state == DossierState.SENT) {
                    // a crash between the SENT transition and queueing DVCLT's 7 must not lose the 7; the outbox
                    // keeps one update per (dossier, status, version), so queueing it again is harmless
                    sentToJustice(maHoSo, version, null);
                }
            }
        }
        return claimed;
    }

    /**
     * The push of a claimed (dossier, version) and its recorded answer: SENT or FAILED. Each request PMHT gets is one
     * counted attempt; an answer that says nothing about the dossier (no answer, 401/403, 408, 429, 5xx) throws
     * UpstreamUnavailableException, so the message is retried (the shared status rule of PmhtClient).
     * {@code claimCreated}: this delivery created the claim a moment ago (CivilSteps.dispatchClaim), so no earlier
     * request of it can be in doubt and its row is not read again.
     */
    public String push(String maHoSo, String version, String module, String body, boolean claimCreated) {
        Optional<String> held = claimCreated ? Optional.empty() : heldAfterEarlierAttempt(maHoSo, version, module);
        if (held.isPresent()) {
            return ledger.atomically(() -> {
                claims.markDone(maHoSo, version);
                ledger.transition(maHoSo, DossierState.SENT, "dispatch", "an earlier push got no recorded answer; PMHT"
                        + " holds the dossier as module " + module + " (trangThai " + held.get() + "): not pushed again");
                sentToJustice(maHoSo, version, module);
                return DossierState.SENT.name();
            });
        }
        UpstreamResponse answer;
        // each request is counted with what came of it, in the same row write (BENCHMARKS.md); a node that dies
        // between the request and that write leaves the attempt uncounted, the in-doubt claim still says it left
        AtomicInteger requests = new AtomicInteger();
        try {
            answer = pmht.push(module, body, () -> {
                if (requests.getAndIncrement() == 0) {
                    claims.sending(maHoSo, version);
                }
            });
        } catch (UpstreamUnavailableException e) {
            ledger.atomically(() -> {
                ledger.incrementAttempts(maHoSo, requests.get());
                if (!inFlight(e)) {
                    claims.notSent(maHoSo, version); // answered (5xx, 401, 429) or never connected: nothing in doubt
                }
                return null;
            });
            throw e;
        }
        try {
            // the claim's DONE, the new state with the attempts and DVCLT's 7 are one transaction (BENCHMARKS.md)
            return ledger.atomically(() -> recordAnswer(maHoSo, version, module, answer.status(), answer.body(),
                    requests.get()));
        } catch (UpstreamUnavailableException e) {
            // an answer that is not PMHT's: its recording was rolled back, the requests made still count
            ledger.incrementAttempts(maHoSo, requests.get());
            throw e;
        }
    }

    /**
     * Issue 17: a claim whose earlier request left without its answer being recorded (the node died between the push
     * and the mark, or the call timed out) asks PMHT first, with the status query by code and the module pushed
     * (DOMAIN.md F3), whether it holds the dossier. A request may still be on its way while it is younger than the
     * upstream timeout: then PMHT is asked again once that has passed, before pushing. Only for the first version
     * pushed of a dossier: once PMHT holds an earlier version, its status cannot tell the versions apart.
     */
    private Optional<String> heldAfterEarlierAttempt(String maHoSo, String version, String module) {
        Optional<Instant> since = claims.inDoubtSince(maHoSo, version);
        if (since.isEmpty() || claims.otherVersionDone(maHoSo, version)) {
            return Optional.empty();
        }
        String maTinh = ledger.findWithoutTrail(maHoSo).map(v -> v.maTinh()).orElse(null);
        if (maTinh == null || module == null) {
            return Optional.empty();
        }
        Optional<String> held = pmhtHolds(maHoSo, maTinh, module);
        long waitMs = Duration.between(clock.instant(), since.get().plus(inDoubtWindow)).toMillis();
        if (held.isEmpty() && waitMs > 0) {
            ledger.event(maHoSo, "dispatch", "IN_DOUBT", "an earlier push may still reach PMHT; asking again in "
                    + waitMs + " ms before pushing");
            try {
                Thread.sleep(Math.min(waitMs, inDoubtWindow.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamUnavailableException("interrupted while waiting for an in-doubt push", e);
            }
            held = pmhtHolds(maHoSo, maTinh, module);
        }
        return held;
    }

    /** PMHT's trangThai for the dossier when its status query finds it; empty when PMHT does not know it. */
    private Optional<String> pmhtHolds(String maHoSo, String maTinh, String module) {
        ObjectNode query = json.createObjectNode();
        query.putArray("maDinhDanhHoSo").add(maHoSo);
        query.put("maTinh", maTinh);
        query.put("module", module);
        UpstreamResponse answer = pmht.status(query.toString());
        JsonNode body = parse(answer.body());
        if (body == null) {
            throw new UpstreamUnavailableException("PMHT status answer (HTTP " + answer.status() + ") is not a JSON object");
        }
        if (!"1".equals(text(body, "status"))) {
            return Optional.empty(); // no answer about the dossier: pushing is what PMHT sees as a re-push at worst
        }
        for (JsonNode item : body.path("value")) {
            boolean same = maHoSo.equals(item.path("maHoSoLT").asText()) || maHoSo.equals(item.path("maHoSoMCDT").asText());
            String trangThai = item.path("trangThai").asText("").trim();
            if (same && !trangThai.isEmpty()) {
                return Optional.of(trangThai);
            }
        }
        return Optional.empty();
    }

    /** True when the failed call may have delivered the request: no HTTP answer came back, yet it was connected. */
    private static boolean inFlight(UpstreamUnavailableException e) {
        Throwable cause = e.getCause();
        return cause instanceof InterruptedException || (cause instanceof IOException
                && !(cause instanceof ConnectException) && !(cause instanceof HttpConnectTimeoutException));
    }

    /** Reads PMHT's business answer, records it with the {@code attempts} made and returns the new state (SENT or FAILED). */
    private String recordAnswer(String maHoSo, String version, String module, Integer httpStatus, String responseBody,
                                int attempts) {
        JsonNode answer = parse(responseBody);
        int code = httpStatus == null ? 0 : httpStatus;
        if (code >= 400 || answer == null) {
            // 4xx other than auth: PMHT understood and refused the request itself
            String why = answer == null ? "unreadable answer" : text(answer, "errorDescription");
            if (answer == null && code < 400) {
                throw new UpstreamUnavailableException("PMHT answered HTTP " + code + " with a body that is not its JSON answer");
            }
            return fail(maHoSo, version, "PMHT refused the request (HTTP " + code + "): " + why, attempts);
        }
        String status = text(answer, "status");
        String description = text(answer, "errorDescription");
        if ("1".equals(status)) {
            claims.markDone(maHoSo, version);
            ledger.transition(maHoSo, DossierState.SENT, "dispatch", "PMHT accepted the dossier as module " + module,
                    attempts);
            sentToJustice(maHoSo, version, module);
            return DossierState.SENT.name();
        }
        if (alreadyReceived(description)) {
            claims.markDone(maHoSo, version);
            ledger.transition(maHoSo, DossierState.SENT, "dispatch", "PMHT already had this version (" + description + ")",
                    attempts);
            sentToJustice(maHoSo, version, module);
            return DossierState.SENT.name();
        }
        return fail(maHoSo, version, "PMHT refused the dossier: errorCode " + text(answer, "errorCode") + ", " + description,
                attempts);
    }

    /** DVCLT 7: the dossier is with the justice system (once per version). */
    private void sentToJustice(String maHoSo, String version, String module) {
        relay.queue(maHoSo, DvcltStatus.SENT_TO_JUSTICE, version, StatusRelay.Detail.of(
                module == null ? "" : "Module " + module, "Đã chuyển hồ sơ sang Phần mềm đăng ký, quản lý hộ tịch điện tử"));
    }

    /** The review-queue entry for a push PMHT refused: an operator decides (fix and resend, or reject). */
    public String refusalAnomaly(String maHoSo) {
        String why = ledger.find(maHoSo).map(v -> v.lastReason()).orElse("PMHT refused the push");
        return Anomalies.of(maHoSo, "PMHT_REFUSED_PUSH", why, clock);
    }

    private String fail(String maHoSo, String version, String reason, int attempts) {
        // a business refusal of this version is final: a re-push of the same content would be refused again
        claims.markDone(maHoSo, version);
        ledger.transition(maHoSo, DossierState.FAILED, "dispatch", reason, attempts);
        return DossierState.FAILED.name();
    }

    /** Called when a push is dead-lettered: the dossier keeps its state, the trail says why, a replay may push again. */
    public void deadLettered(String maHoSo, String version, String cause) {
        if (maHoSo == null) {
            return;
        }
        if (version != null) {
            claims.release(maHoSo, version);
        }
        ledger.event(maHoSo, "dispatch", "DEAD_LETTER", cause);
    }

    /**
     * An intake message was dead-lettered: a claim it took for its push at once (the push failed, and so did queueing
     * it for dispatch) is given up, so that replaying it from DLQ.civil.validate, a new message, can push it.
     */
    public void intakeDeadLettered(String messageId) {
        if (messageId != null) {
            claims.releaseOwnedBy(messageId);
        }
    }

    static boolean alreadyReceived(String description) {
        if (description == null) {
            return false;
        }
        String folded = Normalizer.normalize(description, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT);
        return folded.contains("da duoc tiep nhan");
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
