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

    @Test
    void aFailedLoginCachesNothingAndIsCountedAsAnAttempt() {
        AtomicInteger tries = new AtomicInteger();
        TokenCache c = new TokenCache(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new UpstreamUnavailableException("login answered HTTP 503");
            }
            return new TokenCache.Token("ok", clock.instant().plusSeconds(60));
        }, clock, Duration.ZERO);
        assertThatThrownBy(c::token).hasMessageContaining("503");
        assertThat(c.needsLogin()).isTrue();
        assertThat(c.token()).isEqualTo("ok");
        assertThat(c.attempts()).isEqualTo(2);
        assertThat(c.logins()).isEqualTo(1);
    }
}
