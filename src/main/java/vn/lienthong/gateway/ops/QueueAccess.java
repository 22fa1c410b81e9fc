package vn.lienthong.gateway.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The broker as the console sees it: queue names and depths, browsing, and taking one message out. */
public interface QueueAccess {

    /** A message waiting on a queue: its JMS id, time, text and string properties. */
    record Message(String id, Instant timestamp, String text, Map<String, String> properties) {
    }

    /** A message to send in place of the one taken. */
    record Outgoing(String queue, String text, Map<String, String> properties) {
    }

    /** Queue names on the broker (may be empty when the broker does not tell). */
    List<String> queueNames();

    /** Messages waiting on the queue; -1 when unknown. */
    long depth(String queue);

    /** Up to {@code limit} messages of the queue, oldest first, without consuming them. */
    List<Message> browse(String queue, int limit);

    /**
     * Takes message {@code id} out of {@code queue} in one local transaction: {@code decide} sees it and returns what
     * to send instead (null to send nothing); if {@code decide} throws, nothing changes. Returns false when no such
     * message is waiting.
     */
    boolean take(String queue, String id, Function<Message, Outgoing> decide);
}
