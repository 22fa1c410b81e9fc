package vn.lienthong.gateway.security;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The systems that log in to the embedded broker's acceptor, each a name, one role and the SHA-256 of its password
 * (the password itself is never stored). Configured like API_CLIENTS:
 * {@code EMBEDDED_BROKER_USERS=mcdt:one-stop-shop:<sha256-hex>,his-bv-a:hospital:<sha256-hex>,ops:admin:<sha256-hex>}.
 * What each role may do on which address is {@code BrokerRoles} (platform); the gateway's own user is separate
 * (EMBEDDED_BROKER_USER/PASSWORD) and has the reserved role {@value #GATEWAY}.
 */
public final class BrokerUsers {

    public static final String GATEWAY = "gateway";
    public static final String ADMIN = "admin";
    public static final String ONE_STOP_SHOP = "one-stop-shop";
    public static final String HOSPITAL = "hospital";
    /** Roles an EMBEDDED_BROKER_USERS entry may name (the gateway's role is only its own user's). */
    public static final Set<String> ROLES = Set.of(ADMIN, ONE_STOP_SHOP, HOSPITAL);

    /** One broker user; {@code name} is also its personal role, owner of the reply queues {@code reply.<name>.#}. */
    public record User(String name, String role, byte[] passwordHash) {
        @Override
        public String toString() {
            return "User[" + name + " " + role + "]";
        }
    }

    private final List<User> users;

    private BrokerUsers(List<User> users) {
        this.users = List.copyOf(users);
    }

    public static BrokerUsers none() {
        return new BrokerUsers(List.of());
    }

    /**
     * Parses EMBEDDED_BROKER_USERS; the message of a bad entry names its position and the rule it breaks, never its
     * hash. {@code gatewayUser} (EMBEDDED_BROKER_USER) may not be listed again.
     */
    public static BrokerUsers parse(String spec, String gatewayUser) {
        List<User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (spec != null && !spec.isBlank()) {
            String[] entries = spec.split(",");
            for (int i = 0; i < entries.length; i++) {
                String[] parts = entries[i].trim().split(":");
                String where = "EMBEDDED_BROKER_USERS entry " + (i + 1);
                if (parts.length != 3 || !parts[2].trim().matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException(where + " must be name:role:sha256-hex-of-password");
                }
                String name = parts[0].trim();
                String role = parts[1].trim();
                // the name is also a role and part of the address match reply.<name>.#: no wildcards or dots
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new IllegalArgumentException(where + ": name must be 1-64 letters, digits, '-' or '_'");
                }
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException(where + ": role must be one of " + new java.util.TreeSet<>(ROLES));
                }
                if (ROLES.contains(name) || GATEWAY.equals(name) || name.equals(gatewayUser) || !names.add(name)) {
                    throw new IllegalArgumentException(where + ": name " + name
                            + " is a role, the gateway's own user (EMBEDDED_BROKER_USER) or listed twice");
                }
                users.add(new User(name, role, HexFormat.of().parseHex(parts[2].trim().toLowerCase())));
            }
        }
        return new BrokerUsers(users);
    }

    public List<User> users() {
        return users;
    }

    /** The user whose name and password these are, compared in constant time. */
    public Optional<User> login(String name, String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        byte[] hash = ApiClients.sha256(password);
        for (User user : users) {
            if (user.name().equals(name)) {
                return MessageDigest.isEqual(user.passwordHash(), hash) ? Optional.of(user) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Prints a new password and its EMBEDDED_BROKER_USERS entry: {@code java ... BrokerUsers <name> <role>}. */
    public static void main(String[] args) {
        if (args.length != 2 || !ROLES.contains(args[1])) {
            System.err.println("usage: BrokerUsers <user-name> <" + String.join("|", new java.util.TreeSet<>(ROLES))
                    + ">   (prints a new password and its EMBEDDED_BROKER_USERS entry)");
            System.exit(2);
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        // random, never chosen by a person: the unsalted SHA-256 is then as strong as the password itself
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        System.out.println("password (give it to the system, it is not stored): " + password);
        System.out.println("EMBEDDED_BROKER_USERS entry: " + args[0] + ":" + args[1] + ":"
                + HexFormat.of().formatHex(ApiClients.sha256(password)));
        System.out.println("standalone broker (docker/artemis): artemis-users.properties  " + args[0]
                + " = ENC(<output of: bin/artemis mask --hash PASSWORD>);  artemis-roles.properties  " + args[1]
                + " = ..." + args[0] + "  and  " + args[0] + " = " + args[0]);
    }
}
