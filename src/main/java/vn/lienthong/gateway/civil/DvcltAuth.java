package vn.lienthong.gateway.civil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * DVCLT login (DOMAIN.md F1): {@code GetToken {userName, password}} -> {token, refreshToken,
 * refreshTokenExpiryTime}, then {@code Authorization: Bearer <token>}. The token is kept and reused by every
 * DVCLT call (pull and status relay) until shortly before it expires (its JWT {@code exp}, else the configured
 * lifetime, never past refreshTokenExpiryTime), or until DVCLT answers 401/403; then the routes log in again.
 * The token and password never reach a log line or the trail.
 */
public class DvcltAuth {

    private record Token(String value, Instant expiresAt) {
    }

    private final String user;
    private final String password;
    private final Clock clock;
    private final Duration defaultLifetime;
    private final Duration margin;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Token token;
    private volatile int logins;

    public DvcltAuth(String user, String password, Clock clock, Duration defaultLifetime, Duration margin) {
        this.user = user;
        this.password = password;
        this.clock = clock;
        this.defaultLifetime = defaultLifetime;
        this.margin = margin;
    }

    /** True when there is no token or it expires within the margin. */
    public boolean needsLogin() {
        Token t = token;
        return t == null || !clock.instant().isBefore(t.expiresAt().minus(margin));
    }

    public String loginBody() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("userName", user);
        body.put("password", password);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the GetToken answer; throws (retry later) unless it carries a token. */
    public synchronized void accept(Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code == 401 || code == 403) {
            throw new UpstreamUnavailableException("DVCLT refused the gateway's login (HTTP " + code
                    + "): check DVCLT_USER and DVCLT_PASSWORD");
        }
        if (code < 200 || code >= 300) {
            throw new UpstreamUnavailableException("DVCLT login answered HTTP " + code);
        }
        JsonNode n;
        try {
            n = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            n = null;
        }
        JsonNode data = n != null && n.has("data") && n.get("data").isObject() ? n.get("data") : n;
        if (data == null || !data.path("token").isTextual() || data.get("token").asText().isBlank()) {
            throw new UpstreamUnavailableException("DVCLT login answer carries no token");
        }
        String value = data.get("token").asText();
        Instant now = clock.instant();
        Instant expires = jwtExpiry(value);
        if (expires == null) {
            expires = now.plus(defaultLifetime);
        }
        Instant refreshExpiry = DvcltTimes.parse(data.path("refreshTokenExpiryTime").asText(null));
        if (refreshExpiry != null && refreshExpiry.isBefore(expires)) {
            expires = refreshExpiry;
        }
        token = new Token(value, expires);
        logins++;
    }

    /** The Authorization header value. */
    public String authorization() {
        Token t = token;
        if (t == null) {
            throw new UpstreamUnavailableException("not logged in to DVCLT");
        }
        return "Bearer " + t.value();
    }

    /** After any DVCLT call: 401/403 drops the token (the retry logs in again) and fails the call. */
    public void checkAuth(Integer httpStatus) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code == 401 || code == 403) {
            invalidate();
            throw new UpstreamUnavailableException("DVCLT rejected the token (HTTP " + code + "); the next attempt logs in again");
        }
    }

    public void invalidate() {
        token = null;
    }

    /** How many times the gateway logged in (tests and operations: a token is reused, not fetched per call). */
    public int logins() {
        return logins;
    }

    private Instant jwtExpiry(String value) {
        String[] parts = value.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.path("exp").canConvertToLong() ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
