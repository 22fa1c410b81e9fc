package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.support.MutableClock;

/** The shared DVCQG token: one login, reused until it expires (by the clock), renewed when refused. */
class DvcqgTokensTest {

    final MutableClock clock = MutableClock.frozenAt("2026-07-13T01:00:00Z");
    final AtomicInteger logins = new AtomicInteger();

    DvcqgTokens tokens(String answerTemplate) {
        return new DvcqgTokens(TestCatalogues.settings("http://ss"), body -> {
            int n = logins.incrementAndGet();
            return new DvcqgTokens.LoginAnswer(200, answerTemplate.replace("#", String.valueOf(n)));
        }, clock);
    }

    @Test
    void nCallsMakeOneLogin() {
        DvcqgTokens t = tokens("{\"session\":\"tok-#\"}");
        for (int i = 0; i < 50; i++) {
            assertThat(t.token()).isEqualTo("tok-1");
        }
        assertThat(logins.get()).isEqualTo(1);
        assertThat(t.logins()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRenewedByTheClock() {
        DvcqgTokens t = tokens("{\"session\":\"tok-#\"}"); // no expiry in the answer: the configured 30 minutes
        assertThat(t.token()).isEqualTo("tok-1");
        clock.advance(Duration.ofMinutes(29));
        assertThat(t.token()).as("still valid a minute before expiry").isEqualTo("tok-1");
        clock.advance(Duration.ofSeconds(40));
        assertThat(t.token()).as("renewed 30 s before it expires").isEqualTo("tok-2");
        clock.advance(Duration.ofMinutes(20));
        assertThat(t.token()).isEqualTo("tok-2");
        assertThat(logins.get()).isEqualTo(2);
    }

    @Test
    void theLoginAnswersExpiryWins() {
        DvcqgTokens t = tokens("{\"session\":\"tok-#\",\"expires_in\":7200}");
        t.token();
        clock.advance(Duration.ofMinutes(100));
        assertThat(t.token()).isEqualTo("tok-1");
        clock.advance(Duration.ofMinutes(20));
        assertThat(t.token()).isEqualTo("tok-2");
    }

    @Test
    void aRefusedTokenIsDroppedOnceWhateverTheNumberOfCallersThatSawIt() {
        DvcqgTokens t = tokens("{\"session\":\"tok-#\"}");
        String first = t.token();
        t.invalidate(first);
        assertThat(t.token()).isEqualTo("tok-2");
        t.invalidate(first); // a late caller reporting the old token does not throw the new one away
        assertThat(t.token()).isEqualTo("tok-2");
        assertThat(logins.get()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneLogin() throws Exception {
        DvcqgTokens t = new DvcqgTokens(TestCatalogues.settings("http://ss"), body -> {
            logins.incrementAndGet();
            try {
                Thread.sleep(100); // a slow login: everyone else arrives meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new DvcqgTokens.LoginAnswer(200, "{\"session\":\"shared\"}");
        }, clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(t::token);
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> f : pool.invokeAll(calls)) {
                seen.add(f.get());
            }
            assertThat(seen).containsExactly("shared");
        } finally {
            pool.shutdownNow();
        }
        assertThat(logins.get()).isEqualTo(1);
    }

    @Test
    void refusedCredentialsAndOutagesAreClearAndNeverShowSecrets() {
        DvcqgTokens refused = new DvcqgTokens(TestCatalogues.settings("http://ss"),
                body -> new DvcqgTokens.LoginAnswer(401, "{\"error_code\":\"1\",\"message\":\"Sai mật khẩu\"}"), clock);
        assertThatThrownBy(refused::token).isInstanceOf(DvcqgException.class)
                .hasMessageContaining("DVCQG_USER").hasMessageContaining("Sai mật khẩu").hasMessageNotContaining("\"p\"");
        DvcqgTokens down = new DvcqgTokens(TestCatalogues.settings("http://ss"),
                body -> new DvcqgTokens.LoginAnswer(502, ""), clock);
        assertThatThrownBy(down::token).isInstanceOf(UpstreamUnavailableException.class);
        DvcqgTokens noSession = new DvcqgTokens(TestCatalogues.settings("http://ss"),
                body -> new DvcqgTokens.LoginAnswer(200, "{\"error_code\":\"0\"}"), clock);
        assertThatThrownBy(noSession::token).isInstanceOf(DvcqgException.class);
        // after a failure the next call tries again instead of keeping a broken state
        assertThatThrownBy(noSession::token).isInstanceOf(DvcqgException.class);
    }

    @Test
    void theLoginBodyCarriesTheConfiguredAccount() {
        List<String> bodies = new ArrayList<>();
        new DvcqgTokens(TestCatalogues.settings("http://ss"), body -> {
            bodies.add(body);
            return new DvcqgTokens.LoginAnswer(200, "{\"session\":\"s\"}");
        }, clock).token();
        assertThat(bodies).containsExactly("{\"username\":\"u\",\"password\":\"p\"}");
    }
}
