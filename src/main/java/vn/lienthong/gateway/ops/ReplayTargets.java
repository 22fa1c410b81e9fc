package vn.lienthong.gateway.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a replayed message goes, per queue the console browses. The table holds the civil flow's queues; other
 * flows add rows ({@link #with}) or CONSOLE_REPLAY_TARGETS; any other {@code DLQ.<routeId>} goes back to the queue
 * that route consumes (read from the running routes).
 */
public final class ReplayTargets {

    /** What is sent: the message as it is, or the {@code original} field of an invalid/review entry. */
    public enum Body { AS_IS, ORIGINAL }

    /**
     * @param keepHeaders properties copied to the replayed message; null copies every application property
     *                    (not the gateway's failure headers, nor JMS/broker ones)
     * @param revalidated the target checks its input again, so an operator may edit the payload before replay
     */
    public record Target(String queue, Body body, Set<String> keepHeaders, boolean revalidated) {
    }

    private final Map<String, Target> table = new LinkedHashMap<>();
    private final Function<String, String> queueConsumedByRoute;

    /** @param queueConsumedByRoute route id to the queue it consumes, or null */
    public ReplayTargets(Function<String, String> queueConsumedByRoute) {
        this.queueConsumedByRoute = queueConsumedByRoute;
    }

    /** The civil flow's queues. */
    public static ReplayTargets defaults(Function<String, String> queueConsumedByRoute) {
        return new ReplayTargets(queueConsumedByRoute)
                .with("civil.dossier.invalid", new Target("civil.dossier.inbound", Body.ORIGINAL, Set.of(), true))
                .with("civil.dossier.review", new Target("civil.dossier.inbound", Body.ORIGINAL, Set.of(), true))
                .with("DLQ.civil.validate", new Target("civil.dossier.inbound", Body.AS_IS, Set.of("trackingId"), true))
                .with("DLQ.civil.dispatch", new Target("civil.dossier.dispatch", Body.AS_IS,
                        Set.of("maHoSo", "pmhtModule", "contentVersion", "trackingId"), false));
    }

    public ReplayTargets with(String queue, Target target) {
        table.put(queue, target);
        return this;
    }

    /** Adds rows from {@code source=target,...} (messages replayed as they are, application headers kept). */
    public ReplayTargets withConfig(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        int i = 0;
        for (String entry : spec.split(",")) {
            i++;
            String[] f = entry.trim().split("=", 2);
            if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
                throw new IllegalArgumentException("CONSOLE_REPLAY_TARGETS entry " + i + " must be source.queue=target.queue");
            }
            with(f[0].trim(), new Target(f[1].trim(), Body.AS_IS, null, false));
        }
        return this;
    }

    /** Queues an operator may browse, replay from and discard from. */
    public boolean browsable(String queue) {
        // every flow's invalid/review/anomaly queue may be opened (and discarded from); replay needs a target row
        return queue != null && (table.containsKey(queue) || (queue.startsWith("DLQ.") && queue.length() > 4)
                || (queue.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.(invalid|review|anomaly)")));
    }

    public Set<String> knownQueues() {
        return table.keySet();
    }

    public Optional<Target> forQueue(String queue) {
        Target t = table.get(queue);
        if (t != null) {
            return Optional.of(t);
        }
        if (queue != null && queue.startsWith("DLQ.") && queueConsumedByRoute != null) {
            String target = queueConsumedByRoute.apply(queue.substring(4));
            if (target != null) {
                return Optional.of(new Target(target, Body.AS_IS, null, false));
            }
        }
        return Optional.empty();
    }
}
