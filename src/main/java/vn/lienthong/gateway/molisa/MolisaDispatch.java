package vn.lienthong.gateway.molisa;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.ledger.DossierFacts;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.molisa.MolisaBatches.Batch;
import vn.lienthong.gateway.molisa.MolisaBatches.Item;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;

/**
 * The MOLISA call step, one batch message (molisa.dispatch) at a time: claims each record's content so it is sent
 * once whatever the broker redelivers, sends the batch (bisecting it when MOLISA refuses it as a whole), and records
 * every record's outcome: SENT, or FAILED with MOLISA's error_code and message (plus an entry for molisa.invalid).
 * {@link vn.lienthong.gateway.platform.UpstreamUnavailableException} (nothing settled) propagates: the route rolls
 * back and the broker redelivers the batch with backoff, then dead-letters it.
 */
public final class MolisaDispatch {

    /** A molisa.invalid entry for a record MOLISA refused. */
    public record InvalidEntry(String maHoSo, String reason, String body) {
        @Override
        public String toString() {
            return "InvalidEntry[MaHoSo=" + maHoSo + ", " + reason + "]";
        }
    }

    /**
     * What became of a batch. {@code retryBatch} (null when complete) holds the records left unsettled when MOLISA
     * went away half way: the route puts it back on molisa.dispatch in the same transaction.
     */
    public record Report(String operation, int sent, int failed, int duplicates, List<InvalidEntry> invalid,
                        String retryBatch, String retryCodes, String failure) {
        public String summary() {
            return operation + ": " + sent + " sent, " + failed + " refused by MOLISA, " + duplicates + " duplicate(s)"
                    + (retryBatch == null ? "" : ", re-queued the unsettled rest (" + failure + ")");
        }
    }

    private final MolisaBatchSender sender;
    private final Ledger ledger;
    private final DispatchClaims claims;
    private final Clock clock;

    public MolisaDispatch(MolisaBatchSender sender, Ledger ledger, DispatchClaims claims, Clock clock) {
        this.sender = sender;
        this.ledger = ledger;
        this.claims = claims;
        this.clock = clock;
    }

    /** Comma-separated MaHoSo of a batch message (for the message's maHoSo header and logs). */
    public String codes(String batchJson) {
        return String.join(",", MolisaBatches.parse(batchJson).codes());
    }

    public Report send(String batchJson, String messageId) {
        Batch batch = MolisaBatches.parse(batchJson);
        String operation = batch.operation();
        Table table = MolisaIntake.Kind.ofOperation(operation).table();
        List<Item> toSend = new ArrayList<>();
        Map<Map<String, Object>, Item> byRecord = new IdentityHashMap<>();
        Map<Item, String> versions = new IdentityHashMap<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (Item item : batch.items()) {
            String version = MolisaBatches.version(operation, item.record());
            String key = MolisaIntake.ledgerKey(item.maHoSo());
            if (!seen.add(item.maHoSo() + "|" + version)) {
                duplicates++;
                event(key, operation, "DUPLICATE", "same record twice in one batch; sent once");
                continue;
            }
            if (key != null) {
                DispatchClaims.Claim claim = claims.claim(key, version, messageId);
                if (claim != DispatchClaims.Claim.PROCEED) {
                    duplicates++;
                    event(key, operation, "DUPLICATE", claim == DispatchClaims.Claim.ALREADY_DONE
                            ? "MOLISA already has this record; not sent again"
                            : "the same record is being sent by another delivery");
                    if (claim == DispatchClaims.Claim.ALREADY_DONE && ledger.stateOf(key)
                            .filter(st -> st == DossierState.ACCEPTED).isPresent()) {
                        // a resubmission of content MOLISA took earlier: the record is where MOLISA has it
                        ledger.transition(key, DossierState.SENT, operation, "sent to MOLISA earlier");
                    }
                    continue;
                }
            }
            toSend.add(item);
            byRecord.put(item.record(), item);
            versions.put(item, version);
        }
        if (toSend.isEmpty()) {
            return new Report(operation, 0, 0, duplicates, List.of(), null, null, null);
        }
        List<Map<String, Object>> records = toSend.stream().map(Item::record).toList();
        // one attempt per record and delivery, counted once MOLISA's circuit let the first request through
        AtomicBoolean counted = new AtomicBoolean();
        BatchSplitter.Outcome<Map<String, Object>> outcome = sender.send(table, records, () -> {
            if (!counted.getAndSet(true)) {
                toSend.stream().map(item -> MolisaIntake.ledgerKey(item.maHoSo())).filter(java.util.Objects::nonNull)
                        .forEach(ledger::incrementAttempts);
            }
        });

        for (Map<String, Object> record : outcome.delivered()) {
            Item item = byRecord.get(record);
            String key = MolisaIntake.ledgerKey(item.maHoSo());
            if (key != null) {
                claims.markDone(key, versions.get(item));
                ledger.record(DossierFacts.of(key, MolisaIntake.FLOW), DossierState.SENT, operation,
                        "MOLISA " + operation + " accepted it (error_code 0), batch of " + records.size());
            }
        }
        List<InvalidEntry> invalid = new ArrayList<>();
        for (BatchSplitter.Rejection<Map<String, Object>> r : outcome.rejected()) {
            Item item = byRecord.get(r.record());
            String key = MolisaIntake.ledgerKey(item.maHoSo());
            String reason = "MOLISA " + operation + " refused the record: error_code " + r.errorCode() + ", "
                    + r.message();
            if (key != null) {
                // a refusal is not final for the content: a re-submission after a fix on MOLISA's side is sent again
                claims.release(key, versions.get(item));
                ledger.record(DossierFacts.of(key, MolisaIntake.FLOW), DossierState.FAILED, operation, reason);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("trackingId", item.trackingId());
            entry.put("refusedAt", clock.instant().toString());
            entry.put("operation", operation);
            entry.put("MaHoSo", item.maHoSo());
            entry.put("reason", reason);
            entry.put("error_code", r.errorCode());
            entry.put("message", r.message());
            entry.put("record", item.record());
            invalid.add(new InvalidEntry(item.maHoSo(), reason, MolisaBatches.write(entry)));
        }
        String retryBatch = null;
        String retryCodes = null;
        if (!outcome.undelivered().isEmpty()) {
            List<Item> rest = new ArrayList<>();
            for (Map<String, Object> record : outcome.undelivered()) {
                Item item = byRecord.get(record);
                rest.add(item);
                String key = MolisaIntake.ledgerKey(item.maHoSo());
                if (key != null) {
                    // the re-queued batch is a new message: it must be able to claim the record again
                    claims.release(key, versions.get(item));
                    ledger.event(key, operation, "RETRY", "MOLISA became unavailable while the batch was being split ("
                            + outcome.failure() + "); re-queued");
                }
            }
            retryBatch = MolisaBatches.envelopeOf(operation, rest);
            retryCodes = String.join(",", rest.stream().map(Item::maHoSo).toList());
        }
        return new Report(operation, outcome.delivered().size(), outcome.rejected().size(), duplicates, invalid,
                retryBatch, retryCodes, outcome.failure());
    }

    /** A batch was dead-lettered: its records keep their state, the trail says why, a replay may send them again. */
    public void deadLettered(String batchJson, String cause) {
        Batch batch;
        try {
            batch = MolisaBatches.parse(batchJson);
        } catch (IllegalArgumentException e) {
            return; // not a batch at all: nothing to record, the DLQ holds it with its cause
        }
        for (Item item : batch.items()) {
            String key = MolisaIntake.ledgerKey(item.maHoSo());
            if (key != null) {
                claims.release(key, MolisaBatches.version(batch.operation(), item.record()));
                ledger.event(key, batch.operation(), "DEAD_LETTER", cause);
            }
        }
    }

    private void event(String key, String step, String outcome, String reason) {
        if (key != null) {
            ledger.event(key, step, outcome, reason);
        }
    }
}
