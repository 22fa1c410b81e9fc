package vn.lienthong.gateway.dvcqg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * The DVCQG session token. The seed insists the account logs in once and calls again only when the token has
 * expired, so the token is shared by every caller (concurrent callers wait for one login instead of each logging
 * in), reused until it expires (by the injected clock) and dropped when DVCQG refuses it. The token is never
 * logged and never part of an exception message.
 */
public final class DvcqgTokens {

    /** The HTTP login call (a route in production); returns DVCQG's answer. */
    @FunctionalInterface
    public interface LoginCall {
        LoginAnswer call(String requestBody);
    }

    public record LoginAnswer(int httpStatus, String body) {
    }

    /** A token is renewed this long before it expires, so it does not expire on its way to DVCQG. */
    static final Duration EARLY = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final DvcqgSettings settings;
    private final LoginCall login;
    private final Clock clock;
    private final AtomicInteger logins = new AtomicInteger();
    private String token;
    private Instant expiresAt = Instant.MIN;

    public DvcqgTokens(DvcqgSettings settings, LoginCall login, Clock clock) {
        this.settings = settings;
        this.login = login;
        this.clock = clock;
    }

    /** A valid token: the cached one, or a new one from a single login shared by every waiting caller. */
    public synchronized String token() {
        if (token != null && clock.instant().isBefore(expiresAt.minus(EARLY))) {
            return token;
        }
        token = null;
        ObjectNode body = json.createObjectNode();
        body.put("username", settings.user());
        body.put("password", settings.password());
        logins.incrementAndGet();
        LoginAnswer answer = login.call(body.toString());
        accept(answer);
        return token;
    }

    private void accept(LoginAnswer answer) {
        int code = answer.httpStatus();
        if (code >= 500 || code == 0 || code == 408 || code == 429) {
            throw new UpstreamUnavailableException("DVCQG login answered HTTP " + code);
        }
        JsonNode node = parse(answer.body());
        String session = node == null ? "" : firstText(node, "session", "token", "access_token");
        if (code == 401 || code == 403 || session.isBlank()) {
            String message = node == null ? "" : firstText(node, "message", "error_description", "errorMessage");
            throw new DvcqgException("DVCQG_AUTH", "DVCQG refused the gateway's login (HTTP " + code
                    + (message.isBlank() ? "" : ", " + message) + "); check DVCQG_USER and DVCQG_PASSWORD");
        }
        Duration ttl = settings.tokenTtl();
        long seconds = node.path("expires_in").asLong(node.path("expiresIn").asLong(0));
        if (seconds > 0) {
            ttl = Duration.ofSeconds(seconds);
        }
        token = session;
        expiresAt = clock.instant().plus(ttl);
    }

    /**
     * DVCQG refused {@code used}: forget it so the next {@link #token()} logs in again. A token that was already
     * replaced by another caller's login is left alone (one refresh, however many callers saw the refusal).
     */
    public synchronized void invalidate(String used) {
        if (used != null && used.equals(token)) {
            token = null;
            expiresAt = Instant.MIN;
        }
    }

    /** Logins made since start (the seed's "only call again when the token expires", made observable). */
    public int logins() {
        return logins.get();
    }

    public synchronized Instant expiresAt() {
        return token == null ? null : expiresAt;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : json.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return "";
    }
}
