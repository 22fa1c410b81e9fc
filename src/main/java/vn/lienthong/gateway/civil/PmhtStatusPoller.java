package vn.lienthong.gateway.civil;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.PollLedger;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * PMHT status polling (DOMAIN.md F3): which dossiers to ask about, in batches of one province and ONE module,
 * always the module the dossier was pushed with (common error 2), and what each answer changes. PMHT trangThai
 * 2 -> SUPPLEMENT_REQUESTED + DVCLT 2; 3 -> PROCESSING (DVCLT has no separate code); 4 -> certificate stored,
 * REGISTERED + DVCLT 4, for every module pushed (5 follows once 4 is delivered); 6 -> REFUSED + DVCLT 6; 1 -> still waiting. An answer
 * seen before is skipped, so nothing is relayed twice; unknown codes, errors and dossiers PMHT does not know go to
 * the trail and the anomaly queue.
 */
public class PmhtStatusPoller {

    /** States PMHT may still move; terminal states and REGISTERED (PMHT is done) are not polled. */
    public static final List<String> POLLED_STATES = List.of(DossierState.SENT.name(), DossierState.PROCESSING.name(),
            DossierState.SUPPLEMENT_REQUESTED.name());

    /** One status query: the exact body and the dossiers it asks about (with what the ledger knows of each). */
    public record Batch(String maTinh, String module, List<String> codes, String body, Map<String, String> versions) {
    }

    /**
     * What a query answer produced: dossiers with new DVCLT updates, review-queue entries, and registrations and
     * refusals to tell other flows (run once the answer's records are committed).
     */
    public record Outcome(List<String> triggers, List<String> anomalies, List<Runnable> events) {
    }

    /** Limits: dossiers per query, dossiers per poll run, polls without an answer before a dossier is flagged. */
    public record Settings(int batchSize, int maxPerPoll, int unknownAfterPolls) {
    }

    private final Ledger ledger;
    private final PollLedger polls;
    private final StatusRelay relay;
    private final ResultCertificates results;
    private final Clock clock;
    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock running = new ReentrantLock();
    /** Registration (4) and refusal (6) told to other flows (RegistrationEventPublisher); none until wired. */
    private volatile RegistrationEventPublisher events = RegistrationEventPublisher.NONE;

    public PmhtStatusPoller(Ledger ledger, PollLedger polls, StatusRelay relay, ResultCertificates results, Clock clock,
                            Settings settings) {
        this.ledger = ledger;
        this.polls = polls;
        this.relay = relay;
        this.results = results;
        this.clock = clock;
        this.settings = settings;
    }

    /** Where registrations and refusals are published (CivilModule). */
    public void publishTo(RegistrationEventPublisher publisher) {
        this.events = publisher;
    }

    /** The walk over the dossiers to poll (PollLedger.cursor): where the last completed run stopped. */
    static final String CURSOR = "pmht-poll";

    /**
     * The queries of one poll run: the next dossiers in polled states after where the last completed run stopped (in
     * maHoSo order, starting over after the last), grouped by (maTinh, module pushed), chunked; and where this run
     * stops.
     */
    public Run next() {
        String from = polls.cursor(CURSOR);
        List<PollLedger.Pollable> due = polls.pollable(CivilIntake.FLOW, POLLED_STATES, from, settings.maxPerPoll());
        // a run that found fewer than it may ask about has been round: the next starts from the first again
        String stop = due.size() < settings.maxPerPoll() ? "" : due.get(due.size() - 1).maHoSo();
        return new Run(batches(due), from, stop);
    }

    /** One poll run's queries, where the walk stood, and where it goes on from once they are all answered. */
    public record Run(List<Batch> batches, String from, String stop) {
    }

    private List<Batch> batches(List<PollLedger.Pollable> due) {
        Map<String, List<PollLedger.Pollable>> groups = new LinkedHashMap<>();
        for (PollLedger.Pollable p : due) {
            groups.computeIfAbsent(p.maTinh() + "|" + p.modulePushed(), k -> new ArrayList<>()).add(p);
        }
        List<Batch> out = new ArrayList<>();
        for (List<PollLedger.Pollable> group : groups.values()) {
            for (int i = 0; i < group.size(); i += settings.batchSize()) {
                List<PollLedger.Pollable> chunk = group.subList(i, Math.min(group.size(), i + settings.batchSize()));
                String maTinh = chunk.get(0).maTinh();
                String module = chunk.get(0).modulePushed();
                List<String> codes = chunk.stream().map(PollLedger.Pollable::maHoSo).toList();
                Map<String, String> versions = new LinkedHashMap<>();
                chunk.forEach(p -> versions.put(p.maHoSo(), p.contentVersion()));
                ObjectNode body = json.createObjectNode();
                body.set("maDinhDanhHoSo", json.valueToTree(codes));
                body.put("maTinh", maTinh);
                body.put("module", module);
                out.add(new Batch(maTinh, module, codes, body.toString(), versions));
            }
        }
        return out;
    }

    /** Where a poll puts what it found: review-queue entries, and dossiers with new DVCLT updates (a relay trigger). */
    public interface Findings {
        /**
         * Queued before the answer's records commit: when it throws, they are rolled back and the next run asks again
         * (so an anomaly queued before a refused one, or before a commit that fails, is queued again).
         */
        void anomaly(String anomaly);

        void trigger(String maHoSo);

        /** One batch failed; the next run asks again. */
        void failed(RuntimeException cause);

        /** A relay trigger was not queued; the dossier's updates are in the outbox, and the status sweep sends them. */
        void notTriggered(String maHoSo, RuntimeException cause);
    }

    /**
     * One poll run: per batch, PMHT's status answer applied and its findings handed on at once. A failed batch is
     * logged and asked again by the next run; the others go on. Returns the number of batches.
     */
    public int poll(PmhtClient pmht, Findings findings) {
        // one run at a time on this node (the schedule and an operator's "run now"): runs side by side would ask
        // about the same dossiers; across nodes the poll row's compare-and-set (PollLedger.seen) keeps an answer
        // from being applied twice
        running.lock();
        try {
            return pollOnce(pmht, findings);
        } finally {
            running.unlock();
        }
    }

    private int pollOnce(PmhtClient pmht, Findings findings) {
        Run run = next();
        boolean allAnswered = true;
        for (Batch batch : run.batches()) {
            try {
                UpstreamResponse answer = pmht.status(batch.body());
                // one transaction per query: its dossiers' poll rows, trail, states and DVCLT updates commit together
                // (a poll's first answers were ~3 commits per dossier, the latency tail of BENCHMARKS.md). The
                // anomalies are queued before that commit: one the queue refuses rolls the whole answer back, and the
                // next run finds and queues them again (at least once: never one lost behind a poll row that says
                // "seen"). Events and relay triggers go once the records are committed, each on its own
                Outcome outcome = ledger.atomically(() -> {
                    Outcome applied = apply(batch, answer.status(), answer.body());
                    applied.anomalies().forEach(findings::anomaly);
                    return applied;
                });
                outcome.events().forEach(Runnable::run);
                for (String maHoSo : outcome.triggers()) {
                    triggerAlone(findings, maHoSo);
                }
            } catch (RuntimeException e) {
                allAnswered = false;
                findings.failed(e);
            }
        }
        // a failed query's dossiers are asked again by the next run: the walk moves on only past a run fully answered
        if (allAnswered && !run.stop().equals(run.from())) {
            polls.moveCursor(CURSOR, run.stop());
        }
        return run.batches().size();
    }

    /** A relay trigger that fails (the broker refuses it) does not stop the batch's other triggers. */
    private static void triggerAlone(Findings findings, String maHoSo) {
        try {
            findings.trigger(maHoSo);
        } catch (RuntimeException e) {
            findings.notTriggered(maHoSo, e);
        }
    }

    public Outcome apply(Batch batch, Integer httpStatus, String responseBody) {
        List<String> anomalies = new ArrayList<>();
        List<Runnable> published = new ArrayList<>();
        Set<String> triggers = new LinkedHashSet<>();
        JsonNode answer;
        try {
            answer = responseBody == null ? null : json.readTree(responseBody);
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new UpstreamUnavailableException("PMHT status answer (HTTP " + httpStatus + ") is not a JSON object");
        }
        Map<String, PollLedger.Mark> marks = polls.marks(batch.codes());
        if (!"1".equals(answer.path("status").asText())) {
            String why = "PMHT refused the status query for " + batch.module() + "/" + batch.maTinh() + " (HTTP "
                    + httpStatus + "): " + answer.path("statusDescription").asText("");
            for (String code : batch.codes()) {
                if (seenNew(code, "QUERY|" + why, marks.get(code))) {
                    ledger.event(code, "pmht-poll", "ERROR", why);
                    anomalies.add(Anomalies.of(code, "PMHT_QUERY_REFUSED", why, clock));
                }
            }
            return new Outcome(List.copyOf(triggers), anomalies, published);
        }
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : answer.path("value")) {
            for (String key : List.of("maHoSoLT", "maHoSoMCDT")) {
                String c = item.path(key).asText("");
                if (batch.codes().contains(c)) {
                    items.putIfAbsent(c, item);
                }
            }
        }
        for (String code : batch.codes()) {
            JsonNode item = items.get(code);
            if (item == null) {
                unknown(code, batch, anomalies, marks.get(code));
                continue;
            }
            String seen = seenKey(item);
            if (!seenNew(code, seen, marks.get(code))) {
                continue; // the same answer as last time: nothing new to record or relay
            }
            if (handle(code, batch.versions().get(code), batch.module(), item, anomalies, published)) {
                triggers.add(code);
            }
        }
        return new Outcome(List.copyOf(triggers), anomalies, published);
    }

    private void unknown(String code, Batch batch, List<String> anomalies, PollLedger.Mark mark) {
        int times = polls.unknown(code);
        boolean flagged = mark != null && mark.flaggedUnknown();
        if (times >= settings.unknownAfterPolls() && !flagged) {
            polls.flagUnknown(code);
            String why = "PMHT does not know the dossier as module " + batch.module() + " in province " + batch.maTinh()
                    + " after " + times + " polls (wrong maDonVi, test vs production system, or module?)";
            ledger.event(code, "pmht-poll", "UNKNOWN", why);
            anomalies.add(Anomalies.of(code, "UNKNOWN_TO_PMHT", why, clock));
        }
    }

    /** Applies one new PMHT answer; true when a DVCLT update was queued. */
    private boolean handle(String code, String version, String module, JsonNode item, List<String> anomalies,
                           List<Runnable> published) {
        String errors = errors(item.get("errors"));
        if (errors != null) {
            String why = "PMHT reports errors: " + errors;
            ledger.event(code, "pmht-poll", "ERROR", why);
            anomalies.add(Anomalies.of(code, "PMHT_ERRORS", why, clock));
        }
        String trangThai = item.path("trangThai").asText("").trim();
        if (trangThai.isEmpty() && errors != null) {
            return false;
        }
        String when = time(item.path("thoiGianThucHien").asText(null));
        String ghiChu = text(item, "ghiChu");
        String noiDung = text(item, "noiDungXuLy");
        switch (trangThai) {
            case "1" -> {
                ledger.event(code, "pmht-poll", "WAITING", "PMHT: waiting to be received by the registry officer");
                return false;
            }
            case "2" -> {
                String deadline = deadline(item.path("hanBoSungHoSo").asText(null));
                ledger.transition(code, DossierState.SUPPLEMENT_REQUESTED, "pmht-poll",
                        "PMHT requests supplementation by " + deadline + (ghiChu.isEmpty() ? "" : ": " + ghiChu));
                return relay.queue(code, DvcltStatus.SUPPLEMENT_REQUESTED, version, detail(item, when,
                        ghiChu.isEmpty() ? "Yêu cầu bổ sung hồ sơ" : ghiChu, noiDung, null, deadline, null, null));
            }
            case "3" -> {
                // DVCLT has no code for "being processed": recorded, not relayed
                ledger.transition(code, DossierState.PROCESSING, "pmht-poll", "PMHT: being processed");
                return false;
            }
            case "4" -> {
                // the certificate's field depends on the module pushed (ResultCertificates, ModuleCatalog)
                ResultCertificates.Stored stored = results.store(code, version, module, item.get("ketQuaXuLy"));
                if (stored instanceof ResultCertificates.Stored.Bad bad) {
                    String why = "result of PMHT trangThai 4 is unusable: " + bad.reason();
                    ledger.event(code, "result", "ERROR", why);
                    anomalies.add(Anomalies.of(code, "CORRUPT_RESULT", why, clock));
                    return false;
                }
                ResultCertificates.Stored.Ok ok = (ResultCertificates.Stored.Ok) stored;
                ledger.event(code, "result", "STORED", ok.note());
                ledger.transition(code, DossierState.REGISTERED, "pmht-poll", "PMHT registered the event; certificate stored");
                boolean queued = relay.queue(code, DvcltStatus.RESULT, version, detail(item, when,
                        ghiChu.isEmpty() ? "Đã có kết quả" : ghiChu, noiDung, ok.facts(), "", ok.sha256(), ok.documentField()));
                published.add(() -> events.registered(code, ok.facts()));
                return queued;
            }
            case "6" -> {
                String reason = !ghiChu.isEmpty() ? ghiChu : !noiDung.isEmpty() ? noiDung : "PMHT rejected the dossier";
                ledger.transition(code, DossierState.REFUSED, "pmht-poll", "PMHT rejected the dossier: " + reason);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("lyDo", reason);
                boolean queued = relay.queue(code, DvcltStatus.REJECTED, version, detail(item, when, reason, noiDung,
                        result, "", null, null));
                published.add(() -> events.refused(code));
                return queued;
            }
            default -> {
                String why = "PMHT reported an unknown trangThai '" + trangThai + "'";
                ledger.event(code, "pmht-poll", "ANOMALY", why);
                anomalies.add(Anomalies.of(code, "UNKNOWN_PMHT_STATUS", why, clock));
                return false;
            }
        }
    }

    private StatusRelay.Detail detail(JsonNode item, String when, String ghiChu, String noiDung,
                                      Map<String, Object> result, String deadline, String sha, String field) {
        return new StatusRelay.Detail(ghiChu, noiDung.isEmpty() ? ghiChu : noiDung, blankToNull(text(item, "nguoiXuLy")),
                blankToNull(text(item, "chucDanh")), blankToNull(text(item, "phongBanXuLy")), when, result, deadline,
                sha, field);
    }

    /**
     * True when this answer differs from the last one seen for the dossier (and remembers it); {@code mark}: the
     * dossier's poll row as read for the whole query (PollLedger.marks), null when it has none.
     */
    private boolean seenNew(String code, String key, PollLedger.Mark mark) {
        boolean isNew = mark == null || !key.equals(mark.lastSeen());
        // written only when there is something to remember: the same answer as last time changes no row (a run
        // asks about up to PMHT_POLL_MAX_PER_RUN dossiers, most of them waiting at PMHT unchanged)
        if (isNew || mark.unknownPolls() > 0 || mark.flaggedUnknown()) {
            // false: another poll run wrote the row since it was read, and has applied this answer itself
            return polls.seen(code, key, mark) && isNew;
        }
        return isNew;
    }

    private static String seenKey(JsonNode item) {
        String all = item.path("trangThai").asText("") + "|" + item.path("thoiGianThucHien").asText("") + "|"
                + item.path("hanBoSungHoSo").asText("") + "|" + item.path("errors").toString() + "|"
                + item.path("ketQuaXuLy").toString();
        String digest = FileStore.sha256(all.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return item.path("trangThai").asText("") + "|" + digest;
    }

    private static String errors(JsonNode errors) {
        if (errors == null || errors.isNull() || errors.isMissingNode()) {
            return null;
        }
        if (errors.isArray() || errors.isObject()) {
            return errors.isEmpty() ? null : clip(errors.toString());
        }
        String s = errors.asText().trim();
        return s.isEmpty() ? null : clip(s);
    }

    /** PMHT times to DVCLT's dd/MM/yyyy HH:mm:ss; now when absent or unreadable. */
    private String time(String s) {
        if (s != null && !s.isBlank()) {
            LocalDateTime t = DossierDates.parseReceived(s.trim()).value();
            if (t != null) {
                return t.format(StatusRelay.DVCLT_TIME);
            }
        }
        return relay.now();
    }

    /** The supplementation deadline in DVCLT's format; a bare date means the end of that day; kept as is otherwise. */
    private static String deadline(String s) {
        if (s == null || s.isBlank()) {
            return "";
        }
        String t = s.trim();
        LocalDateTime parsed = DossierDates.parseReceived(t).value();
        if (parsed != null) {
            return parsed.format(StatusRelay.DVCLT_TIME);
        }
        if (t.matches("\\d{2}/\\d{2}/\\d{4}")) {
            return t + " 23:59:59";
        }
        if (t.matches("\\d{2}\\.\\d{2}\\.\\d{4}")) {
            return t.replace('.', '/') + " 23:59:59";
        }
        return t;
    }

    private static String text(JsonNode item, String f) {
        JsonNode v = item.get(f);
        return v == null || v.isNull() ? "" : v.asText("").trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String clip(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }
}
