package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.MutableClock;

/**
 * Claims on the DVCLT status outbox: two senders (two nodes, or a trigger redelivered elsewhere while the first
 * sender is still at work) never send the same update at the same time, and never an update before the previous
 * one of the dossier was acknowledged.
 */
class StatusOutboxClaimTest {

    static final Duration LEASE = Duration.ofSeconds(25);
    Database db;
    MutableClock clock;
    StatusOutbox outbox;

    @BeforeEach
    void setUp() {
        db = new Database("jdbc:hsqldb:mem:claim" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 8);
        clock = new MutableClock();
        outbox = new StatusOutbox(new Ledger(db.dataSource(), clock));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void queue(String maHoSo, int... statuses) {
        for (int st : statuses) {
            assertThat(outbox.add(maHoSo, st, maHoSo + "|" + st, "{\"trangThai\":" + st + "}", null, null)).isTrue();
        }
    }

    @Test
    void anUpdateClaimedByOneSenderIsNotGivenToAnotherUntilItIsSentOrTheClaimExpires() {
        queue("HS-1", 1, 3, 7);
        Optional<StatusOutbox.Update> a = outbox.claimNext("HS-1", "node-a/m1", LEASE);
        assertThat(a).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(1);
        // another sender: neither the claimed update nor the next one (order)
        assertThat(outbox.claimNext("HS-1", "node-b/m1", LEASE)).isEmpty();
        assertThat(outbox.claimedByOther("HS-1", "node-b/m1")).isTrue();
        assertThat(outbox.claimedByOther("HS-1", "node-a/m1")).isFalse();
        // the same delivery (redelivered after a rollback on the same node) takes its claim back at once
        assertThat(outbox.claimNext("HS-1", "node-a/m1", LEASE)).get().extracting(StatusOutbox.Update::seq)
                .isEqualTo(a.get().seq());
        // acknowledged: the next update is free for whoever comes
        outbox.markSent(a.get().maHoSo(), a.get().seq());
        assertThat(outbox.claimNext("HS-1", "node-b/m1", LEASE)).get().extracting(StatusOutbox.Update::trangThai)
                .isEqualTo(3);
        assertThat(outbox.claimNext("HS-1", "node-a/m1", LEASE)).isEmpty();
        // node b dies holding 3: nobody sends it before the lease ends, then another sender does
        clock.advance(LEASE.minusSeconds(1));
        assertThat(outbox.claimNext("HS-1", "node-a/m2", LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(outbox.claimedByOther("HS-1", "node-a/m2")).isFalse();
        assertThat(outbox.claimNext("HS-1", "node-a/m2", LEASE)).get().extracting(StatusOutbox.Update::trangThai)
                .isEqualTo(3);
    }

    @Test
    void aClaimSaysWhetherNothingIsPendingOrAnotherSenderHoldsTheNextUpdate() {
        assertThat(outbox.claim("HS-2", "node-a/m1", LEASE)).isEqualTo(StatusOutbox.Claim.NOTHING_PENDING);
        queue("HS-2", 1, 3);
        StatusOutbox.Claim a = outbox.claim("HS-2", "node-a/m1", LEASE);
        assertThat(a.busy()).isFalse();
        assertThat(a.more()).as("3 is pending behind 1").isTrue();
        assertThat(a.update()).get().extracting(StatusOutbox.Update::body).isEqualTo("{\"trangThai\":1}");
        // what claimedByOther would say, without asking again
        StatusOutbox.Claim b = outbox.claim("HS-2", "node-b/m1", LEASE);
        assertThat(b.update()).isEmpty();
        assertThat(b.busy()).isTrue().isEqualTo(outbox.claimedByOther("HS-2", "node-b/m1"));
        outbox.markSent(a.update().get().maHoSo(), a.update().get().seq());
        StatusOutbox.Claim next = outbox.claim("HS-2", "node-a/m1", LEASE);
        assertThat(next.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(3);
        assertThat(next.more()).as("nothing behind 3").isFalse();
        outbox.markSent(next.update().get().maHoSo(), next.update().get().seq());
        assertThat(outbox.claim("HS-2", "node-b/m1", LEASE).busy()).isFalse();
        assertThat(outbox.claim("HS-2", "node-b/m1", LEASE).update()).isEmpty();
    }

    @Test
    void aDuplicateDedupKeyQueuesNothingAndLeavesTheStepsTransactionUsable() {
        Ledger ledger = new Ledger(db.dataSource(), clock);
        queue("HS-3", 1);
        assertThat(outbox.add("HS-3", 1, "HS-3|1", "{}", null, null)).isFalse();
        // inside a step's transaction: the refused insert is undone alone, the step's other writes commit
        boolean added = ledger.atomically(() -> {
            assertThat(outbox.add("HS-3", 1, "HS-3|1", "{}", null, null)).isFalse();
            return outbox.add("HS-3", 3, "HS-3|3", "{\"trangThai\":3}", null, null);
        });
        assertThat(added).isTrue();
        assertThat(outbox.history("HS-3")).containsExactly("1:PENDING", "3:PENDING");
    }

    @Test
    void concurrentWritersQueueEachUpdateOnceWithConsecutiveSequenceNumbers() throws Exception {
        // six writers queue the same five updates of each dossier at once, in step (a redelivered step racing its
        // first delivery): the dedup key is checked against the dossier's rows, not by an index of its own (V77)
        int[] statuses = {1, 3, 7, 4, 5};
        int dossiers = 20;
        int writers = 6;
        java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            results.add(pool.submit(() -> {
                int added = 0;
                for (int d = 0; d < dossiers; d++) {
                    for (int st : statuses) {
                        step.await(30, TimeUnit.SECONDS);
                        if (outbox.add("HS-W" + d, st, "HS-W" + d + "|" + st, "{\"trangThai\":" + st + "}", null, null)) {
                            added++;
                        }
                    }
                }
                return added;
            }));
        }
        int added = 0;
        for (Future<Integer> f : results) {
            added += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(added).as("updates reported as queued by the writers").isEqualTo(dossiers * statuses.length);
        for (int d = 0; d < dossiers; d++) {
            String code = "HS-W" + d;
            assertThat(outbox.history(code)).as(code).containsExactly("1:PENDING", "3:PENDING", "7:PENDING",
                    "4:PENDING", "5:PENDING");
            for (int seq = 1; seq <= statuses.length; seq++) {
                assertThat(outbox.claimNext(code, "node-a/m", LEASE)).get().extracting(StatusOutbox.Update::seq)
                        .as("claimed in sequence order").isEqualTo(seq);
                outbox.markSent(code, seq);
            }
        }
    }

    @Test
    void concurrentSendersEachSendEveryUpdateOnceAndInOrder() throws Exception {
        sendConcurrently("HS-C", false);
    }

    @Test
    void markingAnUpdateSentClaimsTheNextInTheSameStep() {
        queue("HS-M", 1, 3, 7);
        StatusOutbox.Claim first = outbox.claim("HS-M", "node-a/m1", LEASE);
        assertThat(first.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(1);
        StatusOutbox.Claim second = outbox.markSentAndClaimNext(first, "node-a/m1", LEASE);
        assertThat(outbox.history("HS-M")).containsExactly("1:SENT", "3:PENDING", "7:PENDING");
        assertThat(second.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(3);
        assertThat(second.update().get().body()).isEqualTo("{\"trangThai\":3}");
        assertThat(second.more()).isTrue();
        // the claim is real: another sender gets neither 3 nor 7
        assertThat(outbox.claim("HS-M", "node-b/m1", LEASE).busy()).isTrue();
        StatusOutbox.Claim third = outbox.markSentAndClaimNext(second, "node-a/m1", LEASE);
        assertThat(third.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(7);
        assertThat(third.more()).isFalse();
        StatusOutbox.Claim none = outbox.markSentAndClaimNext(third, "node-a/m1", LEASE);
        assertThat(none.update()).isEmpty();
        assertThat(none.busy()).isFalse();
        assertThat(outbox.history("HS-M")).containsExactly("1:SENT", "3:SENT", "7:SENT");
    }

    @Test
    void theNextUpdateIsClaimedFromThePassFirstReadAndIsBusyWhenAnotherSenderTookItAfterTheLease() {
        queue("HS-L", 1, 3);
        StatusOutbox.Claim slow = outbox.claim("HS-L", "node-a/m1", LEASE);
        assertThat(slow.behind()).extracting(StatusOutbox.Update::trangThai).containsExactly(3);
        // node-a stalls past its lease; node-b takes 1 over, sends it and claims 3
        clock.advance(LEASE.plusSeconds(1));
        StatusOutbox.Claim takeover = outbox.claim("HS-L", "node-b/m1", LEASE);
        assertThat(takeover.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(1);
        StatusOutbox.Claim b3 = outbox.markSentAndClaimNext(takeover, "node-b/m1", LEASE);
        assertThat(b3.update()).get().extracting(StatusOutbox.Update::trangThai).isEqualTo(3);
        // node-a wakes up: its next update (3, from its first read) is node-b's now, so it must not send it
        StatusOutbox.Claim late = outbox.markSentAndClaimNext(slow, "node-a/m1", LEASE);
        assertThat(late.update()).isEmpty();
        assertThat(late.busy()).isTrue();
        assertThat(outbox.history("HS-L")).containsExactly("1:SENT", "3:PENDING");
    }

    @Test
    void anUpdateQueuedAfterThePassReadWaitsForItsOwnTrigger() {
        queue("HS-Q", 1);
        StatusOutbox.Claim first = outbox.claim("HS-Q", "node-a/m1", LEASE);
        assertThat(first.more()).isFalse();
        queue("HS-Q", 3);
        assertThat(outbox.markSentAndClaimNext(first, "node-a/m1", LEASE)).isEqualTo(StatusOutbox.Claim.NOTHING_PENDING);
        assertThat(outbox.history("HS-Q")).containsExactly("1:SENT", "3:PENDING");
        // its trigger's pass claims it
        assertThat(outbox.claim("HS-Q", "node-a/m2", LEASE).update()).get()
                .extracting(StatusOutbox.Update::trangThai).isEqualTo(3);
    }

    @Test
    void aPassDrainsMoreUpdatesThanOneReadHoldsInOrder() {
        int count = StatusOutbox.PASS_READ + 5;
        int[] statuses = new int[count];
        for (int i = 0; i < count; i++) {
            statuses[i] = 100 + i;
        }
        queue("HS-R", statuses);
        List<Integer> sent = new ArrayList<>();
        StatusOutbox.Claim claim = outbox.claim("HS-R", "node-a/m1", LEASE);
        assertThat(claim.behind()).hasSize(StatusOutbox.PASS_READ - 1);
        assertThat(claim.readAll()).isFalse();
        while (claim.update().isPresent()) {
            sent.add(claim.update().get().trangThai());
            assertThat(claim.more()).as("after %s", sent).isEqualTo(sent.size() < count);
            claim = outbox.markSentAndClaimNext(claim, "node-a/m1", LEASE);
        }
        assertThat(claim.busy()).isFalse();
        assertThat(sent).hasSize(count).isSorted().first().isEqualTo(100);
    }

    @Test
    void concurrentSendersMarkingAndClaimingInOneStepSendEveryUpdateOnceAndInOrder() throws Exception {
        sendConcurrently("HS-N", true);
    }

    /**
     * Six senders drain 30 dossiers of five updates each, three rounds each: each update is sent once and in order.
     * {@code markAndClaimTogether}: the relay's loop since the mark and the next claim share a transaction; otherwise
     * claim, "send", mark sent, claim the next.
     */
    private void sendConcurrently(String prefix, boolean markAndClaimTogether) throws Exception {
        int dossiers = 30;
        for (int d = 0; d < dossiers; d++) {
            queue(prefix + d, 1, 3, 7, 4, 5);
        }
        Map<String, List<Integer>> sent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String claimant = "node-" + t + "/m";
            senders.add(pool.submit(() -> {
                go.await();
                for (int round = 0; round < 3; round++) {
                    for (int d = 0; d < dossiers; d++) {
                        String code = prefix + d;
                        StatusOutbox.Claim claim = outbox.claim(code, claimant, LEASE);
                        Optional<StatusOutbox.Update> u = claim.update();
                        while (u.isPresent()) {
                            sent.computeIfAbsent(code, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                    .add(u.get().trangThai());
                            if (markAndClaimTogether) {
                                claim = outbox.markSentAndClaimNext(claim, claimant, LEASE);
                                u = claim.update();
                            } else {
                                outbox.markSent(code, u.get().seq());
                                u = outbox.claimNext(code, claimant, LEASE);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : senders) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (int d = 0; d < dossiers; d++) {
            assertThat(sent.get(prefix + d)).as(prefix + d + " as sent by six concurrent senders")
                    .containsExactly(1, 3, 7, 4, 5);
            assertThat(outbox.history(prefix + d)).containsExactly("1:SENT", "3:SENT", "7:SENT", "4:SENT", "5:SENT");
        }
    }
}
