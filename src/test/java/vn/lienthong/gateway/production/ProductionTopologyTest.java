package vn.lienthong.gateway.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vn.lienthong.gateway.support.DossierProducer;
import vn.lienthong.gateway.support.ExternalInfra;
import vn.lienthong.gateway.support.GatewayCluster;

/**
 * The production topology under faults: two gateway nodes (separate JVMs) on one standalone Artemis broker and
 * one PostgreSQL, the PMHT simulator in a process of its own. A steady load of sequence-numbered dossiers runs
 * while a node is killed (-9), the broker is killed (-9) and PostgreSQL restarts; after each fault every
 * dossier must be SENT in the ledger and accepted by PMHT exactly once. Five rounds per fault; the figures go to
 * the test output and target/crash-report.txt.
 *
 * <p>TODO(after the dossier lifecycle merge, issue 3): add to each round that DVCLT received every status of
 * every dossier exactly once and in order, and that each Quartz schedule fired once per tick across the two nodes
 * (QUARTZ_CLUSTERED is on for these nodes: the external DB_URL turns it on). See docs/production.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionTopologyTest {

    /** Own broker and database (ports, directory): killing them never disturbs the shared instance. */
    static final ExternalInfra.Instance INFRA = new ExternalInfra.Instance("crash", 61627, 55442, 500);
    static final int ROUNDS = Integer.getInteger("crash.rounds", 5);
    static final int BATCH = Integer.getInteger("crash.batch", 40);
    static final long INTERVAL_MS = 50;
    static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("crash.settleSeconds", 180));
    static final String RUN = UUID.randomUUID().toString().substring(0, 5).toUpperCase(Locale.ROOT);

    static GatewayCluster cluster;
    static DossierProducer producer;
    static final CrashReport REPORT = new CrashReport();

    @BeforeAll
    static void startTopology() throws Exception {
        long t0 = System.nanoTime();
        cluster = GatewayCluster.start(INFRA, Map.of(
                "CIVIL_INTAKE_CONSUMERS", "2",
                "CIVIL_DISPATCH_CONSUMERS", "3",
                "RETRY_MAX", "10",
                "LOG_LEVEL", "INFO"));
        var a = cluster.startNode("a");
        var b = cluster.startNode("b");
        cluster.awaitUp(a, Duration.ofSeconds(180));
        cluster.awaitUp(b, Duration.ofSeconds(180));
        Map<String, String> env = cluster.infraEnv();
        producer = new DossierProducer("127.0.0.1:" + INFRA.brokerPort(), env.get("BROKER_USER"), env.get("BROKER_PASSWORD"));
        REPORT.note(String.format("topology up in %.1f s: broker %s, database %s, 2 nodes, batch %d dossiers at %d/s",
                (System.nanoTime() - t0) / 1e9, env.get("BROKER_URL"), env.get("DB_URL"), BATCH, 1000 / INTERVAL_MS));
    }

    @AfterAll
    static void stopTopology() throws Exception {
        REPORT.publish("production topology: all rounds");
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void twoNodesCompeteForTheSameQueuesAndShareTheLedger() throws Exception {
        String prefix = "CR" + RUN + "-TWO";
        List<String> codes = producer.send(prefix, BATCH, INTERVAL_MS);
        Settled settled = awaitSettled(prefix, codes, System.nanoTime());
        assertThat(settled.lost).as("lost").isZero();
        assertThat(settled.duplicated).as("duplicated").isZero();
        // both nodes consumed from the shared queues (competing consumers), neither owns the flow
        for (String node : List.of("a", "b")) {
            String metrics = cluster.management(cluster.node(node), "/observe/metrics").body();
            assertThat(routeExchanges(metrics, "civil.validate")).as(node + " validated some dossiers").isPositive();
            assertThat(routeExchanges(metrics, "civil.dispatch")).as(node + " pushed some dossiers").isPositive();
        }
    }

    @Test
    @Order(2)
    void killingAGatewayNodeLosesAndDuplicatesNothing() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            GatewayCluster.Node victim = cluster.node(round % 2 == 1 ? "b" : "a");
            runRound("node-kill", round, () -> {
                victim.jvm().kill();
                cluster.startNode(victim.name());
                return "killed " + victim.name() + " (pid " + victim.jvm().pid() + "), restarted";
            });
            cluster.awaitUp(victim, Duration.ofSeconds(180));
        }
        assertNothingLostOrDuplicated("node-kill");
    }

    @Test
    @Order(3)
    void killingTheBrokerLosesAndDuplicatesNothing() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            runRound("broker-kill", round, () -> {
                long t = System.nanoTime();
                INFRA.run("restart-broker-hard");
                return String.format("broker killed -9, back in %.1f s", (System.nanoTime() - t) / 1e9);
            });
        }
        assertNothingLostOrDuplicated("broker-kill");
    }

    @Test
    @Order(4)
    void restartingPostgresqlLosesAndDuplicatesNothing() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            runRound("db-restart", round, () -> {
                long t = System.nanoTime();
                INFRA.run("restart-db");
                return String.format("pg restarted (fast) in %.1f s", (System.nanoTime() - t) / 1e9);
            });
        }
        assertNothingLostOrDuplicated("db-restart");
    }

    @Test
    @Order(5)
    void eachQuartzTickFiredOnExactlyOneNodeThroughAllTheFaults() throws Exception {
        // the probe route (GatewayCluster.routesDir) has fired every second on the clustered scheduler since start
        Map<String, List<String>> ticks = cluster.quartzTicks();
        List<String> twice = ticks.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " fired by " + e.getValue()).toList();
        long byA = ticks.values().stream().flatMap(List::stream).filter("a"::equals).count();
        long byB = ticks.values().stream().flatMap(List::stream).filter("b"::equals).count();
        long last = ticks.keySet().stream().mapToLong(Long::parseLong).max().orElse(0);
        REPORT.note(String.format("quartz probe (cron every second, clustered JDBC job store): %d ticks, by a %d, by b %d,"
                + " fired more than once %d, last tick %.1f s ago", ticks.size(), byA, byB, twice.size(),
                (System.currentTimeMillis() - last) / 1e3));
        assertThat(ticks).as("ticks of the probe schedule").hasSizeGreaterThan(30);
        assertThat(twice).as("ticks fired on more than one node").isEmpty();
        assertThat(System.currentTimeMillis() - last).as("the schedule still fires after the faults").isLessThan(20_000);
    }

    interface Fault {
        String inject() throws Exception;
    }

    /** One round: a batch sent at a steady rate, the fault injected once about a third of it is on its way. */
    private void runRound(String fault, int round, Fault injection) throws Exception {
        String prefix = "CR" + RUN + "-" + fault.substring(0, 2).toUpperCase(Locale.ROOT) + round;
        int retriesBefore = producer.retries();
        CompletableFuture<List<String>> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return producer.send(prefix, BATCH, INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(BATCH * INTERVAL_MS / 3);
        long faultAt = System.nanoTime();
        String note = injection.inject();
        List<String> codes = sending.get();
        Settled s = awaitSettled(prefix, codes, faultAt);
        REPORT.add(new CrashReport.Row(fault, round, codes.size(), s.lost, s.duplicated, s.seconds,
                producer.retries() - retriesBefore, s.requests, note + (s.timedOut ? "; NOT SETTLED in " + SETTLE : "")));
        System.out.printf("%s round %d: %d dossiers, %d lost, %d duplicated, recovered in %.1f s (%s)%n", fault, round,
                codes.size(), s.lost, s.duplicated, s.seconds, note);
    }

    record Settled(int lost, int duplicated, double seconds, int requests, boolean timedOut) {
    }

    /** Polls the ledger (PostgreSQL) and PMHT's counts until every dossier is SENT and accepted, or SETTLE passes. */
    private Settled awaitSettled(String prefix, List<String> codes, long since) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<String, String> states = cluster.ledgerStates(prefix);
            GatewayCluster.PmhtCounts pmht = cluster.pmhtCounts();
            int lost = 0;
            int duplicated = 0;
            boolean allSent = true;
            for (String code : codes) {
                int n = pmht.counts().getOrDefault(code, 0);
                lost += n == 0 ? 1 : 0;
                duplicated += Math.max(0, n - 1);
                allSent &= "SENT".equals(states.get(code));
            }
            boolean done = lost == 0 && allSent;
            if (done || System.nanoTime() > deadline) {
                return new Settled(lost, duplicated, (System.nanoTime() - since) / 1e9, pmht.requests(), !done);
            }
            Thread.sleep(200);
        }
    }

    /** After a quiet moment (late redeliveries), recounts every round of the fault from PMHT and the ledger. */
    private void assertNothingLostOrDuplicated(String fault) throws Exception {
        Thread.sleep(3000);
        GatewayCluster.PmhtCounts pmht = cluster.pmhtCounts();
        List<String> problems = new ArrayList<>();
        for (CrashReport.Row row : REPORT.rows(fault)) {
            String prefix = "CR" + RUN + "-" + fault.substring(0, 2).toUpperCase(Locale.ROOT) + row.round();
            Map<String, String> states = cluster.ledgerStates(prefix);
            for (int i = 1; i <= row.dossiers(); i++) {
                String code = DossierProducer.code(prefix, i);
                int n = pmht.counts().getOrDefault(code, 0);
                if (n != 1 || !"SENT".equals(states.get(code))) {
                    problems.add(code + ": accepted by PMHT " + n + " times, ledger " + states.get(code));
                }
            }
        }
        // DVCLT is told each step exactly once and in order: received (1), accepted (3), sent to PMHT (7)
        List<String> allCodes = new ArrayList<>();
        for (CrashReport.Row row : REPORT.rows(fault)) {
            String prefix = "CR" + RUN + "-" + fault.substring(0, 2).toUpperCase(Locale.ROOT) + row.round();
            for (int i = 1; i <= row.dossiers(); i++) {
                allCodes.add(DossierProducer.code(prefix, i));
            }
        }
        long relayWait = System.nanoTime();
        Map<String, List<String>> dvclt = cluster.dvcltStatuses();
        while (System.nanoTime() - relayWait < java.time.Duration.ofSeconds(150).toNanos()
                && !allCodes.stream().allMatch(c -> dvclt.getOrDefault(c, List.of()).size() >= 3)) {
            Thread.sleep(1000);
            dvclt.clear();
            dvclt.putAll(cluster.dvcltStatuses());
        }
        Thread.sleep(2000); // a late duplicate would show now
        dvclt.clear();
        dvclt.putAll(cluster.dvcltStatuses());
        // asserted: every update arrives, in order; a crash between DVCLT's answer and our "sent" mark repeats
        // that one update (at-least-once towards DVCLT): counted and reported, not yet prevented
        int repeated = 0;
        for (String code : allCodes) {
            List<String> seq = dvclt.getOrDefault(code, List.of());
            List<String> distinct = new ArrayList<>();
            for (String st : seq) {
                if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(st)) {
                    distinct.add(st);
                }
            }
            repeated += seq.size() - distinct.size();
            if (!distinct.equals(List.of("1", "3", "7"))) {
                problems.add(code + ": DVCLT received " + seq + " instead of [1, 3, 7] in order");
            }
        }
        System.out.printf("%s: DVCLT status updates: %d dossiers, all in order and complete: %s, repeated updates: %d; "
                + "relay settled %.1f s after the last round%n", fault, allCodes.size(),
                problems.stream().noneMatch(p -> p.contains("DVCLT")), repeated, (System.nanoTime() - relayWait) / 1e9);
        REPORT.publish(fault);
        assertThat(REPORT.rows(fault)).hasSize(ROUNDS);
        assertThat(problems).as("dossiers lost or duplicated (PMHT, ledger, DVCLT) across the " + fault + " rounds").isEmpty();
        assertThat(REPORT.rows(fault)).allSatisfy(r -> {
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
        });
    }

    private static double routeExchanges(String metrics, String routeId) {
        Matcher m = Pattern.compile("^camel_exchanges_total\\{[^}]*routeId=\"" + Pattern.quote(routeId) + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
