package vn.lienthong.gateway.acceptance;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The civil-registry officer on PMHT's side (receive, request supplementation, sign and issue, refuse): a person on
 * the test and production environments, told exactly what to do; in the sandbox the PMHT simulator plays the part.
 */
interface Officer {

    /** The reason the officer is asked to give when refusing; the run checks that DVCLT's 6 carries it. */
    String REFUSAL_REASON = "Hồ sơ kiểm thử kết nối - từ chối tiếp nhận";

    /** Before the dossier is sent: what the officer will do with it (the simulator is scripted; a person waits). */
    void prepare(AcceptanceCases.Track track, String maHoSo) throws Exception;

    /** What to do now in PMHT for this dossier. */
    void instruct(String caseCode, String maHoSo, String what);

    /** A person at PMHT's web application: instructions on the console, with the code to type. */
    final class Person implements Officer {
        private final PrintStream out;

        Person(PrintStream out) {
            this.out = out;
        }

        @Override
        public void prepare(AcceptanceCases.Track track, String maHoSo) {
        }

        @Override
        public void instruct(String caseCode, String maHoSo, String what) {
            out.println();
            out.println(">>> OFFICER, case " + caseCode + ", dossier code to type: " + maHoSo);
            out.println(">>> " + what);
            out.println(">>> (the run waits and shows progress; Ctrl+C stops it, the same command resumes it)");
            out.println();
        }
    }

    /** The sandbox: scripts the PMHT simulator over its control endpoint (POST /sandbox/pmht), then acts at once. */
    final class Simulated implements Officer {
        private final URI control;
        private final PrintStream out;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper json = new ObjectMapper();

        Simulated(String pmhtUrl, PrintStream out) {
            this.control = URI.create(pmhtUrl).resolve("/sandbox/pmht");
            this.out = out;
        }

        @Override
        public void prepare(AcceptanceCases.Track track, String maHoSo) throws Exception {
            String deadline = LocalDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(5).withHour(17).withMinute(0)
                    .withSecond(0).format(DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss"));
            Map<String, Object> waiting = Map.of("trangThai", 1, "ghiChu", "Chờ tiếp nhận");
            Map<String, Object> processing = Map.of("trangThai", 3, "ghiChu", "Đang xử lý");
            Map<String, Object> refused = Map.of("trangThai", 6, "ghiChu", REFUSAL_REASON);
            List<List<Map<String, Object>>> perPush = switch (track) {
                case BIRTH -> List.of(List.of(waiting, processing, Map.of("trangThai", 4,
                        "ghiChu", "Đã đăng ký, đã ký số và ban hành", "issueResult", true)));
                case DVCLT -> List.of(List.of(waiting));
                case SUPPLEMENT -> List.of(List.of(Map.of("trangThai", 2, "ghiChu", "Bổ sung bản sao giấy chứng sinh",
                        "hanBoSungHoSo", deadline)), List.of(processing, refused));
                case REJECTION -> List.of(List.of(refused));
            };
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(control).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("script", maHoSo, "perPush", perPush)))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the PMHT simulator refused the officer's script: HTTP " + r.statusCode());
            }
        }

        @Override
        public void instruct(String caseCode, String maHoSo, String what) {
            out.println("    (sandbox: the PMHT simulator plays the officer) " + caseCode + " " + maHoSo + ": " + what);
        }
    }
}
