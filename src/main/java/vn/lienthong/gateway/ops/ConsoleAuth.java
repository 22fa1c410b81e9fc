package vn.lienthong.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console. Users (CONSOLE_USERS {@code name:role:pbkdf2-hash,...}) log in for a session token that
 * expires; API clients send a static token (CONSOLE_TOKENS {@code name:role:sha256-hex,...}). Only hashes are
 * kept: session tokens are held by their SHA-256, so a memory dump does not hand out sessions either.
 *
 * <p>Every login attempt costs the same hashing work whatever the name (an unknown or cheaper-hashed name is padded
 * to the most expensive configured hash), so timing does not tell which names exist. Failed logins are counted per
 * client address ({@link ClientAddress}), not per user: an address that fails {@link #MAX_FAILURES} times is refused
 * for {@link #LOCK_TIME}, and nobody can lock an operator out from elsewhere. At most {@link #MAX_TRACKED_CLIENTS}
 * addresses are tracked (the least recently seen is forgotten first).
 */
public final class ConsoleAuth {

    public record Principal(String name, Role role) {
    }

    /** A successful login: the token goes to the browser once. */
    public record Login(String token, Principal principal, Instant expiresAt) {
    }

    /** A refused login: 401 for wrong credentials, 429 while the client address is refused after repeated failures. */
    public static final class LoginRefused extends Exception {
        private final int status;

        LoginRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Failed logins an address may have within {@link #LOCK_TIME} before it is refused for {@link #LOCK_TIME}. */
    static final int MAX_FAILURES = 10;
    static final Duration LOCK_TIME = Duration.ofMinutes(5);
    static final int MAX_TRACKED_CLIENTS = 10_000;
    /** Iterations of the sandbox's default users: known passwords, so a slow hash protects nothing. */
    private static final int SANDBOX_ITERATIONS = 1000;

    private record User(Principal principal, String hash) {
    }

    private record Session(Principal principal, Instant expiresAt) {
    }

    /** Failures of one client since {@code since}; {@code lockedUntil} set once it reached the limit. */
    private record Failures(int count, Instant since, Instant lockedUntil) {
    }

    private final Map<String, User> users;
    private final Map<String, Principal> tokens;
    private final Duration sessionTime;
    private final Clock clock;
    private final boolean sandboxUsers;
    /** PBKDF2 iterations every login costs: the most expensive configured hash. */
    private final int loginWork;
    private final String dummyHash;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_TRACKED_CLIENTS;
        }
    };

    private ConsoleAuth(Map<String, User> users, Map<String, Principal> tokens, Duration sessionTime, Clock clock,
                        boolean sandboxUsers) {
        this.users = users;
        this.tokens = tokens;
        this.sessionTime = sessionTime;
        this.clock = clock;
        this.sandboxUsers = sandboxUsers;
        this.loginWork = users.isEmpty() ? PasswordHash.DEFAULT_ITERATIONS
                : users.values().stream().mapToInt(u -> PasswordHash.iterations(u.hash())).max().orElseThrow();
        this.dummyHash = PasswordHash.hash(PasswordHash.randomToken().toCharArray(), loginWork);
    }

    /**
     * Reads the users and tokens. In the sandbox, when CONSOLE_USERS is not set, the users operator/operator and
     * viewer/viewer exist. Throws IllegalArgumentException naming the variable and the entry that is wrong.
     */
    public static ConsoleAuth fromConfig(String usersSpec, String tokensSpec, boolean sandbox, Duration sessionTime,
                                         Clock clock) {
        Map<String, User> users = new LinkedHashMap<>();
        boolean defaults = false;
        if (usersSpec != null && !usersSpec.isBlank()) {
            int i = 0;
            for (String entry : usersSpec.split(",")) {
                i++;
                String[] f = entry.trim().split(":", 3);
                if (f.length != 3 || f[0].isBlank()) {
                    throw new IllegalArgumentException("CONSOLE_USERS entry " + i + " must be name:role:hash");
                }
                try {
                    Role role = Role.parse(f[1]);
                    PasswordHash.checkFormat(f[2].trim());
                    users.put(f[0].trim(), new User(new Principal(f[0].trim(), role), f[2].trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CONSOLE_USERS entry " + i + " (" + f[0].trim() + "): " + e.getMessage());
                }
            }
        } else if (sandbox) {
            defaults = true;
            for (Role role : Role.values()) {
                users.put(role.label(), new User(new Principal(role.label(), role),
                        PasswordHash.hash(role.label().toCharArray(), SANDBOX_ITERATIONS)));
            }
        }
        Map<String, Principal> tokens = new LinkedHashMap<>();
        if (tokensSpec != null && !tokensSpec.isBlank()) {
            int i = 0;
            for (String entry : tokensSpec.split(",")) {
                i++;
                String[] f = entry.trim().split(":", 3);
                if (f.length != 3 || f[0].isBlank() || !f[2].trim().matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("CONSOLE_TOKENS entry " + i + " must be name:role:<sha256 of the token, 64 hex>");
                }
                try {
                    tokens.put(f[2].trim().toLowerCase(), new Principal(f[0].trim(), Role.parse(f[1])));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CONSOLE_TOKENS entry " + i + " (" + f[0].trim() + "): " + e.getMessage());
                }
            }
        }
        if (sessionTime.isNegative() || sessionTime.isZero()) {
            throw new IllegalArgumentException("CONSOLE_SESSION_MINUTES must be positive");
        }
        return new ConsoleAuth(users, tokens, sessionTime, clock, defaults);
    }

    /** True when the sandbox's default users are in use (printed at start as sandbox-only). */
    public boolean sandboxUsers() {
        return sandboxUsers;
    }

    public boolean isUser(String name) {
        return name != null && users.containsKey(name.trim());
    }

    public int userCount() {
        return users.size();
    }

    public int tokenCount() {
        return tokens.size();
    }

    /**
     * @param client the caller's throttling key ({@link ClientAddress#key}); failures are counted per client
     */
    public Login login(String name, String password, String client) throws LoginRefused {
        Instant now = clock.instant();
        String from = client == null || client.isBlank() ? ClientAddress.UNKNOWN : client;
        Instant lockedUntil = lockedUntil(from, now);
        if (lockedUntil != null) {
            throw new LoginRefused(429, "too many failed logins from this address; try again after " + lockedUntil);
        }
        String key = name == null ? "" : name.trim();
        User user = users.get(key);
        char[] secret = password == null ? new char[0] : password.toCharArray();
        // the same work for every name: an unknown name checks a dummy of loginWork iterations, a known one is
        // padded up to it, so timing does not tell which names exist
        String stored = user == null ? dummyHash : user.hash();
        boolean ok = PasswordHash.verify(secret, stored) && user != null;
        PasswordHash.spend(loginWork - PasswordHash.iterations(stored));
        if (!ok) {
            recordFailure(from, now);
            throw new LoginRefused(401, "unknown user or wrong password");
        }
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        String token = PasswordHash.randomToken();
        Instant expires = now.plus(sessionTime);
        sessions.put(PasswordHash.sha256Hex(token), new Session(user.principal(), expires));
        return new Login(token, user.principal(), expires);
    }

    /** The number of client addresses with failures being tracked (bounded by {@link #MAX_TRACKED_CLIENTS}). */
    int trackedClients() {
        synchronized (failures) {
            return failures.size();
        }
    }

    private Instant lockedUntil(String client, Instant now) {
        synchronized (failures) {
            Failures f = failures.get(client);
            if (f == null) {
                return null;
            }
            if (f.lockedUntil() != null) {
                if (now.isBefore(f.lockedUntil())) {
                    return f.lockedUntil();
                }
                failures.remove(client);
            } else if (!now.isBefore(f.since().plus(LOCK_TIME))) {
                failures.remove(client);
            }
            return null;
        }
    }

    private void recordFailure(String client, Instant now) {
        synchronized (failures) {
            Failures old = failures.get(client);
            boolean fresh = old == null || old.lockedUntil() != null || !now.isBefore(old.since().plus(LOCK_TIME));
            int count = fresh ? 1 : old.count() + 1;
            Instant since = fresh ? now : old.since();
            failures.put(client, count >= MAX_FAILURES ? new Failures(count, since, now.plus(LOCK_TIME))
                    : new Failures(count, since, null));
        }
    }

    /** The caller of an {@code Authorization: Bearer <token>} header: a live session or a static token. */
    public Optional<Principal> authenticate(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            return Optional.empty();
        }
        String digest = PasswordHash.sha256Hex(token);
        Session session = sessions.get(digest);
        if (session != null) {
            if (clock.instant().isBefore(session.expiresAt())) {
                return Optional.of(session.principal());
            }
            sessions.remove(digest);
        }
        return Optional.ofNullable(tokens.get(digest));
    }

    public void logout(String authorization) {
        String token = bearer(authorization);
        if (token != null) {
            sessions.remove(PasswordHash.sha256Hex(token));
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() || token.length() > 200 ? null : token;
    }
}
