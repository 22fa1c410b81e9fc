package vn.lienthong.gateway.molisa;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Sends a batch and, when MOLISA refuses it as a whole, bisects it to find the record(s) it refuses: halves that
 * pass are delivered, single records that are still refused are rejected with MOLISA's own message. One bad
 * record among n costs about 2·log2(n) extra calls. Order of delivery follows the input order.
 */
public final class BatchSplitter {

    /** A record MOLISA refused on its own. {@code toString()} leaves the record out (personal data). */
    public record Rejection<T>(T record, int errorCode, String message) {
        @Override
        public String toString() {
            return "Rejection[error_code=" + errorCode + ", message=" + message + "]";
        }
    }

    /**
     * What happened to a batch. When MOLISA became unavailable half way, {@code undelivered} holds the records not
     * yet settled (to be sent again later) and {@code failure} says why; otherwise both are empty/null.
     */
    public record Outcome<T>(List<T> delivered, List<Rejection<T>> rejected, List<T> undelivered, String failure,
                             int calls) {
        public Outcome {
            delivered = List.copyOf(delivered);
            rejected = List.copyOf(rejected);
            undelivered = List.copyOf(undelivered);
        }

        public boolean complete() {
            return undelivered.isEmpty();
        }

        @Override
        public String toString() {
            return "Outcome[delivered=" + delivered.size() + ", rejected=" + rejected + ", undelivered="
                    + undelivered.size() + (failure == null ? "" : ", failure=" + failure) + ", calls=" + calls + "]";
        }
    }

    private BatchSplitter() {
    }

    /**
     * Sends {@code records} through {@code sender}. An exception from the very first call propagates untouched
     * (nothing was settled, the route retries the whole batch); a later one ends the bisection with the unsettled
     * records in {@link Outcome#undelivered()} so that what was already delivered is not sent twice.
     */
    public static <T> Outcome<T> send(List<T> records, Function<List<T>, MolisaResult> sender) {
        List<T> delivered = new ArrayList<>();
        List<Rejection<T>> rejected = new ArrayList<>();
        Deque<List<T>> pending = new ArrayDeque<>();
        if (!records.isEmpty()) {
            pending.push(List.copyOf(records));
        }
        int calls = 0;
        while (!pending.isEmpty()) {
            List<T> part = pending.pop();
            MolisaResult result;
            try {
                calls++;
                result = sender.apply(part);
            } catch (RuntimeException e) {
                if (delivered.isEmpty() && rejected.isEmpty()) {
                    throw e;
                }
                List<T> unsettled = new ArrayList<>(part);
                pending.forEach(unsettled::addAll);
                return new Outcome<>(delivered, rejected, unsettled, e.getMessage(), calls);
            }
            if (result.ok()) {
                delivered.addAll(part);
            } else if (part.size() == 1) {
                rejected.add(new Rejection<>(part.get(0), result.errorCode(), result.message()));
            } else {
                int mid = part.size() / 2;
                pending.push(part.subList(mid, part.size()));
                pending.push(part.subList(0, mid));
            }
        }
        return new Outcome<>(delivered, rejected, List.of(), null, calls);
    }

    /** Cuts {@code records} into consecutive batches of at most {@code size} (the route's batching). */
    public static <T> List<List<T>> chunks(List<T> records, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i += size) {
            out.add(List.copyOf(records.subList(i, Math.min(records.size(), i + size))));
        }
        return out;
    }
}
