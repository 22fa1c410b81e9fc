package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

class TransactionsTest {

    private Database db;
    private Ledger ledger;

    @BeforeEach
    void open() {
        db = new Database("jdbc:hsqldb:mem:tx" + System.nanoTime() + ";hsqldb.tx=mvcc", "SA", "", 2);
        ledger = new Ledger(db.dataSource(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void storeCallsInsideAtomicallyCommitTogether() {
        ledger.atomically(() -> {
            ledger.record(DossierFacts.of("A1", "civil"), DossierState.RECEIVED, "intake", "r");
            ledger.recordPayload("A1", "v1", "{}");
            ledger.record(DossierFacts.of("A1", "civil"), DossierState.ACCEPTED, "validate", "ok");
            return null;
        });
        assertThat(ledger.find("A1").orElseThrow().state()).isEqualTo("ACCEPTED");
        assertThat(ledger.find("A1").orElseThrow().trail()).hasSize(2);
        assertThat(ledger.payloads("A1")).hasSize(1);
    }

    @Test
    void aFailureRollsBackEveryCallOfTheUnit() {
        assertThatThrownBy(() -> ledger.atomically(() -> {
            ledger.record(DossierFacts.of("B1", "civil"), DossierState.RECEIVED, "intake", "r");
            ledger.event("B1", "intake", "X", "y");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(ledger.find("B1")).isEmpty();
    }

    @Test
    void aHandledUniqueViolationUndoesOnlyItsOwnCall() {
        ledger.recordPayload("C1", "v1", "{\"first\":1}");
        ledger.atomically(() -> {
            ledger.record(DossierFacts.of("C1", "civil"), DossierState.RECEIVED, "intake", "r");
            // already kept: the store ignores the duplicate, the unit goes on
            ledger.recordPayload("C1", "v1", "{\"second\":2}");
            ledger.event("C1", "intake", "DUPLICATE", "again");
            return null;
        });
        assertThat(ledger.payloads("C1")).extracting(Ledger.Payload::payload).containsExactly("{\"first\":1}");
        assertThat(ledger.find("C1").orElseThrow().trail()).hasSize(2);
    }
}
