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
import vn.lienthong.gateway.platform.upstream.TokenCache;
import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * DVCLT login (DOMAIN.md F1): {@code GetToken {userName, password}} -> {token, refreshToken,
 * refreshTokenExpiryTime}, then {@code Authorization: Bearer <token>}. The token is kept and reused by every
 * DVCLT call (pull and status relay) until shortly before it expires (its JWT {@code exp}, else the configured
 * lifetime, never past refreshTokenExpiryTime), or until DVCLT answers 401/403; then {@link DvcltClient} logs in
 * again and tries the call once more (one shared {@link TokenCache}).
 * The token and password never reach a log line or the trail.
 */
public class DvcltAuth {

    private final String user;
    private final String password;
    private final Clock clock;
    private final Duration defaultLifetime;
    private final ObjectMapper json = new ObjectMapper();
    private final TokenCache tokens;

    /** {@code http}: DVCLT without credentials (the login itself); {@code tokenPath}: GetToken under DVCLT_URL. */
    public DvcltAuth(UpstreamHttp http, String tokenPath, String user, String password, Clock clock,
                     Duration defaultLifetime, Duration margin) {
        this.user = user;
        this.password = password;
        this.clock = clock;
        this.defaultLifetime = defaultLifetime;
        this.tokens = new TokenCache(() -> http.call(UpstreamRequest.post(tokenPath, loginBody(), "the login"),
                this::token), clock, margin);
    }

    /** The kept token (one login at a time, renewed within the margin before expiry or when DVCLT refuses it). */
    public TokenCache tokens() {
        return tokens;
    }

    /** True when there is no token or it expires within the margin. */
    public boolean needsLogin() {
        return tokens.needsLogin();
    }

    String loginBody() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("userName", user);
        body.put("password", password);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the GetToken answer (401/403 never get here: the shared status rule); throws unless it carries a token. */
    TokenCache.Token token(UpstreamResponse answer) {
        int code = answer.status();
        if (!answer.ok()) {
            throw new UpstreamUnavailableException("DVCLT login answered HTTP " + code);
        }
        JsonNode n;
        try {
            n = json.readTree(answer.body() == null ? "" : answer.body());
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
        return new TokenCache.Token(value, expires);
    }

    /** How many times the gateway logged in (tests and operations: a token is reused, not fetched per call). */
    public int logins() {
        return tokens.logins();
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
