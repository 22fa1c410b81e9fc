package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Console users, tokens, sessions and their expiry, without a gateway. */
class ConsoleAuthTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-07-15T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final String aliceHash = PasswordHash.hash("correct horse".toCharArray(), 1000);

    @Test
    void outsideTheSandboxThereIsNoDefaultUserAndNoAnonymousAccess() {
        ConsoleAuth auth = ConsoleAuth.fromConfig(null, null, false, Duration.ofMinutes(60), clock);
        assertThat(auth.sandboxUsers()).isFalse();
        assertThatThrownBy(() -> auth.login("operator", "operator")).isInstanceOf(ConsoleAuth.LoginRefused.class);
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Bearer ")).isEmpty();
        assertThat(auth.authenticate("Basic b3BlcmF0b3I6b3BlcmF0b3I=")).isEmpty();
    }

    @Test
    void sandboxDefaultsExistOnlyWhenNoUsersAreConfigured() throws Exception {
        ConsoleAuth sandbox = ConsoleAuth.fromConfig(null, null, true, Duration.ofMinutes(60), clock);
        assertThat(sandbox.sandboxUsers()).isTrue();
        assertThat(sandbox.login("operator", "operator").principal().role()).isEqualTo(Role.OPERATOR);
        assertThat(sandbox.login("viewer", "viewer").principal().role()).isEqualTo(Role.VIEWER);

        ConsoleAuth configured = ConsoleAuth.fromConfig("alice:operator:" + aliceHash, null, true, Duration.ofMinutes(60), clock);
        assertThat(configured.sandboxUsers()).isFalse();
        assertThatThrownBy(() -> configured.login("operator", "operator")).isInstanceOf(ConsoleAuth.LoginRefused.class);
        assertThat(configured.login("alice", "correct horse").principal().name()).isEqualTo("alice");
    }

    @Test
    void sessionsExpireAndLogoutEndsThem() throws Exception {
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:viewer:" + aliceHash, null, false, Duration.ofMinutes(30), clock);
        ConsoleAuth.Login login = auth.login("alice", "correct horse");
        assertThat(login.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(auth.authenticate("Bearer " + login.token())).map(ConsoleAuth.Principal::role).contains(Role.VIEWER);
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(auth.authenticate("Bearer " + login.token())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(auth.authenticate("Bearer " + login.token())).isEmpty();

        ConsoleAuth.Login again = auth.login("alice", "correct horse");
        auth.logout("Bearer " + again.token());
        assertThat(auth.authenticate("Bearer " + again.token())).isEmpty();
    }

    @Test
    void staticTokensAreKeptAsTheirSha256() {
        String token = PasswordHash.randomToken();
        ConsoleAuth auth = ConsoleAuth.fromConfig(null, "ci:operator:" + PasswordHash.sha256Hex(token), false,
                Duration.ofMinutes(60), clock);
        assertThat(auth.authenticate("Bearer " + token)).map(ConsoleAuth.Principal::name).contains("ci");
        assertThat(auth.authenticate("Bearer " + PasswordHash.sha256Hex(token))).isEmpty();
    }

    @Test
    void repeatedWrongPasswordsLockTheUserForAWhile() throws Exception {
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:operator:" + aliceHash, null, false, Duration.ofMinutes(60), clock);
        for (int i = 0; i < ConsoleAuth.MAX_FAILURES; i++) {
            assertThatThrownBy(() -> auth.login("alice", "guess")).extracting(e -> ((ConsoleAuth.LoginRefused) e).status())
                    .isEqualTo(401);
        }
        assertThatThrownBy(() -> auth.login("alice", "correct horse"))
                .extracting(e -> ((ConsoleAuth.LoginRefused) e).status()).isEqualTo(429);
        clock.now = clock.now.plus(ConsoleAuth.LOCK_TIME).plusSeconds(1);
        assertThat(auth.login("alice", "correct horse")).isNotNull();
    }

    @Test
    void badConfigurationNamesTheVariableAndTheEntry() {
        assertThatThrownBy(() -> ConsoleAuth.fromConfig("alice:operator", null, false, Duration.ofMinutes(1), clock))
                .hasMessageContaining("CONSOLE_USERS entry 1");
        assertThatThrownBy(() -> ConsoleAuth.fromConfig("alice:operator:" + aliceHash + ",bob:admin:" + aliceHash, null,
                false, Duration.ofMinutes(1), clock)).hasMessageContaining("CONSOLE_USERS entry 2 (bob)").hasMessageContaining("viewer or operator");
        assertThatThrownBy(() -> ConsoleAuth.fromConfig("alice:operator:plaintext", null, false, Duration.ofMinutes(1), clock))
                .hasMessageContaining("pbkdf2.<iterations>").hasMessageNotContaining("plaintext");
        assertThatThrownBy(() -> ConsoleAuth.fromConfig(null, "ci:viewer:abc", false, Duration.ofMinutes(1), clock))
                .hasMessageContaining("CONSOLE_TOKENS entry 1");
        assertThatThrownBy(() -> ConsoleAuth.fromConfig(null, null, false, Duration.ZERO, clock))
                .hasMessageContaining("CONSOLE_SESSION_MINUTES");
    }

    @Test
    void passwordHashesVerifyOnlyTheirPassword() {
        String h = PasswordHash.hash("s3cret-pass".toCharArray(), 2000);
        assertThat(h).matches("pbkdf2\\.2000\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(PasswordHash.verify("s3cret-pass".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("s3cret-pasS".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.hash("s3cret-pass".toCharArray(), 2000)).isNotEqualTo(h); // salted
    }
}
