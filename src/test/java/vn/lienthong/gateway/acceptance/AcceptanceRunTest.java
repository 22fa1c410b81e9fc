package vn.lienthong.gateway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.lienthong.gateway.platform.LaunchCommand;
import vn.lienthong.gateway.sandbox.DvcltSimulator;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.ProductionEnv;

/**
 * The go-live acceptance run end to end in the sandbox: the real gateway (broker, database, HTTP server, civil flow)
 * against the DVCLT and PMHT simulators, the simulator playing PMHT's officer; the table read back from the .xlsx.
 */
// a run that stops progressing fails here instead of holding the whole CI run
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class AcceptanceRunTest {

    private final ObjectMapper json = new ObjectMapper();

    private static Map<String, String> fastSchedules() {
        Map<String, String> env = new HashMap<>();
        env.put("PMHT_POLL_CRON", "0/1 * * * * ?");
        return env;
    }

    @Test
    void sandboxRunIsInterruptedResumedAndFillsTheMinistrysTable() throws Exception {
        Map<String, String> env = fastSchedules();
        env.put("CIVIL_AUTO_ACCEPT", "false"); // the run plays the one-stop-shop officer too (DVCLT_02)
        try (GatewayHarness gw = GatewayHarness.start(env)) {
            LaunchCommand command = gw.gateway().contributions(LaunchCommand.class).get("--acceptance");
            assertThat(command).as("bin/gateway --acceptance is offered").isNotNull();

            // first attempt: stopped (Ctrl+C) once the first dossier is in the gateway. PMHT answers pushes slowly
            // meanwhile, so the run cannot be over before the stop lands (it takes a few seconds when nothing slows it)
            PmhtSimulator pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
            pmht.setPushDelayMillis(3_000);
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            AtomicInteger firstCode = new AtomicInteger(-1);
            java.util.concurrent.atomic.AtomicReference<Exception> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    firstCode.set(command.run(List.of("test"), new PrintStream(first, true, StandardCharsets.UTF_8)));
                } catch (InterruptedException e) {
                    firstCode.set(130);
                } catch (Exception e) {
                    firstFailure.set(e);
                    firstCode.set(99);
                }
            });
            t.start();
            JsonNode running = awaitRun(gw, r -> r.path("state").asText().equals("RUNNING")
                    && runCases(gw, r.path("id").asLong()).stream().anyMatch(c -> !c.path("pmhtState").isNull()));
            // a library on the way (JMS, JDBC, HTTP client) may clear one interrupt: keep stopping until it stops
            for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); t.isAlive() && System.nanoTime() < until; ) {
                t.interrupt();
                t.join(50);
            }
            assertThat(firstCode.get()).as("stopped, not failed: %s", firstFailure.get()).isEqualTo(130);
            long runId = running.path("id").asLong();
            assertThat(json.readTree(gw.get("/api/acceptance/runs/" + runId).body()).path("state").asText())
                    .as("the stopped run stays open to resume").isEqualTo("RUNNING");
            pmht.setPushDelayMillis(0);
            List<JsonNode> before = runCases(gw, runId);
            assertThat(before).extracting(c -> c.path("code").asText())
                    .containsExactly("TH1", "DVCLT_01", "DVCLT_02", "DVCLT_03", "1-3-7-2-3-7-6");
            assertThat(before).allSatisfy(c -> assertThat(c.path("maHoSo").asText()).startsWith("KTKN-07219-"));

            // the same command resumes the same run, with the same dossier codes, and completes unattended
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            long started = System.nanoTime();
            int code = command.run(List.of("test"), new PrintStream(second, true, StandardCharsets.UTF_8));
            String log = second.toString(StandardCharsets.UTF_8);
            assertThat(code).as(log).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
            assertThat(log).contains("Resuming acceptance run " + runId).contains("DVCLT told: 1,3,7")
                    .contains("(sandbox: the PMHT simulator plays the officer)");
            JsonNode run = json.readTree(gw.get("/api/acceptance/runs/" + runId).body());
            assertThat(run.path("state").asText()).isEqualTo("FINISHED");
            assertThat(run.path("passed").asInt()).isEqualTo(5);
            for (int i = 0; i < before.size(); i++) {
                assertThat(run.path("cases").get(i).path("maHoSo").asText()).isEqualTo(before.get(i).path("maHoSo").asText());
            }

            // what DVCLT really received, in order, and what PMHT really got (the test unit, module LTKS)
            DvcltSimulator dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);
            Map<String, String> codes = new HashMap<>();
            run.path("cases").forEach(c -> codes.put(c.path("code").asText(), c.path("maHoSo").asText()));
            assertThat(dvclt.statuses(codes.get("TH1"))).containsExactly(1, 3, 7, 4, 5);
            assertThat(dvclt.statuses(codes.get("DVCLT_01"))).containsExactly(1, 3, 7);
            assertThat(dvclt.statuses(codes.get("1-3-7-2-3-7-6"))).containsExactly(1, 3, 7, 2, 3, 7, 6);
            assertThat(pmht.accepted()).hasSize(4).allSatisfy(p -> {
                assertThat(p.maDonVi()).isEqualTo("07219");
                assertThat(p.module()).isEqualTo("LTKS");
            });

            // the Ministry's table, as the .xlsx the API serves
            HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(gw.authorized(HttpRequest.newBuilder(URI.create(
                    gw.baseUrl() + "/api/acceptance/runs/" + runId + "/report.xlsx"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(xlsx.statusCode()).isEqualTo(200);
            assertThat(xlsx.headers().firstValue("Content-Type")).hasValue(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = wb.getSheet("Kết quả kiểm thử");
                assertThat(cells(sheet.getRow(2))).containsExactly("Mã tình huống", "Tên tình huống", "Các bước thực hiện",
                        "Kết quả mong muốn", "Kết quả test", "Note");
                for (int r = 3; r < 8; r++) {
                    List<String> row = cells(sheet.getRow(r));
                    assertThat(row.get(4)).as(row.toString()).isEqualTo("Passed");
                    assertThat(row.get(5)).contains("maHoSo: " + codes.get(row.get(0)));
                }
                assertThat(sheet.getRow(8)).isNull();
                Sheet delete = wb.getSheet("Mã hồ sơ cần xóa");
                List<String> toDelete = new ArrayList<>();
                for (int r = 1; r <= delete.getLastRowNum(); r++) {
                    toDelete.add(delete.getRow(r).getCell(0).getStringCellValue());
                }
                assertThat(toDelete).containsExactlyInAnyOrderElementsOf(new java.util.HashSet<>(codes.values()));
            }
            HttpResponse<String> html = gw.get("/api/acceptance/runs/" + runId + "/report.html");
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("<td class=\"Passed\">Passed</td>").doesNotContain("Failed</td>");
            assertThat(gw.get("/api/acceptance/runs/999999").statusCode()).isEqualTo(404);
            assertThat(gw.get("/api/acceptance/runs/" + runId + "/secrets.txt").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aDossierTheGatewayRefusesFailsItsCasesWithTheReason() throws Exception {
        Map<String, String> env = fastSchedules();
        // 07219 not among the test environment's units: the catalogue refuses it at today's date
        env.put("CIVIL_TEST_UNITS", "213=24");
        env.put("ACCEPTANCE_STEP_TIMEOUT_SECONDS", "20");
        try (GatewayHarness gw = GatewayHarness.start(env)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = gw.gateway().contributions(LaunchCommand.class).get("--acceptance")
                    .run(List.of("production"), new PrintStream(out, true, StandardCharsets.UTF_8));
            String log = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(log).isEqualTo(1);
            JsonNode run = json.readTree(gw.get("/api/acceptance/runs").body()).path("runs").get(0);
            assertThat(run.path("mode").asText()).isEqualTo("production");
            List<JsonNode> cases = runCases(gw, run.path("id").asLong());
            assertThat(cases).singleElement().satisfies(c -> {
                assertThat(c.path("code").asText()).isEqualTo("TU_CHOI");
                assertThat(c.path("result").asText()).isEqualTo("FAILED");
                assertThat(c.path("reason").asText()).contains("the gateway rejected the dossier").contains("maDonVi");
            });
            assertThat(gw.get("/api/acceptance/runs/" + run.path("id").asLong() + "/report.html").body())
                    .contains("<td class=\"Failed\">Failed</td>").contains(cases.get(0).path("maHoSo").asText());
        }
    }

    @Test
    void theTestCasesNeverRunOnProduction() throws Exception {
        Map<String, String> env = ProductionEnv.required();
        env.put("DVCLT_PULL_CRON", "off");
        env.put("DVCQG_SS_URL", "https://ss.example");
        env.put("DVCQG_PROVIDER_URL", "https://provider.example");
        env.put("DVCQG_USER", "u");
        env.put("DVCQG_PASSWORD", "p");
        env.put("DVCQG_MADONVI", "000.00.00.H24");
        try (GatewayHarness gw = GatewayHarness.start(env)) {
            LaunchCommand command = gw.gateway().contributions(LaunchCommand.class).get("--acceptance");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(command.run(List.of("test"), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
            assertThat(command.run(List.of(), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
            // the production run needs the production unit named, never the test environment's default
            assertThat(command.run(List.of("production"), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("never run on production")
                    .contains("set ACCEPTANCE_UNIT");
            assertThat(json.readTree(gw.gateway().bean("acceptanceApi", AcceptanceApi.class).runsJson())
                    .path("runs")).isEmpty();
        }
    }

    @Test
    void aCertificateIsJudgedSignedOnlyWithASignatureCoveringTheFile() {
        byte[] signed = vn.lienthong.gateway.sandbox.MinimalPdf.signed("GIAY KHAI SINH");
        assertThat(SignedPdfCheck.problem(signed)).isEmpty();
        assertThat(SignedPdfCheck.problem(vn.lienthong.gateway.sandbox.MinimalPdf.of("GIAY KHAI SINH")))
                .hasValueSatisfying(p -> assertThat(p).contains("no digital signature"));
        byte[] appended = java.util.Arrays.copyOf(signed, signed.length + 20); // changed after signing
        System.arraycopy("\n% added later %%EOF".getBytes(StandardCharsets.US_ASCII), 0, appended, signed.length, 20);
        assertThat(SignedPdfCheck.problem(appended)).hasValueSatisfying(p -> assertThat(p).contains("does not cover"));
        assertThat(SignedPdfCheck.problem("not a pdf at all".getBytes(StandardCharsets.US_ASCII))).isPresent();
    }

    private JsonNode awaitRun(GatewayHarness gw, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = json.readTree(gw.get("/api/acceptance/runs").body()).path("runs");
            if (runs.size() > 0 && until.test(runs.get(0))) {
                return runs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no acceptance run reached the expected point in 30 s");
    }

    private List<JsonNode> runCases(GatewayHarness gw, long id) {
        try {
            List<JsonNode> out = new ArrayList<>();
            json.readTree(gw.get("/api/acceptance/runs/" + id).body()).path("cases").forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cells(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }
}
