package vn.lienthong.gateway.platform;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.LedgerException;

/**
 * The answer of every HTTP route to a failure it did not answer itself (routeConfiguration {@code http-errors}):
 * a fixed JSON body {status, error, message, trackingId}, never the exception's text or stack trace (it can quote
 * the request, SQL or a parser's view of the input). 503 when the broker, the database or an upstream is
 * unavailable (retry later), 500 otherwise. The trackingId is also in the single log line, which names the
 * exception classes (and an SQL state) but no message.
 */
public final class HttpFailures {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFailures.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the answer on the exchange's message; called from the route configuration's onException. */
    public void answer(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean unavailable = unavailable(failure);
        int status = unavailable ? 503 : 500;
        String trackingId = exchange.getExchangeId();
        String route = exchange.getFromRouteId();
        if (unavailable) {
            LOG.warn("{}: answered 503, trackingId {}: {}", route, trackingId, classes(failure));
        } else {
            LOG.error("{}: answered 500, trackingId {}: {}", route, trackingId, classes(failure));
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(body(status, trackingId));
    }

    static String body(int status, String trackingId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", status == 503 ? "Service Unavailable" : "Internal Server Error");
        body.put("message", status == 503
                ? "the gateway cannot reach a service it needs (broker, database or upstream); nothing was taken, retry later"
                : "the gateway failed to process the request; quote the trackingId to the operator");
        body.put("trackingId", trackingId);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error answer", e);
        }
    }

    /** A dependency that is down (not a defect): the caller should retry later. */
    static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof LedgerException // HealthStoreException too
                    || t instanceof jakarta.jms.JMSException || t instanceof org.springframework.jms.JmsException
                    || t instanceof UpstreamUnavailableException || t instanceof CallNotPermittedException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** "A <- B <- C (SQL state 08001)": classes of the failure and its causes, never their messages. */
    static String classes(Throwable failure) {
        if (failure == null) {
            return "(no exception)";
        }
        StringBuilder out = new StringBuilder();
        String sqlState = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            out.append(depth == 0 ? "" : " <- ").append(t.getClass().getName());
            if (sqlState == null && t instanceof SQLException s) {
                sqlState = s.getSQLState();
            }
        }
        return sqlState == null ? out.toString() : out + " (SQL state " + sqlState + ")";
    }
}
