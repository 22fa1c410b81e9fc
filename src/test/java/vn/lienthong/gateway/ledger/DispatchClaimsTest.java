package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

/** The claim's in-doubt state on a real database: a request out without a recorded answer is visible to a redelivery. */
class DispatchClaimsTest {

    DispatchClaims claims;

    @BeforeEach
    void setUp() {
        Database db = new Database("jdbc:hsqldb:mem:dc" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 2);
        claims = new DispatchClaims(new Ledger(db.dataSource(), Clock.systemUTC()));
    }

    @Test
    void anUnansweredRequestLeavesTheClaimInDoubtForTheRedelivery() {
        assertThat(claims.claim("A", "v1", "m1")).isEqualTo(DispatchClaims.Claim.PROCEED);
        assertThat(claims.inDoubtSince("A", "v1")).isEmpty(); // claimed, nothing sent yet
        claims.sending("A", "v1");
        // the node dies here: the broker redelivers the same message, which proceeds and sees the earlier attempt
        assertThat(claims.claim("A", "v1", "m1")).isEqualTo(DispatchClaims.Claim.PROCEED);
        assertThat(claims.claim("A", "v1", "m2")).isEqualTo(DispatchClaims.Claim.IN_PROGRESS_ELSEWHERE);
        assertThat(claims.inDoubtSince("A", "v1")).isPresent();
        claims.notSent("A", "v1"); // answered 503: nothing in doubt
        assertThat(claims.inDoubtSince("A", "v1")).isEmpty();
        claims.sending("A", "v1");
        claims.markDone("A", "v1");
        claims.sending("A", "v1"); // a DONE claim stays done
        assertThat(claims.inDoubtSince("A", "v1")).isEmpty();
        assertThat(claims.claim("A", "v1", "m3")).isEqualTo(DispatchClaims.Claim.ALREADY_DONE);
        assertThat(claims.otherVersionDone("A", "v2")).isTrue();
        assertThat(claims.otherVersionDone("A", "v1")).isFalse();
    }

    @Test
    void onlyTheDeliveryThatCreatesTheClaimIsToldItDidSo() {
        assertThat(claims.claimed("C", "v1", "m1")).isEqualTo(new DispatchClaims.Claimed(DispatchClaims.Claim.PROCEED, true));
        // the broker's redelivery of the same message finds the claim: its push must look for an in-doubt request
        assertThat(claims.claimed("C", "v1", "m1")).isEqualTo(new DispatchClaims.Claimed(DispatchClaims.Claim.PROCEED, false));
        assertThat(claims.claimed("C", "v1", "m2").created()).isFalse();
        claims.release("C", "v1");
        assertThat(claims.claimed("C", "v1", "replay").created()).isTrue();
    }

    @Test
    void aDeadLetteredInDoubtClaimIsReleasedForTheReplay() {
        claims.claim("B", "v1", "m1");
        claims.sending("B", "v1");
        claims.release("B", "v1");
        assertThat(claims.inDoubtSince("B", "v1")).isEmpty();
        assertThat(claims.claim("B", "v1", "replay")).isEqualTo(DispatchClaims.Claim.PROCEED);
    }
}
