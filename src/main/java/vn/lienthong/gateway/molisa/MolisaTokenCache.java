package vn.lienthong.gateway.molisa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MOLISA session token shared by every caller: fetched once, reused until the configured TTL runs out or a
 * caller reports it refused. Concurrent callers wait for the single in-flight GetToken instead of each calling it.
 * The token never appears in {@code toString()}.
 */
public final class MolisaTokenCache {

    /** Performs GetToken; throws (e.g. UpstreamUnavailableException) when it cannot. */
    @FunctionalInterface
    public interface TokenSource {
        String fetchToken();
    }

    private record Entry(String token, Instant expiresAt) {
    }

    private final TokenSource source;
    private final Clock clock;
    private final Duration ttl;
    private final Object lock = new Object();
    private final AtomicLong fetches = new AtomicLong();
    private volatile Entry current;

    public MolisaTokenCache(TokenSource source, Clock clock, Duration ttl) {
        this.source = Objects.requireNonNull(source);
        this.clock = Objects.requireNonNull(clock);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token TTL must be positive");
        }
        this.ttl = ttl;
    }

    /** A valid token, calling GetToken only when none is cached or it has expired. */
    public String token() {
        Entry e = current;
        if (valid(e)) {
            return e.token();
        }
        synchronized (lock) {
            e = current;
            if (valid(e)) {
                return e.token(); // another caller refreshed while we waited
            }
            Instant fetchedAt = clock.instant();
            String token = source.fetchToken();
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("GetToken returned no token");
            }
            fetches.incrementAndGet();
            current = new Entry(token, fetchedAt.plus(ttl));
            return token;
        }
    }

    /**
     * Reports that {@code staleToken} was refused. Only drops the cache when it still holds that token, so of many
     * callers refused with the same token only the first causes a refresh.
     */
    public void invalidate(String staleToken) {
        synchronized (lock) {
            Entry e = current;
            if (e != null && e.token().equals(staleToken)) {
                current = null;
            }
        }
    }

    /** Number of successful GetToken calls so far, the first one included (a metric). */
    public long refreshCount() {
        return fetches.get();
    }

    private boolean valid(Entry e) {
        return e != null && clock.instant().isBefore(e.expiresAt());
    }

    @Override
    public String toString() {
        Entry e = current;
        return "MolisaTokenCache[cached=" + (e != null) + (e == null ? "" : ", expiresAt=" + e.expiresAt())
                + ", refreshes=" + fetches.get() + "]";
    }
}
