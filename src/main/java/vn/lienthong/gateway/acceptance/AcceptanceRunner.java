package vn.lienthong.gateway.acceptance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.ledger.StatusOutbox;

/**
 * Drives seed 000's cases through the gateway as the one-stop-shop would (dossiers on civil.dossier.inbound, its
 * officer's acceptance on civil.dossier.decision), tells PMHT's officer what to do, follows each dossier in the ledger
 * (state from PMHT's answers, what DVCLT was told) and judges it. Every step is re-entrant from the database, so a
 * run stopped at any point continues where it was with the same dossier codes.
 */
final class AcceptanceRunner {

    /** How the runner reaches the gateway and where it writes. */
    record Wiring(Ledger ledger, StatusOutbox outbox, ResultRecords results, FileStore certificates,
                  Supplier<ConnectionFactory> jms, AcceptanceStore store, Path reportRoot, Clock clock, String pmhtWeb) {
    }

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Wiring w;
    private final Officer officer;
    private final PrintStream out;
    private final Duration stepTimeout;
    private final Duration tick;
    private final SyntheticDossiers dossiers = new SyntheticDossiers();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> instructed = new LinkedHashSet<>();
    private final Map<String, String> accepted = new HashMap<>();
    private final Map<String, String> shown = new HashMap<>();

    AcceptanceRunner(Wiring wiring, Officer officer, PrintStream out, Duration stepTimeout, Duration tick) {
        this.w = wiring;
        this.officer = officer;
        this.out = out;
        this.stepTimeout = stepTimeout;
        this.tick = tick;
    }

    /** Opens a run of {@code mode} or resumes the unfinished one; returns the run once every case is judged. */
    AcceptanceStore.Run run(String mode, String environment, String unit, boolean fresh) throws Exception {
        Optional<AcceptanceStore.Run> open = w.store().unfinished(mode, environment);
        long runId;
        if (open.isPresent() && !fresh) {
            runId = open.get().id();
            out.println("Resuming acceptance run " + runId + " (" + mode + ", unit " + open.get().unit() + ")");
            for (AcceptanceStore.CaseRow row : w.store().cases(runId)) {
                if (!row.judged()) { // the time stopped does not count against the officer
                    w.store().update(withProgress(row, row.phase(), row.pmhtState(), row.dvcltTold()));
                }
            }
        } else {
            if (open.isPresent()) {
                w.store().abandon(open.get().id());
                out.println("Unfinished run " + open.get().id() + " abandoned (--new)");
            }
            runId = w.store().open(mode, environment, unit);
            LocalDateTime started = LocalDateTime.now(w.clock().withZone(VIETNAM));
            for (AcceptanceCases.Case c : AcceptanceCases.of(mode)) {
                w.store().addCase(runId, c.code(), SyntheticDossiers.code(unit, started, runId, c.track()));
            }
            out.println("Acceptance run " + runId + " (" + mode + ", environment " + environment + ", unit " + unit
                    + "): " + AcceptanceCases.of(mode).size() + " cases, synthetic test dossiers (codes KTKN-...); times are"
                    + " Vietnam time");
        }
        AcceptanceStore.Run run = w.store().run(runId).orElseThrow();
        List<AcceptanceCases.Case> cases = AcceptanceCases.of(mode);
        while (true) {
            Map<String, AcceptanceStore.CaseRow> rows = rows(runId);
            if (cases.stream().allMatch(c -> rows.get(c.code()).judged())) {
                break;
            }
            Map<AcceptanceCases.Track, List<AcceptanceCases.Case>> byTrack = new LinkedHashMap<>();
            cases.forEach(c -> byTrack.computeIfAbsent(c.track(), t -> new ArrayList<>()).add(c));
            for (var e : byTrack.entrySet()) {
                try {
                    drive(run, e.getKey(), e.getValue(), rows);
                } catch (Exception failure) {
                    if (stoppedByInterrupt(failure)) { // Ctrl+C or a stop, wherever it landed: resumable
                        throw new InterruptedException("acceptance run " + runId + " stopped");
                    }
                    throw failure;
                }
            }
            Thread.sleep(tick.toMillis());
        }
        return report(runId);
    }

    /** Writes the filled table and closes the run. */
    AcceptanceStore.Run report(long runId) throws Exception {
        AcceptanceStore.Run run = w.store().run(runId).orElseThrow();
        Map<String, AcceptanceStore.CaseRow> rows = rows(runId);
        List<AcceptanceReport.Line> lines = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (AcceptanceCases.Case c : AcceptanceCases.of(run.mode())) {
            lines.add(AcceptanceReport.line(c, rows.get(c.code())));
            codes.add(rows.get(c.code()).maHoSo());
        }
        Path dir = w.reportRoot().resolve("run-" + runId);
        AcceptanceReport.write(dir, run, lines, List.copyOf(codes));
        w.store().finish(runId, dir.toString());
        out.println();
        out.println("=== Acceptance run " + runId + " done ===");
        lines.forEach(l -> out.println(String.format("  %-14s %-7s %s", l.code(), l.result(), l.note())));
        out.println("Table: " + dir.resolve(AcceptanceReport.XLSX) + " and " + dir.resolve(AcceptanceReport.HTML));
        out.println("Dossier codes to delete (test data): " + String.join(", ", codes));
        return w.store().run(runId).orElseThrow();
    }

    private Map<String, AcceptanceStore.CaseRow> rows(long runId) {
        Map<String, AcceptanceStore.CaseRow> rows = new HashMap<>();
        w.store().cases(runId).forEach(r -> rows.put(r.caseCode(), r));
        return rows;
    }

    /** One look at one dossier: act where the one-stop-shop must, instruct the officer, judge the rows it settles. */
    private void drive(AcceptanceStore.Run run, AcceptanceCases.Track track, List<AcceptanceCases.Case> cases,
                       Map<String, AcceptanceStore.CaseRow> rows) throws Exception {
        AcceptanceStore.CaseRow lead = rows.get(cases.get(0).code());
        String maHoSo = lead.maHoSo();
        if (cases.stream().allMatch(c -> rows.get(c.code()).judged())) {
            return;
        }
        String phase = lead.phase();
        // dated at the run's start: a version sent again after an interruption is the same content, not a new version
        LocalDateTime filed = LocalDateTime.ofInstant(run.startedAt(), VIETNAM);
        if ("NEW".equals(phase)) {
            officer.prepare(track, maHoSo);
            send("civil.dossier.inbound", dossiers.birth(maHoSo, run.unit(), filed, 1));
            phase = "SUBMITTED";
            out.println(clockTime() + " [" + cases.get(0).code() + "] sent synthetic dossier " + maHoSo + " to the gateway");
        }
        Optional<DossierView> view = w.ledger().findWithoutTrail(maHoSo);
        List<StatusOutbox.Recorded> recorded = w.outbox().recorded(maHoSo);
        List<Integer> told = recorded.stream().filter(u -> StatusOutbox.SENT.equals(u.state())).map(StatusOutbox.Recorded::trangThai).toList();
        String state = view.map(DossierView::state).orElse("not received yet");
        String version = view.map(DossierView::contentVersion).orElse("");
        if ("AWAITING_ACCEPTANCE".equals(state) && !version.equals(accepted.get(maHoSo))) {
            // DVCLT_02: the one-stop-shop's officer accepts (CIVIL_AUTO_ACCEPT=false); the run plays that part
            send("civil.dossier.decision", json.writeValueAsString(Map.of("maHoSo", maHoSo, "decision", "accept",
                    "nguoiXuLy", "Kiểm thử kết nối", "chucDanh", "Cán bộ Một cửa", "phongBanXuLy", "Bộ phận Một cửa")));
            accepted.put(maHoSo, version);
        }
        long sevens = told.stream().filter(t -> t == 7).count();
        String code = cases.get(0).code();
        switch (track) {
            case BIRTH -> {
                if (sevens >= 1) {
                    instructOnce(code, maHoSo, "receive", receive() + " Then register it, sign it digitally (ký số) and"
                            + " issue it (ban hành): the run waits for the signed certificate.");
                }
            }
            case SUPPLEMENT -> {
                if (sevens >= 1) {
                    instructOnce(code, maHoSo, "receive", receive() + " Then request supplementation (yêu cầu bổ sung)"
                            + " with a deadline: the run then sends the citizen's supplemented version.");
                }
                if (told.contains(2) && "SUBMITTED".equals(phase)) {
                    send("civil.dossier.inbound", dossiers.birth(maHoSo, run.unit(), filed, 2));
                    phase = "SUPPLEMENTED";
                    out.println(clockTime() + " [" + code + "] sent the supplemented version of " + maHoSo);
                }
                if (sevens >= 2) {
                    instructOnce(code, maHoSo, "refuse", "Open the supplemented dossier " + maHoSo + " again and refuse"
                            + " it (từ chối) with the reason: " + Officer.REFUSAL_REASON);
                }
            }
            case REJECTION -> {
                if (sevens >= 1) {
                    instructOnce(code, maHoSo, "refuse", receive() + " Then refuse it (từ chối) with the reason: "
                            + Officer.REFUSAL_REASON);
                }
            }
            case DVCLT -> { } // nothing to do in PMHT: the rows end with 7
        }
        String toldText = told(recorded);
        String line = state + " | DVCLT told: " + (toldText.isEmpty() ? "-" : toldText);
        if (!line.equals(shown.put(maHoSo, line))) {
            out.println(clockTime() + " [" + code + "] " + maHoSo + "  PMHT/gateway: " + line);
        }
        for (AcceptanceCases.Case c : cases) {
            AcceptanceStore.CaseRow row = rows.get(c.code());
            if (row.judged()) {
                continue;
            }
            boolean moved = !state.equals(row.pmhtState()) || !toldText.equals(row.dvcltTold()) || !phase.equals(row.phase());
            AcceptanceStore.CaseRow now = moved ? withProgress(row, phase, state, toldText) : row;
            Optional<String[]> verdict = judge(c, view, recorded, told, now);
            if (verdict.isPresent()) {
                now = new AcceptanceStore.CaseRow(now.runId(), now.caseCode(), now.maHoSo(), "DONE", verdict.get()[0],
                        verdict.get()[1], state, toldText, w.clock().instant());
                out.println(clockTime() + " [" + c.code() + "] " + ("PASSED".equals(verdict.get()[0]) ? "Passed" : "Failed: " + verdict.get()[1]));
            }
            if (moved || verdict.isPresent()) {
                w.store().update(now);
            }
        }
    }

    /** {PASSED|FAILED, reason} once the case is settled; empty while it is still under way. */
    private Optional<String[]> judge(AcceptanceCases.Case c, Optional<DossierView> view,
                                     List<StatusOutbox.Recorded> recorded, List<Integer> told, AcceptanceStore.CaseRow row) {
        List<Integer> expected = c.track().statuses.subList(0, c.upTo());
        if (view.isPresent() && told.size() < expected.size()) {
            String state = view.get().state();
            String why = view.get().lastReason() == null ? "" : ": " + view.get().lastReason();
            switch (state) {
                case "FAILED" -> { return failed("PMHT refused the push" + why); }
                case "NEEDS_REVIEW" -> { return failed("the gateway put the dossier up for review" + why); }
                case "REJECTED" -> { if (!told.contains(7)) { return failed("the gateway rejected the dossier" + why); } }
                case "REFUSED" -> { if (c.track() == AcceptanceCases.Track.BIRTH) { return failed("PMHT refused the dossier" + why); } }
                default -> { }
            }
        }
        for (StatusOutbox.Recorded u : recorded) {
            if (StatusOutbox.REFUSED.equals(u.state())) {
                return failed("DVCLT refused status " + u.trangThai() + " (see the dossier's trail)");
            }
        }
        if (!expected.subList(0, Math.min(told.size(), expected.size())).equals(told.subList(0, Math.min(told.size(), expected.size())))) {
            String why = view.map(v -> "REJECTED".equals(v.state()) && v.lastReason() != null
                    ? " (the gateway rejected the dossier: " + v.lastReason() + ")" : "").orElse("");
            return failed("DVCLT was told " + told + ", expected " + expected + why);
        }
        if (told.size() >= expected.size()) {
            return verdictAtEnd(c, row.maHoSo(), recorded);
        }
        if (Duration.between(row.updatedAt(), w.clock().instant()).compareTo(stepTimeout) > 0) {
            return failed("no progress for " + stepTimeout.toSeconds() + " s (dossier "
                    + view.map(DossierView::state).orElse("not received") + ", DVCLT told " + told + ")");
        }
        return Optional.empty();
    }

    private Optional<String[]> verdictAtEnd(AcceptanceCases.Case c, String maHoSo, List<StatusOutbox.Recorded> recorded) {
        switch (c.track()) {
            case BIRTH -> {
                Optional<ResultRecords.Result> result = w.results().find(maHoSo);
                if (result.isEmpty()) {
                    return failed("no certificate stored for the dossier");
                }
                Optional<byte[]> pdf = w.certificates().get(result.get().sha256());
                Optional<String> problem = SignedPdfCheck.problem(pdf.orElse(null));
                if (problem.isPresent()) {
                    return failed(problem.get());
                }
            }
            case SUPPLEMENT, REJECTION -> {
                String reason = recorded.stream().filter(u -> u.trangThai() == 6 && StatusOutbox.SENT.equals(u.state()))
                        .map(u -> ghiChu(u.body())).reduce((a, b) -> b).orElse("");
                if (reason.isBlank()) {
                    return failed("DVCLT's 6 carries no rejection reason");
                }
                if (!reason.contains(Officer.REFUSAL_REASON)) {
                    return failed("DVCLT's 6 carries another reason than the officer was asked to give");
                }
            }
            case DVCLT -> { }
        }
        return Optional.of(new String[] {"PASSED", null});
    }

    private String ghiChu(String body) {
        try {
            JsonNode n = json.readTree(body);
            return n.path("ghiChu").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    private static Optional<String[]> failed(String reason) {
        return Optional.of(new String[] {"FAILED", reason});
    }

    private AcceptanceStore.CaseRow withProgress(AcceptanceStore.CaseRow row, String phase, String state, String told) {
        return new AcceptanceStore.CaseRow(row.runId(), row.caseCode(), row.maHoSo(), phase, row.result(), row.reason(),
                state, told, w.clock().instant());
    }

    private static String told(List<StatusOutbox.Recorded> recorded) {
        List<String> parts = new ArrayList<>();
        for (StatusOutbox.Recorded u : recorded) {
            parts.add(u.trangThai() + (StatusOutbox.SENT.equals(u.state()) ? "" : "(" + u.state().toLowerCase() + ")"));
        }
        return String.join(",", parts);
    }

    /** An interrupt surfaces wrapped by JMS, JDBC or the HTTP client, and some of them clear the flag. */
    private static boolean stoppedByInterrupt(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private String clockTime() {
        return java.time.LocalTime.now(w.clock().withZone(VIETNAM)).withNano(0).toString();
    }

    private String receive() {
        return "Log in to " + w.pmhtWeb() + " with the test account of the dossier's unit; menu 'Tiếp nhận hồ sơ' >> 'Tiếp nhận hồ sơ từ MCDT', procedure 'Liên thông khai sinh', type the"
                + " dossier code, press 'Tiếp nhận' (the dossier and its declaration must show).";
    }

    private void instructOnce(String caseCode, String maHoSo, String step, String what) {
        if (instructed.add(maHoSo + "/" + step)) {
            officer.instruct(caseCode, maHoSo, what);
        }
    }

    private void send(String queue, String text) throws Exception {
        try (Connection c = w.jms().get().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }
}
