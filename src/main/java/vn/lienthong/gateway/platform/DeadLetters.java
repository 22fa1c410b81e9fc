package vn.lienthong.gateway.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Dead-letter bookkeeping asked of the flows: each flow registers what it records when a message of one of its routes
 * is dead-lettered (FlowContext.onDeadLetter), and the shared dead-letter route (routes/errors.camel.yaml) calls
 * {@link #record} instead of branching on route ids.
 */
public final class DeadLetters {

    /** A flow's bookkeeping for one dead-lettered message (e.g. releasing its dispatch claim). */
    @FunctionalInterface
    public interface Handler {
        void deadLettered(Letter letter);
    }

    /** The dead-lettered message as the flow sees it: its original body, its headers and the failure's cause. */
    public record Letter(String routeId, String body, Map<String, Object> headers, String cause) {

        /** A header as text, or null. */
        public String header(String name) {
            Object value = headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

    void register(String routeId, Handler handler) {
        if (handlers.putIfAbsent(routeId, handler) != null) {
            throw new IllegalStateException("dead-letter bookkeeping of route " + routeId + " registered twice");
        }
    }

    /** Whether a flow keeps books for dead letters of this route. */
    public boolean handles(String routeId) {
        return routeId != null && handlers.containsKey(routeId);
    }

    /** Called by the dead-letter route with the original message; routes without bookkeeping are left alone. */
    public void record(Exchange exchange) {
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        Handler handler = routeId == null ? null : handlers.get(routeId);
        if (handler == null) {
            return;
        }
        Message message = exchange.getMessage();
        handler.deadLettered(new Letter(routeId, message.getBody(String.class), Map.copyOf(withoutNulls(message.getHeaders())),
                message.getHeader("gatewayFailureCause", String.class)));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> headers) {
        Map<String, Object> copy = new java.util.HashMap<>();
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
