package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The trail's DVCLT status events come from the outbox rows, placed by time among the written events. */
class OutboxTrailTest {

    private static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z");

    private static DossierView.Event written(long id, int second, String step, String outcome, String reason) {
        return new DossierView.Event(id, T0.plusSeconds(second), step, outcome, reason);
    }

    private static List<String> shown(List<DossierView.Event> trail) {
        return trail.stream().map(e -> e.outcome() + (e.reason() == null ? "" : ":" + e.reason())).toList();
    }

    @Test
    void updatesAreQueuedAndDeliveredInTimeOrderAfterTheEventsOfTheirTransaction() {
        List<DossierView.Event> written = List.of(
                written(1, 0, "intake", "RECEIVED", null),
                written(2, 2, "dispatch", "SENT", null),
                written(3, 5, "poll", "REFUSED", null));
        List<OutboxTrail.Update> updates = List.of(
                new OutboxTrail.Update(1, T0, T0.plusSeconds(1)),          // queued with RECEIVED, sent a second later
                new OutboxTrail.Update(7, T0.plusSeconds(2), null),         // queued with SENT, not delivered yet
                new OutboxTrail.Update(6, T0.plusSeconds(5), T0.plusSeconds(6)));
        assertThat(shown(OutboxTrail.merge(written, updates))).containsExactly(
                "RECEIVED", "QUEUED:DVCLT trangThai 1 queued", "RELAYED:DVCLT trangThai 1 delivered",
                "SENT", "QUEUED:DVCLT trangThai 7 queued",
                "REFUSED", "QUEUED:DVCLT trangThai 6 queued", "RELAYED:DVCLT trangThai 6 delivered");
    }

    @Test
    void aTrailWrittenBeforeTheChangeDoesNotShowItsUpdatesTwice() {
        // the 3 sent twice (1,3,7,2,3,...): the first 3's events were written, the second's come from its row
        List<DossierView.Event> written = List.of(
                written(1, 0, "dvclt-status", "QUEUED", "DVCLT trangThai 3 queued"),
                written(2, 1, "dvclt-status", "RELAYED", "DVCLT trangThai 3 delivered"));
        List<OutboxTrail.Update> updates = List.of(
                new OutboxTrail.Update(3, T0, T0.plusSeconds(1)),
                new OutboxTrail.Update(3, T0.plusSeconds(4), T0.plusSeconds(5)));
        List<DossierView.Event> trail = OutboxTrail.merge(written, updates);
        assertThat(shown(trail)).containsExactly("QUEUED:DVCLT trangThai 3 queued", "RELAYED:DVCLT trangThai 3 delivered",
                "QUEUED:DVCLT trangThai 3 queued", "RELAYED:DVCLT trangThai 3 delivered");
        assertThat(trail).extracting(DossierView.Event::at).isSorted();
    }

    @Test
    void noUpdatesLeavesTheWrittenTrail() {
        List<DossierView.Event> written = List.of(written(1, 0, "intake", "RECEIVED", null));
        assertThat(OutboxTrail.merge(written, List.of())).isEqualTo(written);
    }
}
