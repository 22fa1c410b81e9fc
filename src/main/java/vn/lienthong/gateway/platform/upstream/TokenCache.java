package vn.lienthong.gateway.platform.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream session token shared by every caller: fetched by one login at a time (concurrent callers wait for
 * it instead of each logging in), reused until {@code early} before it expires, dropped when the upstream refuses
 * it. The token never appears in {@code toString()} nor in an exception message.
 */
public final class TokenCache {

    /** A token and when it expires. */
    public record Token(String value, Instant expiresAt) {
        public Token {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a token must not be blank");
            }
            Objects.requireNonNull(expiresAt);
        }

        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    /** Performs the login; throws (e.g. UpstreamUnavailableException) when it cannot. */
    @FunctionalInterface
    public interface Login {
        Token login();
    }

    private final Login login;
    private final Clock clock;
    private final Duration early;
    private final Object lock = new Object();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Token current;

    public TokenCache(Login login, Clock clock, Duration early) {
        this.login = Objects.requireNonNull(login);
        this.clock = Objects.requireNonNull(clock);
        this.early = early == null ? Duration.ZERO : early;
    }

    /** A valid token: the cached one, or a new one from a single login shared by every waiting caller. */
    public String token() {
        Token t = current;
        if (valid(t)) {
            return t.value();
        }
        synchronized (lock) {
            t = current;
            if (valid(t)) {
                return t.value(); // another caller logged in while this one waited
            }
            current = null;
            attempts.incrementAndGet();
            Token fresh = Objects.requireNonNull(login.login(), "the login returned no token");
            logins.incrementAndGet();
            current = fresh;
            return fresh.value();
        }
    }

    /** True when the next {@link #token()} logs in (no token, or it expires within the margin). */
    public boolean needsLogin() {
        return !valid(current);
    }

    /**
     * The upstream refused {@code used}: forget it, so the next {@link #token()} logs in again. A token already
     * replaced by another caller's login is left alone (one login, however many callers saw the refusal).
     */
    public void invalidate(String used) {
        synchronized (lock) {
            Token t = current;
            if (t != null && (used == null || t.value().equals(used))) {
                current = null;
            }
        }
    }

    /** Successful logins so far (a metric: a token is reused, not fetched per call). */
    public int logins() {
        return logins.get();
    }

    /** Logins attempted so far, failed ones included. */
    public int attempts() {
        return attempts.get();
    }

    /** When the cached token expires; null when there is none. */
    public Instant expiresAt() {
        Token t = current;
        return t == null ? null : t.expiresAt();
    }

    private boolean valid(Token t) {
        return t != null && clock.instant().isBefore(t.expiresAt().minus(early));
    }

    @Override
    public String toString() {
        Token t = current;
        return "TokenCache[cached=" + (t != null) + (t == null ? "" : ", expiresAt=" + t.expiresAt())
                + ", logins=" + logins.get() + "]";
    }
}
