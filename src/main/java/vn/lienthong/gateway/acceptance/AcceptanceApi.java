package vn.lienthong.gateway.acceptance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The read API over acceptance runs (routes/acceptance.camel.yaml, scope {@code acceptance}): the console can list
 * the runs, show one with its cases, and offer the filled table. Cases carry dossier codes and verdicts, no personal
 * data (the dossiers are synthetic).
 */
public final class AcceptanceApi {

    private final AcceptanceStore store;
    private final ObjectMapper json = new ObjectMapper();

    AcceptanceApi(AcceptanceStore store) {
        this.store = store;
    }

    /** {"runs": [{id, mode, environment, unit, state, startedAt, finishedAt, passed, failed}]}, latest first. */
    public String runsJson() throws JsonProcessingException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (AcceptanceStore.Run r : store.runs(50)) {
            runs.add(summary(r));
        }
        return json.writeValueAsString(Map.of("runs", runs));
    }

    /** One run with its cases in the table's order; null when unknown (404). */
    public String runJson(String id) throws JsonProcessingException {
        Optional<AcceptanceStore.Run> run = find(id);
        if (run.isEmpty()) {
            return null;
        }
        Map<String, Object> out = summary(run.get());
        Map<String, AcceptanceStore.CaseRow> rows = new LinkedHashMap<>();
        store.cases(run.get().id()).forEach(r -> rows.put(r.caseCode(), r));
        List<Map<String, Object>> cases = new ArrayList<>();
        for (AcceptanceCases.Case c : AcceptanceCases.of(run.get().mode())) {
            AcceptanceStore.CaseRow r = rows.get(c.code());
            if (r == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", c.code());
            m.put("title", c.title());
            m.put("maHoSo", r.maHoSo());
            m.put("result", r.result() == null ? "RUNNING" : r.result());
            m.put("reason", r.reason());
            m.put("pmhtState", r.pmhtState());
            m.put("dvcltTold", r.dvcltTold());
            m.put("updatedAt", r.updatedAt().toString());
            cases.add(m);
        }
        out.put("cases", cases);
        if (run.get().reportDir() != null) {
            out.put("reports", List.of("/api/acceptance/runs/" + run.get().id() + "/report.html",
                    "/api/acceptance/runs/" + run.get().id() + "/report.xlsx"));
        }
        return json.writeValueAsString(out);
    }

    /** The filled table of a finished run ({@code report.html} or {@code report.xlsx}); null when there is none. */
    public byte[] report(String id, String file) throws IOException {
        Optional<AcceptanceStore.Run> run = find(id);
        String name = "report.html".equals(file) ? AcceptanceReport.HTML : "report.xlsx".equals(file) ? AcceptanceReport.XLSX : null;
        if (run.isEmpty() || name == null || run.get().reportDir() == null) {
            return null;
        }
        Path p = Path.of(run.get().reportDir()).resolve(name);
        return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }

    public String contentType(String file) {
        return String.valueOf(file).endsWith(".xlsx")
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/html; charset=utf-8";
    }

    private Optional<AcceptanceStore.Run> find(String id) {
        if (id == null || !id.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return store.run(Long.parseLong(id));
    }

    private Map<String, Object> summary(AcceptanceStore.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("mode", r.mode());
        m.put("environment", r.environment());
        m.put("unit", r.unit());
        m.put("state", r.state());
        m.put("startedAt", r.startedAt().toString());
        m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        List<AcceptanceStore.CaseRow> cases = store.cases(r.id());
        m.put("passed", cases.stream().filter(c -> "PASSED".equals(c.result())).count());
        m.put("failed", cases.stream().filter(c -> "FAILED".equals(c.result())).count());
        m.put("cases", cases.size());
        return m;
    }
}
