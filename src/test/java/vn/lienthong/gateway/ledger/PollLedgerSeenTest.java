package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

/**
 * A PMHT answer is remembered once even when two poll runs apply it (the schedule and an operator's "run now", or
 * two nodes): the poll row is written only if it is still as the run read it.
 */
class PollLedgerSeenTest {

    Database db;
    Ledger ledger;
    PollLedger polls;

    @BeforeEach
    void setUp() {
        db = new Database("jdbc:hsqldb:mem:seen" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 4);
        ledger = new Ledger(db.dataSource(), Clock.systemUTC());
        polls = new PollLedger(ledger);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aRowWrittenSinceItWasReadIsNotWrittenAgain() {
        // two runs read "no row"; the first inserts it, the second is told it lost, and its transaction goes on
        assertThat(polls.seen("A", "1|x", null)).isTrue();
        boolean second = ledger.atomically(() -> {
            boolean won = polls.seen("A", "1|x", null);
            polls.seen("A2", "1|x", null); // the same query's next dossier
            return won;
        });
        assertThat(second).isFalse();
        assertThat(polls.marks(List.of("A2"))).as("written after the lost insert, same transaction").containsKey("A2");

        // two runs read the row with answer 1; the first records answer 3, the second (its read now stale) does not
        PollLedger.Mark read = polls.marks(List.of("A")).get("A");
        assertThat(read.lastSeen()).isEqualTo("1|x");
        assertThat(polls.seen("A", "3|y", read)).isTrue();
        assertThat(polls.seen("A", "3|y", read)).isFalse();
        assertThat(polls.marks(List.of("A")).get("A").lastSeen()).isEqualTo("3|y");
    }

    @Test
    void aRunWaitingOnAnotherRunsUncommittedWriteSeesItAfterTheCommit() throws Exception {
        polls.seen("B", "1|x", null);
        PollLedger.Mark read = polls.marks(List.of("B")).get("B");
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> ledger.atomically(() -> {
            boolean won = polls.seen("B", "3|y", read);
            written.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return won;
        }));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        // the second run read the row before the first committed; its write waits for the first's transaction
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> polls.seen("B", "3|y", read));
        Thread.sleep(300);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
