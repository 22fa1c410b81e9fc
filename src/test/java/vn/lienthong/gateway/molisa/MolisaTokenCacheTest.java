package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.platform.UpstreamUnavailableException;

class MolisaTokenCacheTest {

    private static final int THREADS = 32;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final vn.lienthong.gateway.support.MutableClock clock = vn.lienthong.gateway.support.MutableClock.frozenAt("2026-01-05T01:00:00Z");
    private final AtomicInteger getTokenCalls = new AtomicInteger();

    /** A slow GetToken, so concurrent callers really overlap it. */
    private String slowGetToken() {
        int n = getTokenCalls.incrementAndGet();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "token-" + n;
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Set<String> callConcurrently(MolisaTokenCache cache, Runnable beforeEach) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                beforeEach.run();
                return cache.token();
            }));
        }
        start.countDown();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Future<String> f : futures) {
            seen.add(f.get(10, TimeUnit.SECONDS));
        }
        return seen;
    }

    @Test
    void concurrentCallersShareOneGetToken() throws Exception {
        MolisaTokenCache cache = new MolisaTokenCache(this::slowGetToken, clock, Duration.ofMinutes(30));
        Set<String> tokens = callConcurrently(cache, () -> { });
        assertThat(getTokenCalls).hasValue(1);
        assertThat(tokens).containsExactly("token-1");
        assertThat(cache.refreshCount()).isEqualTo(1);
    }

    @Test
    void expiryCausesExactlyOneRefreshEvenUnderConcurrency() throws Exception {
        MolisaTokenCache cache = new MolisaTokenCache(this::slowGetToken, clock, Duration.ofMinutes(30));
        assertThat(cache.token()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(29));
        assertThat(cache.token()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(1)); // exactly at expiry: no longer valid
        assertThat(callConcurrently(cache, () -> { })).containsExactly("token-2");
        assertThat(getTokenCalls).hasValue(2);
        assertThat(cache.refreshCount()).isEqualTo(2);
    }

    @Test
    void onlyTheFirstInvalidationOfAStaleTokenRefreshes() throws Exception {
        MolisaTokenCache cache = new MolisaTokenCache(this::slowGetToken, clock, Duration.ofMinutes(30));
        String stale = cache.token();
        // Every thread was refused with the same stale token and reports it before asking again.
        Set<String> tokens = callConcurrently(cache, () -> cache.invalidate(stale));
        assertThat(tokens).containsExactly("token-2");
        assertThat(getTokenCalls).hasValue(2);
        cache.invalidate("some-other-token");
        assertThat(cache.token()).isEqualTo("token-2");
        assertThat(getTokenCalls).hasValue(2);
    }

    @Test
    void aFailedGetTokenIsNotCachedAndTheTokenIsNeverPrinted() {
        AtomicInteger attempts = new AtomicInteger();
        MolisaTokenCache cache = new MolisaTokenCache(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new UpstreamUnavailableException("down");
            }
            return "s3cr3t-token";
        }, clock, Duration.ofMinutes(5));
        assertThatThrownBy(cache::token).isInstanceOf(UpstreamUnavailableException.class);
        assertThat(cache.token()).isEqualTo("s3cr3t-token");
        assertThat(cache.toString()).doesNotContain("s3cr3t");
        assertThat(cache.refreshCount()).isEqualTo(1);
    }
}
