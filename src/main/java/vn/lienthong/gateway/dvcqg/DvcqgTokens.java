package vn.lienthong.gateway.dvcqg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.TokenCache;
import vn.lienthong.gateway.platform.upstream.UpstreamStatus;

/**
 * The DVCQG session token. The seed insists the account logs in once and calls again only when the token has
 * expired, so the token is shared by every caller (the platform's {@link TokenCache}: concurrent callers wait for
 * one login instead of each logging in), reused until it expires (by the injected clock) and dropped when DVCQG
 * refuses it. This class reads DVCQG's login answer; {@link DvcqgClient#login} makes the call. The token is never
 * logged and never part of an exception message.
 */
public final class DvcqgTokens {

    /** The HTTP login call ({@link DvcqgClient#login} in production); returns DVCQG's answer. */
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
    private final TokenCache cache;

    public DvcqgTokens(DvcqgSettings settings, LoginCall login, Clock clock) {
        this.settings = settings;
        this.login = login;
        this.clock = clock;
        this.cache = new TokenCache(this::login, clock, EARLY);
    }

    /** A valid token: the cached one, or a new one from a single login shared by every waiting caller. */
    public String token() {
        return cache.token();
    }

    /** The shared cache, for the calls that carry the token (UpstreamHttp renews it on 401/403). */
    public TokenCache cache() {
        return cache;
    }

    private TokenCache.Token login() {
        ObjectNode body = json.createObjectNode();
        body.put("username", settings.user());
        body.put("password", settings.password());
        return accept(login.call(body.toString()));
    }

    private TokenCache.Token accept(LoginAnswer answer) {
        int code = answer.httpStatus();
        UpstreamStatus kind = UpstreamStatus.of(code);
        if (kind == UpstreamStatus.UNAVAILABLE) {
            throw new UpstreamUnavailableException("DVCQG login answered HTTP " + code);
        }
        JsonNode node = parse(answer.body());
        String session = node == null ? "" : firstText(node, "session", "token", "access_token");
        if (kind == UpstreamStatus.AUTH_REFUSED || session.isBlank()) {
            String message = node == null ? "" : firstText(node, "message", "error_description", "errorMessage");
            throw new DvcqgException("DVCQG_AUTH", "DVCQG refused the gateway's login (HTTP " + code
                    + (message.isBlank() ? "" : ", " + message) + "); check DVCQG_USER and DVCQG_PASSWORD");
        }
        Duration ttl = settings.tokenTtl();
        long seconds = node.path("expires_in").asLong(node.path("expiresIn").asLong(0));
        if (seconds > 0) {
            ttl = Duration.ofSeconds(seconds);
        }
        return new TokenCache.Token(session, clock.instant().plus(ttl));
    }

    /**
     * DVCQG refused {@code used}: forget it so the next {@link #token()} logs in again. A token that was already
     * replaced by another caller's login is left alone (one refresh, however many callers saw the refusal).
     */
    public void invalidate(String used) {
        if (used != null) {
            cache.invalidate(used);
        }
    }

    /** Logins attempted since start (the seed's "only call again when the token expires", made observable). */
    public int logins() {
        return cache.attempts();
    }

    public Instant expiresAt() {
        return cache.expiresAt();
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
