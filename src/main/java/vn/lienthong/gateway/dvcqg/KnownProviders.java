package vn.lienthong.gateway.dvcqg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which {@code providerurl} DVCQG's papers answers gave for which {@code dstcode} lately: the file download
 * follows only such pairs, so the gateway cannot be used to reach other servers behind a catalogue member's
 * security server. Bounded (oldest pairs dropped first) and each pair forgotten after {@code ttl}; in memory only,
 * so after a restart a caller looks the papers up again before downloading.
 */
public final class KnownProviders {

    public static final int DEFAULT_MAX_PAIRS = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Instant> seen;

    public KnownProviders(Clock clock, int maxPairs, Duration ttl) {
        if (maxPairs < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("KnownProviders needs maxPairs >= 1 and a positive ttl");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.seen = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > maxPairs;
            }
        };
    }

    public KnownProviders(Clock clock) {
        this(clock, DEFAULT_MAX_PAIRS, DEFAULT_TTL);
    }

    /** Remembers (or refreshes) a pair a papers answer gave. */
    public synchronized void remember(String dstcode, String providerUrl) {
        seen.put(key(dstcode, providerUrl), clock.instant().plus(ttl));
    }

    /** True when a papers answer gave this pair less than {@code ttl} ago. */
    public synchronized boolean knows(String dstcode, String providerUrl) {
        String k = key(dstcode, providerUrl);
        Instant until = seen.get(k);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            seen.remove(k);
            return false;
        }
        return true;
    }

    public Duration ttl() {
        return ttl;
    }

    public synchronized int size() {
        return seen.size();
    }

    private static String key(String dstcode, String providerUrl) {
        return dstcode + "\n" + stripSlash(providerUrl);
    }

    private static String stripSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
