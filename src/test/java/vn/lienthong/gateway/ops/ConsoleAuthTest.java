package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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

    static final String HOME = "10.0.0.7";
    static final String ATTACKER = "203.0.113.9";
    final MutableClock clock = new MutableClock();
    final String aliceHash = PasswordHash.hash("correct horse".toCharArray(), 1000);

    @Test
    void outsideTheSandboxThereIsNoDefaultUserAndNoAnonymousAccess() {
        ConsoleAuth auth = ConsoleAuth.fromConfig(null, null, false, Duration.ofMinutes(60), clock);
        assertThat(auth.sandboxUsers()).isFalse();
        assertThatThrownBy(() -> auth.login("operator", "operator", HOME)).isInstanceOf(ConsoleAuth.LoginRefused.class);
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Bearer ")).isEmpty();
        assertThat(auth.authenticate("Basic b3BlcmF0b3I6b3BlcmF0b3I=")).isEmpty();
    }

    @Test
    void sandboxDefaultsExistOnlyWhenNoUsersAreConfigured() throws Exception {
        ConsoleAuth sandbox = ConsoleAuth.fromConfig(null, null, true, Duration.ofMinutes(60), clock);
        assertThat(sandbox.sandboxUsers()).isTrue();
        assertThat(sandbox.login("operator", "operator", HOME).principal().role()).isEqualTo(Role.OPERATOR);
        assertThat(sandbox.login("viewer", "viewer", HOME).principal().role()).isEqualTo(Role.VIEWER);

        ConsoleAuth configured = ConsoleAuth.fromConfig("alice:operator:" + aliceHash, null, true, Duration.ofMinutes(60), clock);
        assertThat(configured.sandboxUsers()).isFalse();
        assertThatThrownBy(() -> configured.login("operator", "operator", HOME)).isInstanceOf(ConsoleAuth.LoginRefused.class);
        assertThat(configured.login("alice", "correct horse", HOME).principal().name()).isEqualTo("alice");
    }

    @Test
    void sessionsExpireAndLogoutEndsThem() throws Exception {
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:viewer:" + aliceHash, null, false, Duration.ofMinutes(30), clock);
        ConsoleAuth.Login login = auth.login("alice", "correct horse", HOME);
        assertThat(login.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(auth.authenticate("Bearer " + login.token())).map(ConsoleAuth.Principal::role).contains(Role.VIEWER);
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(auth.authenticate("Bearer " + login.token())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(auth.authenticate("Bearer " + login.token())).isEmpty();

        ConsoleAuth.Login again = auth.login("alice", "correct horse", HOME);
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

    static int status(ThrowingCall call) {
        try {
            call.run();
            return 200;
        } catch (ConsoleAuth.LoginRefused e) {
            return e.status();
        }
    }

    interface ThrowingCall {
        void run() throws ConsoleAuth.LoginRefused;
    }

    @Test
    void repeatedFailuresRefuseTheAddressNotTheUser() throws Exception {
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:operator:" + aliceHash, null, false, Duration.ofMinutes(60), clock);
        for (int i = 0; i < ConsoleAuth.MAX_FAILURES; i++) {
            assertThat(status(() -> auth.login("alice", "guess", ATTACKER))).isEqualTo(401);
        }
        // the guessing address is refused, even with the right password and for every name
        assertThat(status(() -> auth.login("alice", "correct horse", ATTACKER))).isEqualTo(429);
        assertThat(status(() -> auth.login("bob", "x", ATTACKER))).isEqualTo(429);
        // alice, from her own address, is not locked out by someone else's guessing
        assertThat(auth.login("alice", "correct horse", HOME).principal().name()).isEqualTo("alice");
        clock.now = clock.now.plus(ConsoleAuth.LOCK_TIME).plusSeconds(1);
        assertThat(auth.login("alice", "correct horse", ATTACKER)).isNotNull();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotAddUp() {
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:operator:" + aliceHash, null, false, Duration.ofMinutes(60), clock);
        for (int i = 0; i < ConsoleAuth.MAX_FAILURES - 1; i++) {
            assertThat(status(() -> auth.login("alice", "typo", HOME))).isEqualTo(401);
        }
        clock.now = clock.now.plus(ConsoleAuth.LOCK_TIME);
        assertThat(status(() -> auth.login("alice", "typo", HOME))).isEqualTo(401);
        assertThat(status(() -> auth.login("alice", "correct horse", HOME))).isEqualTo(200);
    }

    @Test
    void theFailureMemoryIsBounded() {
        ConsoleAuth auth = ConsoleAuth.fromConfig(null, null, true, Duration.ofMinutes(60), clock);
        for (int i = 0; i < ConsoleAuth.MAX_TRACKED_CLIENTS + 500; i++) {
            String from = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            assertThat(status(() -> auth.login("nobody-" + from, "x", from))).isEqualTo(401);
        }
        assertThat(auth.trackedClients()).isEqualTo(ConsoleAuth.MAX_TRACKED_CLIENTS);
    }

    static long nanos(ThrowingCall call) {
        long start = System.nanoTime();
        status(call);
        return System.nanoTime() - start;
    }

    static long median(long[] t) {
        long[] sorted = t.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void unknownAndKnownNamesCostTheSameWork() {
        // alice's hash is cheap (1,000 iterations), bob's as expensive as a production one
        String bobHash = PasswordHash.hash("bob's password".toCharArray(), 100_000);
        ConsoleAuth auth = ConsoleAuth.fromConfig("alice:operator:" + aliceHash + ",bob:viewer:" + bobHash, null, false,
                Duration.ofMinutes(60), clock);
        int rounds = 11;
        long[] bob = new long[rounds];
        long[] alice = new long[rounds];
        long[] nobody = new long[rounds];
        List<ThrowingCall> calls = List.of(() -> auth.login("bob", "wrong", "192.0.2.2"),
                () -> auth.login("alice", "wrong", "192.0.2.3"), () -> auth.login("nobody", "wrong", "192.0.2.4"));
        long[][] times = {bob, alice, nobody};
        for (int i = -3; i < rounds; i++) { // three rounds of warm-up; interleaved, order rotated, so load hits all alike
            for (int k = 0; k < 3; k++) {
                int which = Math.floorMod(i + k, 3);
                long t = nanos(calls.get(which));
                if (i >= 0) {
                    times[which][i] = t;
                }
            }
        }
        assertThat((double) median(nobody) / median(bob)).as("unknown %d ns vs known %d ns", median(nobody), median(bob))
                .isBetween(0.5, 2.0);
        assertThat((double) median(alice) / median(bob)).as("cheap hash %d ns vs expensive %d ns", median(alice), median(bob))
                .isBetween(0.5, 2.0);
    }

    @Test
    void clientAddressesComeFromThePeerAndFromForwardedForOnlyBehindATrustedProxy() {
        ClientAddress direct = ClientAddress.fromConfig(null);
        assertThat(direct.key("198.51.100.7:53211", null)).isEqualTo("198.51.100.7");
        // anyone can write X-Forwarded-For: without trusted proxies it changes nothing
        assertThat(direct.key("198.51.100.7:53211", "10.1.1.1")).isEqualTo("198.51.100.7");
        assertThat(direct.key(null, "10.1.1.1")).isEqualTo(ClientAddress.UNKNOWN);
        // IPv6 (Vert.x writes it without brackets): one /64 is one client
        assertThat(direct.key("2001:db8:1:2:aaaa:0:0:1:40000", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.key("2001:db8:1:2:ffff:0:0:9:40001", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.key("[2001:db8:1:3::1]:40001", null)).isEqualTo("2001:db8:1:3::/64");

        ClientAddress proxied = ClientAddress.fromConfig("10.0.0.2, 10.0.0.3");
        assertThat(proxied.key("10.0.0.2:4000", "198.51.100.7")).isEqualTo("198.51.100.7");
        // the client may prepend anything; the last address our proxies did not add is the one that counts
        assertThat(proxied.key("10.0.0.2:4000", "1.1.1.1, 198.51.100.7, 10.0.0.3")).isEqualTo("198.51.100.7");
        assertThat(proxied.key("10.0.0.2:4000", "evil.example")).isEqualTo("10.0.0.2");
        assertThat(proxied.key("198.51.100.8:4000", "1.1.1.1")).isEqualTo("198.51.100.8");
        assertThatThrownBy(() -> ClientAddress.fromConfig("10.0.0.2,proxy.local"))
                .hasMessageContaining("CONSOLE_TRUSTED_PROXIES entry 2");
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
