package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.AdviceWith;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.LedgerException;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.sandbox.SandboxDossiers;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.MutableClock;

/** Polling, relay and pull under faults, with time controlled by a clock instead of real schedules. */
class LifecycleResilienceTest {

    static final MutableClock CLOCK = new MutableClock();
    static final AtomicInteger SEQ = new AtomicInteger(100);
    static GatewayHarness gw;
    static LifecycleSupport lc;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("PMHT_POLL_BATCH_SIZE", "2", "PMHT_UNKNOWN_AFTER_POLLS", "2",
                "DVCLT_STATUS_SWEEP_AFTER_SECONDS", "0", "DVCLT_SIM_TOKEN_SECONDS", "600"), CLOCK);
        lc = new LifecycleSupport(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String code() {
        return "H08.37.80-261127-" + String.format("%04d", SEQ.incrementAndGet());
    }

    @Test
    void aDeathDossierIsPolledWithLtktAndItsProvinceAndResultIsGiayKhaiTu() throws Exception {
        String maHoSo = lc.sent(Dossiers.deathXml(code()));
        lc.poll();
        assertThat(lc.pmht.statusQueries()).filteredOn(q -> q.codes().contains(maHoSo))
                .isNotEmpty()
                .allSatisfy(q -> {
                    assertThat(q.module()).isEqualTo("LTKT");
                    assertThat(q.maTinh()).isEqualTo("24");
                });
        lc.poll();
        lc.poll();
        lc.awaitStatuses(maHoSo, 1, 3, 7, 4, 5);
        String four = lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 4)
                .findFirst().orElseThrow().body();
        assertThat(parse(parse(four).path("ketQuaXuLy").asText()).path("giayKhaiTu").asText()).startsWith("JVBERi0");
    }

    @Test
    void batchesNeverMixModulesAndHoldAtMostTheBatchSize() throws Exception {
        String a = lc.sent(Dossiers.birth(code()));
        String b = lc.sent(Dossiers.birth(code()));
        String c = lc.sent(Dossiers.birth(code()));
        String d = lc.sent(Dossiers.deathXml(code()));
        int before = lc.pmht.statusQueries().size();
        lc.poll();
        List<PmhtSimulator.StatusQuery> queries = lc.pmht.statusQueries().subList(before, lc.pmht.statusQueries().size());
        assertThat(queries).allSatisfy(q -> assertThat(q.codes()).hasSizeLessThanOrEqualTo(2));
        assertThat(queries).filteredOn(q -> q.codes().contains(d)).singleElement()
                .satisfies(q -> assertThat(q.module()).isEqualTo("LTKT"));
        for (String ks : List.of(a, b, c)) {
            assertThat(queries).filteredOn(q -> q.codes().contains(ks)).singleElement()
                    .satisfies(q -> assertThat(q.module()).isEqualTo("LTKS"));
        }
    }

    @Test
    void aDossierInATerminalStateIsNoLongerPolled() throws Exception {
        String maHoSo = code();
        lc.pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.rejected("Không đủ điều kiện"))));
        lc.sent(Dossiers.birth(maHoSo));
        lc.poll();
        gw.awaitState(maHoSo, "REFUSED");
        int before = lc.pmht.statusQueries().size();
        lc.poll();
        lc.poll();
        assertThat(lc.pmht.statusQueries().subList(before, lc.pmht.statusQueries().size()))
                .noneMatch(q -> q.codes().contains(maHoSo));
        lc.assertSettled(maHoSo, 1, 3, 7, 6);
    }

    @Test
    void pmhtDownDuringAPollIsCaughtUpByTheNextPollWithNothingLostOrRepeated() throws Exception {
        String maHoSo = lc.sent(Dossiers.birth(code()));
        lc.poll(); // 1: waiting
        lc.pmht.failNext(20, PmhtSimulator.Fault.HTTP_503);
        lc.poll(); // PMHT down: every query fails, nothing changes
        assertThat(gw.gateway().ledger().stateOf(maHoSo).orElseThrow().name()).isEqualTo("SENT");
        lc.pmht.clearFaults();
        lc.poll(); // 3: processing
        lc.poll(); // 4: registered
        lc.awaitStatuses(maHoSo, 1, 3, 7, 4, 5);
        lc.poll(); // nothing new
        lc.assertSettled(maHoSo, 1, 3, 7, 4, 5);
        assertThat(gw.gateway().ledger().find(maHoSo).orElseThrow().state()).isEqualTo("RESULT_DELIVERED");
    }

    @Test
    void dvcltDownStatusUpdatesWaitAndArriveInOrderOnceItIsBack() throws Exception {
        String maHoSo = code();
        lc.dvclt.setDown(true);
        try {
            gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
            gw.awaitState(maHoSo, "SENT");
            // the relay tried, was retried by the broker, and dead-lettered its trigger with the cause;
            // the updates themselves wait in the outbox
            gw.awaitQueued("DLQ.civil.status-relay", Duration.ofSeconds(20), m -> m.text().contains(maHoSo)
                    && m.properties().getOrDefault("gatewayFailureCause", "").contains("HTTP 503"));
            assertThat(lc.dvclt.statuses(maHoSo)).isEmpty();
            assertThat(lc.gw.gateway().bean("statusRelay", StatusRelay.class).history(maHoSo))
                    .containsExactly("1:PENDING", "3:PENDING", "7:PENDING");
        } finally {
            lc.dvclt.setDown(false);
        }
        gw.gateway().circuits().reset("dvclt");
        lc.sweep();
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        lc.assertSettled(maHoSo, 1, 3, 7);
        lc.sweep(); // nothing pending any more: nothing sent twice
        lc.assertSettled(maHoSo, 1, 3, 7);
    }

    @Test
    void theIntakeSendsTheDossiersDvcltUpdatesItselfWithoutATriggerForTheRelay() throws Exception {
        java.util.Set<String> relayed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AdviceWith.adviceWith(gw.gateway().camelContext(), "civil.status-relay",
                a -> a.weaveAddFirst().process(e -> relayed.add(e.getMessage().getHeader("maHoSo", String.class))));
        String maHoSo = lc.sent(Dossiers.birth(code()));
        lc.assertSettled(maHoSo, 1, 3, 7);
        assertThat(relayed).as("dossiers whose updates went through the relay's queue").doesNotContain(maHoSo);
    }

    @Test
    void updatesNotSentAtOnceAreTakenOverByTheRelayWithoutWaitingForTheirClaim() throws Exception {
        String maHoSo = code();
        long lease = gw.gateway().bean("statusRelay", StatusRelay.class).claimLeaseMillis();
        lc.dvclt.failNext(1); // the intake's DVCLT call fails after it claimed update 1
        long start = System.nanoTime();
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).as("the relay took the intake's claim over (lease %d ms)", lease).isLessThan(lease / 2);
        lc.assertSettled(maHoSo, 1, 3, 7);
    }

    @Test
    void aRelayRolledBackAfterDvcltTookAnUpdateDoesNotSendItTwice() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        String maHoSo = code();
        // the intake leaves the dossier's updates to the relay, as when it cannot send them at once
        AdviceWith.adviceWith(gw.gateway().camelContext(), "civil.status-at-once",
                a -> a.weaveById("dvclt-status-at-once").replace().process(e -> {
                    if (maHoSo.equals(e.getMessage().getHeader("maHoSo"))) {
                        e.setProperty("relayBusy", true);
                    } else {
                        e.getContext().getRegistry().lookupByNameAndType("relayAtOnce", org.apache.camel.Processor.class)
                                .process(e);
                    }
                }));
        AdviceWith.adviceWith(gw.gateway().camelContext(), "civil.status-relay",
                a -> a.weaveById("dvclt-status-sent").after().process(e -> {
                    if (maHoSo.equals(e.getProperty("maHoSo")) && failures.getAndIncrement() == 0) {
                        throw new LedgerException("simulated crash after DVCLT took the update", null);
                    }
                }));
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        // the relay pass sends every pending update, then the simulated crash rolls its trigger back
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failures.get() >= 1);
        lc.assertSettled(maHoSo, 1, 3, 7);
    }

    @Test
    void theTokenIsReusedAcrossCallsAndRefreshedOnExpiryAndAfter401() throws Exception {
        DvcltAuth auth = gw.gateway().bean("dvcltAuth", DvcltAuth.class);
        lc.pull();
        int logins = auth.logins();
        int issued = lc.dvclt.tokensIssued();
        String a = lc.sent(Dossiers.birth(code()));
        lc.pull();
        lc.pull();
        assertThat(lc.dvclt.tokensIssued()).as("no new token while it is valid").isEqualTo(issued);
        assertThat(auth.logins()).isEqualTo(logins);

        CLOCK.advance(Duration.ofSeconds(600)); // past the 600 s token lifetime
        lc.pull();
        assertThat(lc.dvclt.tokensIssued()).isEqualTo(issued + 1);
        assertThat(auth.logins()).isEqualTo(logins + 1);

        lc.dvclt.revokeTokens(); // DVCLT forgets the token: 401, the next run logs in again
        lc.pull();
        lc.pull();
        assertThat(lc.dvclt.tokensIssued()).isEqualTo(issued + 2);
        lc.assertSettled(a, 1, 3, 7);
    }

    @Test
    void aDossierListedTwiceIsTakenOnceAndAcknowledgedAfterEnqueueing() throws Exception {
        String maHoSo = code();
        lc.dvclt.offer("T2-" + maHoSo, SandboxDossiers.birth(maHoSo, "T2", lc.nowDvclt(), 1));
        lc.dvclt.setListAckedAgain(true);
        try {
            lc.pull();
            lc.pull();
            gw.awaitState(maHoSo, "SENT");
            lc.pull();
        } finally {
            lc.dvclt.setListAckedAgain(false);
        }
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        assertThat(lc.pmht.acceptedCount(maHoSo)).isEqualTo(1);
        DossierView view = gw.gateway().ledger().find(maHoSo).orElseThrow();
        assertThat(view.trail()).filteredOn(e -> e.step().equals("dvclt-pull") && e.outcome().equals("ENQUEUED")).hasSize(1);
        assertThat(view.trail()).filteredOn(e -> e.step().equals("intake") && e.outcome().equals("RECEIVED")).hasSize(1);
        assertThat(lc.dvclt.acknowledged()).filteredOn(maHoSo::equals).hasSizeGreaterThanOrEqualTo(1);
        lc.assertSettled(maHoSo, 1, 3, 7);
    }

    @Test
    void dvcltFailingDuringThePullLosesNothing() throws Exception {
        String maHoSo = code();
        lc.dvclt.offer("T3-" + maHoSo, SandboxDossiers.birth(maHoSo, "T3", lc.nowDvclt(), 1));
        // whichever calls fail (list, detail or acknowledgement), later runs finish the job, once
        for (int failing = 1; failing <= 3; failing++) {
            lc.dvclt.failNext(failing);
            lc.pull();
        }
        lc.dvclt.failNext(0);
        lc.pull();
        lc.pull();
        gw.awaitState(maHoSo, "SENT");
        assertThat(lc.dvclt.acknowledged()).contains(maHoSo);
        assertThat(lc.pmht.acceptedCount(maHoSo)).isEqualTo(1);
        lc.assertSettled(maHoSo, 1, 3, 7);
    }

    @Test
    void anomaliesGoToTheAnomalyQueueAndTheTrailNeverOnlyToALog() throws Exception {
        String unknownStatus = code();
        String errors = code();
        String corrupt = code();
        String forgotten = code();
        lc.pmht.script(unknownStatus, List.of(List.of(PmhtSimulator.Stage.other(9, null))));
        lc.pmht.script(errors, List.of(List.of(PmhtSimulator.Stage.other(1, "Mã đơn vị không hợp lệ"))));
        lc.pmht.script(corrupt, List.of(List.of(PmhtSimulator.Stage.registeredWithCorruptFile())));
        for (String c : List.of(unknownStatus, errors, corrupt, forgotten)) {
            lc.sent(Dossiers.birth(c));
        }
        lc.pmht.forget(forgotten); // PMHT does not know it (e.g. pushed to the wrong system)
        lc.poll();
        lc.poll();
        lc.poll();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> anomaly(unknownStatus, "UNKNOWN_PMHT_STATUS")
                && anomaly(errors, "PMHT_ERRORS") && anomaly(corrupt, "CORRUPT_RESULT") && anomaly(forgotten, "UNKNOWN_TO_PMHT"));
        long count = gw.browse("civil.status.anomaly").stream().filter(m -> m.text().contains(corrupt)).count();
        assertThat(count).as("reported once, not at every poll").isEqualTo(1);
        assertThat(gw.gateway().ledger().find(corrupt).orElseThrow().trail())
                .anySatisfy(e -> assertThat(e.step() + ":" + e.outcome()).isEqualTo("result:ERROR"));
        assertThat(gw.get("/api/dossiers/" + corrupt + "/result").statusCode()).isEqualTo(404);
        assertThat(gw.gateway().ledger().find(forgotten).orElseThrow().trail())
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("UNKNOWN"));
        for (String c : List.of(unknownStatus, errors, corrupt, forgotten)) {
            lc.assertSettled(c, 1, 3, 7);
        }
    }

    private static boolean anomaly(String maHoSo, String kind) throws Exception {
        return gw.browse("civil.status.anomaly").stream().anyMatch(m -> m.textContains(maHoSo, kind));
    }
}
