package vn.lienthong.gateway.platform.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.support.MutableClock;

class TokenCacheTest {

    final MutableClock clock = new MutableClock();
    final AtomicInteger calls = new AtomicInteger();

    TokenCache cache(Duration lifetime, Duration early) {
        return new TokenCache(() -> new TokenCache.Token("t" + calls.incrementAndGet(), clock.instant().plus(lifetime)),
                clock, early);
    }

    @Test
    void reusedUntilTheMarginBeforeExpiryThenRenewed() {
        TokenCache c = cache(Duration.ofSeconds(600), Duration.ofSeconds(60));
        assertThat(c.needsLogin()).isTrue();
        assertThat(c.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(539));
        assertThat(c.needsLogin()).isFalse();
        assertThat(c.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(1)); // 60 s before expiry
        assertThat(c.needsLogin()).isTrue();
        assertThat(c.token()).isEqualTo("t2");
        assertThat(c.logins()).isEqualTo(2);
    }

    @Test
    void onlyTheRefusedTokenIsDropped() {
        TokenCache c = cache(Duration.ofSeconds(600), Duration.ZERO);
        String first = c.token();
        c.invalidate(first);
        String second = c.token();
        assertThat(second).isEqualTo("t2");
        c.invalidate(first); // a late report about the old token: the new one stays
        assertThat(c.token()).isEqualTo("t2");
        assertThat(c.logins()).isEqualTo(2);
        assertThat(c.toString()).doesNotContain("t2");
    }

    @Test
    void concurrentCallersShareOneLogin() throws Exception {
        CountDownLatch inLogin = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache c = new TokenCache(() -> {
            calls.incrementAndGet();
            inLogin.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TokenCache.Token("shared", clock.instant().plusSeconds(600));
        }, clock, Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(c::token));
            }
            assertThat(inLogin.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            release.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls.get()).isEqualTo(1);
        assertThat(c.logins()).isEqualTo(1);
    }

    /** THREADS callers at once, each running {@code beforeEach} first; the tokens they got. */
    private java.util.Set<String> concurrently(TokenCache c, Runnable beforeEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    beforeEach.run();
                    return c.token();
                }));
            }
            start.countDown();
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (Future<String> f : results) {
                seen.add(f.get(10, TimeUnit.SECONDS));
            }
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A slow login, so that concurrent callers really overlap it (MOLISA's GetToken, a TTL from the asking). */
    TokenCache slowCache(Duration ttl) {
        return new TokenCache(() -> {
            java.time.Instant asked = clock.instant();
            int n = calls.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TokenCache.Token("token-" + n, asked.plus(ttl));
        }, clock, Duration.ZERO);
    }

    @Test
    void expiryUnderConcurrencyCausesExactlyOneLogin() throws Exception {
        TokenCache c = slowCache(Duration.ofMinutes(30));
        assertThat(c.token()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(29));
        assertThat(c.token()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(1)); // exactly at expiry: no longer valid
        assertThat(concurrently(c, () -> { })).containsExactly("token-2");
        assertThat(calls).hasValue(2);
        assertThat(c.logins()).isEqualTo(2);
    }

    @Test
    void manyCallersRefusedWithTheSameTokenCauseOneLogin() throws Exception {
        TokenCache c = slowCache(Duration.ofMinutes(30));
        String stale = c.token();
        // every caller was refused with the same token and reports it before asking again
        assertThat(concurrently(c, () -> c.invalidate(stale))).containsExactly("token-2");
        assertThat(calls).hasValue(2);
        c.invalidate("some-other-token");
        assertThat(c.token()).isEqualTo("token-2");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aFailedLoginCachesNothingAndIsCountedAsAnAttempt() {
        AtomicInteger tries = new AtomicInteger();
        TokenCache c = new TokenCache(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new UpstreamUnavailableException("login answered HTTP 503");
            }
            return new TokenCache.Token("s3cr3t-token", clock.instant().plusSeconds(60));
        }, clock, Duration.ZERO);
        assertThatThrownBy(c::token).hasMessageContaining("503");
        assertThat(c.needsLogin()).isTrue();
        assertThat(c.token()).isEqualTo("s3cr3t-token");
        assertThat(c.toString()).doesNotContain("s3cr3t");
        assertThat(c.attempts()).isEqualTo(2);
        assertThat(c.logins()).isEqualTo(1);
    }
}
