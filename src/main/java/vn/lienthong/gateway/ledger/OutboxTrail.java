package vn.lienthong.gateway.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trail's DVCLT status events ("queued", "delivered") read from the dossier's status_update rows instead of
 * written as dossier_event rows: the outbox row already holds when each update was queued (created_at) and
 * delivered (sent_at), and writing it again cost two event inserts per update (BENCHMARKS.md). Trails
 * written before that change hold those events themselves: a row is not repeated where its event is already there.
 */
final class OutboxTrail {

    static final String STEP = "dvclt-status";
    static final String QUEUED = "QUEUED";
    static final String RELAYED = "RELAYED";

    /** One status_update row of the dossier (given in seq order); sentAt null until DVCLT took it. */
    record Update(int trangThai, Instant queuedAt, Instant sentAt) {
    }

    private OutboxTrail() {
    }

    static String queuedReason(int trangThai) {
        return "DVCLT trangThai " + trangThai + " queued";
    }

    static String relayedReason(int trangThai) {
        return "DVCLT trangThai " + trangThai + " delivered";
    }

    /**
     * The written events (in id order) with the updates' events placed by time: after every written event of the
     * same instant or earlier (in the transaction that queued or delivered an update, its event came last).
     */
    static List<DossierView.Event> merge(List<DossierView.Event> written, List<Update> updates) {
        // events already written for the earliest rows of a status (trails from before the change)
        Map<String, Integer> alreadyWritten = new HashMap<>();
        for (DossierView.Event e : written) {
            if (STEP.equals(e.step()) && (QUEUED.equals(e.outcome()) || RELAYED.equals(e.outcome()))) {
                alreadyWritten.merge(e.outcome() + "|" + e.reason(), 1, Integer::sum);
            }
        }
        List<DossierView.Event> derived = new ArrayList<>();
        for (Update u : updates) {
            add(derived, alreadyWritten, u.queuedAt(), QUEUED, queuedReason(u.trangThai()));
            if (u.sentAt() != null) {
                add(derived, alreadyWritten, u.sentAt(), RELAYED, relayedReason(u.trangThai()));
            }
        }
        if (derived.isEmpty()) {
            return written;
        }
        derived.sort(Comparator.comparing(DossierView.Event::at)); // stable: seq order within an instant
        List<DossierView.Event> out = new ArrayList<>(written.size() + derived.size());
        int d = 0;
        for (DossierView.Event e : written) {
            while (d < derived.size() && derived.get(d).at().isBefore(e.at())) {
                out.add(derived.get(d++));
            }
            out.add(e);
        }
        out.addAll(derived.subList(d, derived.size()));
        return out;
    }

    private static void add(List<DossierView.Event> derived, Map<String, Integer> alreadyWritten, Instant at,
                            String outcome, String reason) {
        String key = outcome + "|" + reason;
        Integer written = alreadyWritten.get(key);
        if (written != null) { // this row's event is one of those already written
            if (written > 1) {
                alreadyWritten.put(key, written - 1);
            } else {
                alreadyWritten.remove(key);
            }
            return;
        }
        // no event row: no id of its own (ids order the written events only)
        derived.add(new DossierView.Event(0, at, STEP, outcome, reason));
    }
}
