package vn.lienthong.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PMHT simulator reproduces seed 000's common error 1 over HTTP: a dossier is filed under the unit it was pushed
 * with (the seed's test account maDonVi 07219, phường Lê Lợi, TP Bắc Giang, province 24), so a status query for
 * another province gets nothing back for it, and a unit code that named no unit on the registration date files it
 * under nobody: accepted, yet never found.
 */
class PmhtSimulatorSeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final PmhtSimulator pmht = new PmhtSimulator("127.0.0.1", 0, "mcdt", "secret").start();

    @AfterEach
    void stop() {
        pmht.close();
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pmht.port() + "/pmht" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("mcdt:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode push(String maHoSo, String maDonVi, String ngayTiepNhan) throws Exception {
        String body = "{\"maDonVi\":\"" + maDonVi + "\",\"module\":\"LTKS\",\"maHoSoLT\":\"" + maHoSo + "\",\"maHoSoMCDT\":\""
                + maHoSo + "\",\"ngayTiepNhan\":\"" + ngayTiepNhan + "\",\"data\":\"{\\\"nksHoTen\\\":\\\"X\\\"}\",\"fileDinhKem\":[]}";
        return post("/v3/hoso", body);
    }

    private JsonNode status(String maHoSo, String maTinh) throws Exception {
        return post("/v3/trangthai", "{\"maDinhDanhHoSo\":[\"" + maHoSo + "\"],\"maTinh\":\"" + maTinh + "\",\"module\":\"LTKS\"}");
    }

    @Test
    void aDossierIsFoundOnlyInTheProvinceOfTheUnitItWasPushedUnder() throws Exception {
        assertThat(push("G22.99.08-240713-0004", "07219", "13/07/2024 08:30:00").path("status").asText()).isEqualTo("1");

        JsonNode own = status("G22.99.08-240713-0004", "24");
        assertThat(own.path("status").asInt()).isEqualTo(1);
        assertThat(own.path("value")).hasSize(1);
        assertThat(own.path("value").get(0).path("maDonVi").asText()).isEqualTo("07219");

        // Hà Nội (the seed's other example, 00019) asks for it: no information comes back, as the seed describes
        JsonNode other = status("G22.99.08-240713-0004", "01");
        assertThat(other.path("status").asInt()).isEqualTo(1);
        assertThat(other.path("value")).isEmpty();
    }

    @Test
    void aUnitCodeThatNamedNoUnitOnTheRegistrationDateIsAcceptedButNeverFound() throws Exception {
        // 07204 (a ward of TP Bắc Giang) was merged away on 2025-01-01: PMHT takes the push, but the dossier belongs
        // to no unit
        assertThat(push("G22.99.08-250213-0001", "07204", "13/02/2025 08:30:00").path("status").asText()).isEqualTo("1");
        assertThat(pmht.accepted()).extracting(PmhtSimulator.Push::maTinh).containsExactly((String) null);
        assertThat(status("G22.99.08-250213-0001", "24").path("value")).isEmpty();

        // the same code on a date it was valid is found
        push("G22.99.08-241213-0002", "07204", "13/12/2024 08:30:00");
        assertThat(status("G22.99.08-241213-0002", "24").path("value")).hasSize(1);
    }

    @Test
    void theTestEnvironmentKeepsTheSeedsTrainingAccountsWhateverTheDate() throws Exception {
        // seed 000: 07219 (merged away on 2025-01-01) stays a unit of the Ministry's test environment
        push("G22.99.08-260213-0003", "07219", "13/02/2026 08:30:00");
        assertThat(status("G22.99.08-260213-0003", "24").path("value")).hasSize(1);
        assertThat(pmht.receivable("07219")).contains("G22.99.08-260213-0003");
    }

    @Test
    void onlyTheOfficersOfThePushedUnitSeeTheDossier() throws Exception {
        push("G22.99.08-240713-0005", "07219", "13/07/2024 08:30:00");
        // the seed's two test accounts: the ward 07219 sees it, the city 213 (same province) does not
        assertThat(pmht.receivable("07219")).containsExactly("G22.99.08-240713-0005");
        assertThat(pmht.receivable("213")).isEmpty();
        HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pmht.port()
                + "/sandbox/pmht?maDonVi=213")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(view.body()).path("receivable")).isEmpty();
        // the province-wide status query still finds it: that is why a wrong unit in the right province goes unnoticed
        assertThat(status("G22.99.08-240713-0005", "24").path("value")).hasSize(1);
    }
}
