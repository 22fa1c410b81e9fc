package vn.lienthong.gateway.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.Ledger;

/** The README's demo: posts every sample dossier to the gateway's own HTTP API and prints each one's journey. */
final class SampleDemo {

    private static final Set<String> SETTLED = Set.of("SENT", "FAILED", "REJECTED", "NEEDS_REVIEW", "AWAITING_ACCEPTANCE");

    private final Ledger ledger;
    private final String baseUrl;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private final String token;

    SampleDemo(Ledger ledger, String baseUrl, String token, PrintStream out) {
        this.token = token;
        this.ledger = ledger;
        this.baseUrl = baseUrl;
        this.out = out;
    }

    void run(Path samplesDir) throws IOException, InterruptedException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(samplesDir)) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        out.println("=== Demo: sending " + samples.size() + " sample dossiers from " + samplesDir + " ===");
        for (Path sample : samples) {
            String body = Files.readString(sample);
            String maHoSo = maHoSoOf(body);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/civil/dossiers"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println();
            out.println("--- " + sample.getFileName() + " (maHoSo " + maHoSo + "): HTTP " + r.statusCode() + " " + r.body());
            if (maHoSo == null || r.statusCode() != 202) {
                continue;
            }
            DossierView view = awaitSettled(maHoSo);
            if (view == null) {
                out.println("    not settled after 30 s; see GET /api/dossiers/" + maHoSo);
                continue;
            }
            out.println("    state " + view.state() + (view.modulePushed() == null ? "" : ", pushed as " + view.modulePushed()));
            for (DossierView.Event e : view.trail()) {
                out.println("    " + e.at() + "  " + pad(e.step()) + pad(e.outcome()) + (e.reason() == null ? "" : e.reason()));
            }
        }
        Path molisa = samplesDir.resolve("molisa");
        if (Files.isDirectory(molisa)) {
            runMolisa(molisa);
        }
        out.println();
        out.println("=== Demo done. Trails: GET " + baseUrl + "/api/dossiers/{maHoSo} ===");
    }

    /** Where the operator console is and how to log in (the demo's last words). */
    static String consoleHint(String baseUrl, boolean sandboxUsers) {
        return "=== Operator console: " + baseUrl + "/console/ — "
                + (sandboxUsers ? "log in as operator / operator (or viewer / viewer, read only; sandbox users only)"
                : "log in with a CONSOLE_USERS account (docs/console.md)") + " ===";
    }

    /** samples/molisa/*.json in name order; the file name says the kind (dossier, progress, decision). */
    private void runMolisa(Path dir) throws IOException, InterruptedException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(dir)) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        out.println();
        out.println("=== Demo: sending " + samples.size() + " MOLISA records from " + dir + " ===");
        for (Path sample : samples) {
            String name = sample.getFileName().toString();
            String kind = name.contains("dossier") ? "dossiers" : name.contains("progress") ? "progress" : "decisions";
            String body = Files.readString(sample);
            String maHoSo = textOf(body, "MaHoSo");
            int before = maHoSo == null ? 0 : ledger.find(maHoSo).map(v -> v.trail().size()).orElse(0);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/molisa/" + kind))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println();
            out.println("--- " + name + " -> POST /api/molisa/" + kind + " (MaHoSo " + maHoSo + "): HTTP "
                    + r.statusCode() + " " + r.body());
            if (maHoSo == null || r.statusCode() != 202) {
                continue;
            }
            DossierView view = awaitMolisa(maHoSo, before);
            if (view == null) {
                out.println("    not settled after 30 s; see GET /api/dossiers/" + maHoSo);
                continue;
            }
            out.println("    state " + view.state());
            for (DossierView.Event e : view.trail().subList(before, view.trail().size())) {
                out.println("    " + e.at() + "  " + pad(e.step()) + pad(e.outcome()) + (e.reason() == null ? "" : e.reason()));
            }
        }
    }

    /** Waits until the trail has grown past {@code before} up to an outcome of MOLISA's (or a rejection). */
    private DossierView awaitMolisa(String maHoSo, int before) throws InterruptedException {
        Set<String> settled = Set.of("SENT", "FAILED", "REJECTED", "NOT_APPLICABLE");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var view = ledger.find(maHoSo);
            if (view.isPresent() && view.get().trail().size() > before
                    && settled.contains(view.get().trail().get(view.get().trail().size() - 1).outcome())) {
                return view.get();
            }
            Thread.sleep(100);
        }
        return null;
    }

    private String textOf(String body, String field) {
        try {
            JsonNode n = json.readTree(body);
            return n.path(field).isTextual() ? n.get(field).asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private DossierView awaitSettled(String maHoSo) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var view = ledger.find(maHoSo);
            if (view.isPresent() && SETTLED.contains(view.get().state())) {
                return view.get();
            }
            Thread.sleep(100);
        }
        return null;
    }

    private String maHoSoOf(String body) {
        try {
            JsonNode n = json.readTree(body);
            return n.path("maHoSo").isTextual() ? n.get("maHoSo").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String pad(String s) {
        return String.format("%-18s", s);
    }
}
