package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.sandbox.Dhis2Simulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * Seed 004 solution 4: deaths recorded by village health workers in DHIS2 come in with a persisted cursor
 * (paged, retried on DHIS2 errors), and each registered death is shared back to DHIS2. The daily Quartz trigger
 * calls the same direct: entry the operator endpoint uses; tests trigger it through that endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Dhis2FlowTest {

    static GatewayHarness gw;
    static Dhis2Simulator dhis2;
    static EvidenceStore store;
    static final String PROGRAM = Dhis2Settings.SANDBOX_PROGRAM;
    static final String STAGE = Dhis2Settings.SANDBOX_STAGE;
    static final Map<String, String> DE = Dhis2Settings.SANDBOX_ELEMENTS;
    static final String DECEASED_ID = "024050000011";

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("DHIS2_PAGE_SIZE", "2", "DHIS2_PUSH_PERIOD_MS", "200"));
        dhis2 = gw.gateway().bean("dhis2Simulator", Dhis2Simulator.class);
        store = gw.gateway().bean("evidenceStore", EvidenceStore.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Map<String, String> death(String name, String idNumber, String place) {
        Map<String, String> v = new HashMap<>();
        if (name != null) {
            v.put(DE.get(Dhis2Settings.NAME), name);
        }
        v.put(DE.get(Dhis2Settings.SEX), "2");
        if (idNumber != null) {
            v.put(DE.get(Dhis2Settings.ID_NUMBER), idNumber);
        }
        v.put(DE.get(Dhis2Settings.DEATH_DATE), "2026-11-20");
        v.put(DE.get(Dhis2Settings.DEATH_TIME), "23:40");
        v.put(DE.get(Dhis2Settings.DEATH_PLACE), place);
        v.put(DE.get(Dhis2Settings.CAUSE), "Tuổi già");
        return v;
    }

    static void pull() throws Exception {
        assertThat(gw.post("/api/health/dhis2/pull", "").statusCode()).isEqualTo(202);
    }

    @Test
    @Order(1)
    void dailyPullStoresUnregisteredDeathsAndTheSecondPullFetchesOnlyNewerEvents() throws Exception {
        dhis2.addEvent("evA6dead001", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-20T00:00:00.000",
                death("Nguyễn Thị Bà", DECEASED_ID, "Tại nhà, thôn 3, xã Xuân Lương"));
        dhis2.addEvent("evA6dead002", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-21T00:00:00.000",
                death("Trần Văn Ông", null, "Tại nhà, thôn 5"));
        Map<String, String> registered = death("Đã Đăng Ký", null, "Tại nhà");
        registered.put(DE.get(Dhis2Settings.REGISTERED), "true");
        dhis2.addEvent("evA6dead003", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-21T00:00:00.000", registered);
        dhis2.addEvent("evA6dead004", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-22T00:00:00.000",
                death(null, null, "Tại nhà")); // no name: rejected by the checks
        dhis2.addEvent("evOtherProg", "prOther0001", STAGE, "ouXuanLuon1", "2026-11-22T00:00:00.000",
                death("Khác Chương Trình", null, "Tại nhà"));
        dhis2.failNext(1); // DHIS2 hiccups once: the page is retried by the broker

        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.cursor(Dhis2Pull.CURSOR).isPresent());
        String cursor = store.cursor(Dhis2Pull.CURSOR).orElseThrow();
        assertThat(cursor).isEqualTo(dhis2.event("evA6dead004").path("updatedAt").asText());

        List<Dhis2Simulator.Call> gets = dhis2.calls("GET", "/api/tracker/events");
        assertThat(gets).hasSize(4); // one 503, then pages 1..3 of 2 events each
        assertThat(gets.get(1).params()).containsEntry("program", PROGRAM).containsEntry("programStage", STAGE)
                .containsEntry("updatedAfter", "1970-01-01").containsEntry("page", "1").containsEntry("order", "updatedAt:asc");
        assertThat(gets.get(3).params()).containsEntry("page", "3");
        assertThat(gets.get(1).toString()).doesNotContain("sandbox:sandbox");

        JsonNode stored = parse(gw.get("/api/health/death-notices/DHIS2-evA6dead001").body());
        assertThat(stored.path("source").asText()).isEqualTo("DHIS2");
        assertThat(stored.path("nktNgayChet").asText()).isEqualTo("2026-11-20");
        assertThat(stored.path("nktGioPhutChet").asText()).isEqualTo("23:40");
        assertThat(stored.path("maCoSoKCB").asText()).isEqualTo("ouXuanLuon1");
        assertThat(parse(gw.get("/api/health/death-notices?deceasedId=" + DECEASED_ID).body()).path("notices").size()).isEqualTo(1);
        assertThat(gw.get("/api/health/death-notices/DHIS2-evA6dead002").statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/health/death-notices/DHIS2-evA6dead003").statusCode()).as("already registered").isEqualTo(404);
        assertThat(gw.get("/api/health/death-notices/DHIS2-evA6dead004").statusCode()).as("invalid").isEqualTo(404);
        assertThat(gw.get("/api/health/death-notices/DHIS2-evOtherProg").statusCode()).isEqualTo(404);
        gw.awaitQueued("health.invalid", Duration.ofSeconds(10),
                m -> m.textContains("DHIS2-evA6dead004", "nktHoTen"));

        // a new death recorded the next day; the next run asks only for what changed after the cursor
        dhis2.addEvent("evA6dead005", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-23T00:00:00.000",
                death("Phạm Văn Mới", null, "Tại nhà, thôn 1"));
        int before = dhis2.calls("GET", "/api/tracker/events").size();
        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                !store.cursor(Dhis2Pull.CURSOR).orElseThrow().equals(cursor));
        List<Dhis2Simulator.Call> second = dhis2.calls("GET", "/api/tracker/events").subList(before, dhis2.calls("GET", "/api/tracker/events").size());
        // the bound event and the new one fill page 1 (size 2), so page 2 is asked for and is empty
        assertThat(second).hasSize(2).allSatisfy(c -> assertThat(c.params()).containsEntry("updatedAfter", cursor));
        assertThat(gw.get("/api/health/death-notices/DHIS2-evA6dead005").statusCode()).isEqualTo(200);
        // DHIS2's bound is inclusive: the event at the cursor came back and was skipped, not stored again
        assertThat(store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow().revision()).isEqualTo(1);
        assertThat(store.find(EvidenceKind.DEATH, "DHIS2-evA6dead002").orElseThrow().revision()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aRegisteredDeathIsSharedBackToDhis2() throws Exception {
        // the relatives file the death registration; the deceased's ID number matches the DHIS2 record
        String maHoSo = "H08.37.80-261125-0042";
        Map<String, Object> dossier = Dossiers.deathXml(maHoSo);
        dossier.put("data", ((String) dossier.get("data")).replace("024050000001", DECEASED_ID));
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");

        // PMHT has the dossier but has not registered the death: the DHIS2 death is reserved, nothing is shared yet
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow().reserved());
        Thread.sleep(600); // three share-back ticks
        assertThat(dhis2.dataValue("evA6dead001", DE.get(Dhis2Settings.REGISTERED))).isNull();
        assertThat(dhis2.calls("POST", "/api/tracker")).isEmpty();

        // seed 004 2.4.2: once registered (PMHT 4), shared back with the registration number and date of the result
        HealthFixtures.pollPmhtUntil(gw, maHoSo, "REGISTERED");
        ResultRecords.Result result = new ResultRecords(gw.gateway().ledger()).find(maHoSo).orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "true".equals(dhis2.dataValue("evA6dead001", DE.get(Dhis2Settings.REGISTERED))));
        assertThat(dhis2.dataValue("evA6dead001", DE.get(Dhis2Settings.REGISTRATION_NO)))
                .isEqualTo(result.soDangKy()).isNotEqualTo(maHoSo);
        assertThat(dhis2.dataValue("evA6dead001", DE.get(Dhis2Settings.REGISTRATION_DATE)))
                .isEqualTo(LocalDate.parse(result.ngayDangKy(), DateTimeFormatter.ofPattern("dd.MM.uuuu")).toString());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                store.pushState("DHIS2-evA6dead001").orElse("").equals("PUSHED"));
        JsonNode notice = parse(gw.get("/api/health/death-notices/DHIS2-evA6dead001").body());
        assertThat(notice.path("usedBy").asText()).isEqualTo(maHoSo);
        Dhis2Simulator.Call post = dhis2.calls("POST", "/api/tracker").get(0);
        assertThat(post.params()).containsEntry("importStrategy", "UPDATE").containsEntry("async", "false");
        assertThat(parse(post.body()).path("events").get(0).path("orgUnit").asText()).isEqualTo("ouXuanLuon1");
        // the other DHIS2 deaths are not registered: nothing shared for them
        assertThat(dhis2.dataValue("evA6dead002", DE.get(Dhis2Settings.REGISTERED))).isNull();

        // the next pull sees the event updated by the share-back, but it is registered: skipped, nothing changes
        String cursor = store.cursor(Dhis2Pull.CURSOR).orElseThrow();
        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                !store.cursor(Dhis2Pull.CURSOR).orElseThrow().equals(cursor));
        assertThat(store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow().usedBy()).isEqualTo(maHoSo);
    }

    @Test
    @Order(3)
    void aShareBackDhis2RefusesEndsInTheInvalidQueueWithItsReason() throws Exception {
        dhis2.addEvent("evA6dead006", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-24T00:00:00.000",
                death("Vũ Văn Xoá", null, "Tại nhà"));
        String cursor = store.cursor(Dhis2Pull.CURSOR).orElseThrow();
        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                !store.cursor(Dhis2Pull.CURSOR).orElseThrow().equals(cursor));
        // the event is deleted in DHIS2 before the registration is shared back
        dhis2.events().stream().filter(e -> e.path("event").asText().equals("evA6dead006")).findFirst()
                .ifPresent(e -> e.put("event", "evDeleted06"));
        gw.gateway().bean("evidenceUsage", EvidenceUsage.class).markDeathNoticeUsed("DHIS2-evA6dead006", "H08.37.80-261125-0043");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                store.pushState("DHIS2-evA6dead006").orElse("").equals("REFUSED"));
        gw.awaitQueued("health.invalid", Duration.ofSeconds(10),
                m -> m.textContains("DHIS2-evA6dead006", "E1032"));
    }

    @Test
    @Order(4)
    void theWeeklyA6ReviewOfARegisteredDeathIsReadNotSkipped() throws Exception {
        String maHoSo = "H08.37.80-261125-0042"; // registered in order 2
        assertThat(store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow().usedBy()).isEqualTo(maHoSo);
        int revision = store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow().revision();
        // seed 004 2.4.2 steps 3-4: the commune health station reviews the A6 book and adds the cause of death
        dhis2.editEvent("evA6dead001", DE.get(Dhis2Settings.CAUSE), "Nhồi máu cơ tim cấp");
        String cursor = store.cursor(Dhis2Pull.CURSOR).orElseThrow();
        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                !store.cursor(Dhis2Pull.CURSOR).orElseThrow().equals(cursor));

        EvidenceStore.Stored death = store.find(EvidenceKind.DEATH, "DHIS2-evA6dead001").orElseThrow();
        assertThat(death.fields().get("nktNguyenNhanChet")).isEqualTo("Nhồi máu cơ tim cấp");
        assertThat(death.revision()).isEqualTo(revision + 1);
        assertThat(death.usedBy()).as("still used by its registration").isEqualTo(maHoSo);
        List<DossierView.Event> trail = gw.gateway().ledger().find(maHoSo).orElseThrow().trail();
        assertThat(trail).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("CAUSE_OF_DEATH_REVIEWED"));
        // the cause is health data: the trail says it changed, not what it is
        assertThat(trail).noneSatisfy(e -> assertThat(e.reason()).contains("Nhồi máu"));
    }

    @Test
    @Order(5)
    void aDeathRegisteredBeforeItsDhis2EventExistsIsSharedBackWhenTheEventIsPulled() throws Exception {
        String maHoSo = "H08.37.80-261125-0044";
        String deceased = "024050000099"; // no DHIS2 event yet
        Map<String, Object> dossier = Dossiers.deathXml(maHoSo);
        dossier.put("data", ((String) dossier.get("data")).replace("024050000001", deceased));
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        int posts = dhis2.calls("POST", "/api/tracker").size();
        HealthFixtures.pollPmhtUntil(gw, maHoSo, "REGISTERED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().ledger().find(maHoSo).orElseThrow()
                .trail().stream().anyMatch(e -> e.outcome().equals("DHIS2_NO_EVENT")));
        String soDangKy = new ResultRecords(gw.gateway().ledger()).find(maHoSo).orElseThrow().soDangKy();
        Thread.sleep(600);
        assertThat(dhis2.calls("POST", "/api/tracker").subList(posts, dhis2.calls("POST", "/api/tracker").size()))
                .as("nothing to share back yet").isEmpty();

        // the village health worker records the death in A6 a week later: the next pull matches it by the ID number
        dhis2.addEvent("evA6late007", PROGRAM, STAGE, "ouXuanLuon1", "2026-11-25T00:00:00.000",
                death("Lò Văn Muộn", deceased, "Tại nhà, bản Phìn"));
        pull();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "true".equals(dhis2.dataValue("evA6late007", DE.get(Dhis2Settings.REGISTERED))));
        assertThat(dhis2.dataValue("evA6late007", DE.get(Dhis2Settings.REGISTRATION_NO))).isEqualTo(soDangKy);
        assertThat(store.find(EvidenceKind.DEATH, "DHIS2-evA6late007").orElseThrow().usedBy()).isEqualTo(maHoSo);
        assertThat(gw.gateway().ledger().find(maHoSo).orElseThrow().trail())
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("EVIDENCE_USED"))
                .noneSatisfy(e -> assertThat(e.reason()).contains(deceased));
    }
}
