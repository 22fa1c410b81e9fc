package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

/** The security-server catalogue: stored whole, kept when a refresh fails, reloaded at start. */
class SsCatalogueTest {

    static final ObjectMapper JSON = new ObjectMapper();
    Database db;

    @BeforeEach
    void open() {
        db = TestCatalogues.database();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRefreshStoresTheListAndARestartReadsItBack() throws Exception {
        SsCatalogue c = TestCatalogues.seeded(db, Clock.systemUTC());
        assertThat(c.size()).isEqualTo(8);
        SsCatalogue restarted = new SsCatalogue(db.dataSource(), Clock.systemUTC(), "H46");
        assertThat(restarted.size()).isEqualTo(8);
        assertThat(restarted.resolve("000.00.00.G02").agency().dstCode()).isEqualTo("VN:GOV:000.00.00.G02:tmdtktsbctss01");
        assertThat(restarted.refreshedAt()).isNotNull();
        assertThat(JSON.readTree(c.requestBody("tok"))).isEqualTo(
                JSON.readTree("{\"session\":\"tok\",\"madonvi\":\"H46\",\"service\":\"LayDanhMucSSTaiTep\"}"));
    }

    @Test
    void aFailedRefreshKeepsThePreviousCatalogueAndIsRecorded() throws Exception {
        SsCatalogue c = TestCatalogues.seeded(db, Clock.systemUTC());
        for (String bad : new String[]{"not json", "{\"result\": []}", "{\"message\":\"Session hết hạn\"}",
                "{\"result\":[{\"MACOQUAN\":\"\",\"DSTCODE\":\"\"}]}"}) {
            assertThatThrownBy(() -> c.store("schedule", 200, bad)).isInstanceOf(DvcqgException.class);
            assertThat(c.size()).as(bad).isEqualTo(8);
        }
        assertThatThrownBy(() -> c.store("schedule", 500, "{}")).hasMessageContaining("HTTP 500");
        JsonNode report = JSON.readTree(c.failed("schedule", "LayDanhMucSSTaiTep: the security server answered HTTP 502"));
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("keptEntries").asInt()).isEqualTo(8);
        assertThat(new SsCatalogue(db.dataSource(), Clock.systemUTC(), "H46").size()).isEqualTo(8);
        JsonNode view = JSON.readTree(c.viewJson());
        assertThat(view.path("refreshes").get(0).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(view.path("refreshes").get(0).path("reason").asText()).contains("HTTP 502");
        assertThat(view.path("refreshes").get(1).path("outcome").asText()).isEqualTo("REFRESHED");
    }

    @Test
    void aNewListReplacesTheOldOneWholeAndSkipsBrokenRows() throws Exception {
        SsCatalogue c = TestCatalogues.seeded(db, Clock.systemUTC());
        JsonNode report = JSON.readTree(c.store("manual", 200, """
                {"result":[{"MACOQUAN":"000.00.00.H22","TENCOQUAN":"Hà Giang","DSTCODE":"VN:GOV:000.00.00.H22:new"},
                           {"MACOQUAN":"000.00.00.H22","TENCOQUAN":"dup","DSTCODE":"x"},
                           {"MACOQUAN":"000.00.00.G09","TENCOQUAN":"no dstcode"}]}"""));
        assertThat(report.path("entries").asInt()).isEqualTo(1);
        assertThat(report.path("skipped").asInt()).isEqualTo(2);
        assertThat(c.resolve("000.00.00.G02").found()).isFalse();
        assertThat(c.resolve("000.00.00.h22").agency().dstCode()).isEqualTo("VN:GOV:000.00.00.H22:new");
    }
}
