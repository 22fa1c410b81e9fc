package vn.lienthong.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The systems allowed to call the gateway's /api/**: each a name, the flows it may use and the SHA-256 of its
 * bearer token (the token itself is never stored). Configured as
 * {@code API_CLIENTS=mcdt:civil+dossiers:<sha256-hex>,his-bv-a:health:<sha256-hex>}; flow {@code *} means all.
 */
public final class ApiClients {

    /** One API client; {@code flows} are path scopes such as civil, molisa, dvcqg, health, dossiers. */
    public record Client(String name, Set<String> flows, byte[] tokenHash) {
        public boolean may(String flow) {
            return flows.contains("*") || flows.contains(flow);
        }

        @Override
        public String toString() {
            return "Client[" + name + " " + flows + "]";
        }
    }

    /** The outcome of checking one request. */
    public enum Verdict { ALLOWED, MISSING, UNKNOWN, FORBIDDEN }

    public record Decision(Verdict verdict, String client) {
    }

    private final List<Client> clients;

    public ApiClients(List<Client> clients) {
        this.clients = List.copyOf(clients);
    }

    /** Parses API_CLIENTS; the message of a bad entry names its position, never its hash. */
    public static ApiClients parse(String spec) {
        List<Client> clients = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            String[] entries = spec.split(",");
            for (int i = 0; i < entries.length; i++) {
                String[] parts = entries[i].trim().split(":");
                if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || !parts[2].matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("API_CLIENTS entry " + (i + 1)
                            + " must be name:flow+flow:sha256-hex-of-token");
                }
                clients.add(new Client(parts[0].trim(), Set.of(parts[1].trim().split("\\+")),
                        HexFormat.of().parseHex(parts[2].toLowerCase())));
            }
        }
        return new ApiClients(clients);
    }

    public ApiClients with(Client client) {
        List<Client> all = new ArrayList<>(clients);
        all.add(client);
        return new ApiClients(all);
    }

    public int size() {
        return clients.size();
    }

    /** Checks an Authorization header value for a request in the given flow scope. */
    public Decision check(String authorizationHeader, String flow) {
        Optional<String> token = bearer(authorizationHeader);
        if (token.isEmpty()) {
            return new Decision(Verdict.MISSING, null);
        }
        byte[] hash = sha256(token.get());
        for (Client client : clients) {
            if (MessageDigest.isEqual(client.tokenHash(), hash)) {
                return new Decision(client.may(flow) ? Verdict.ALLOWED : Verdict.FORBIDDEN, client.name());
            }
        }
        return new Decision(Verdict.UNKNOWN, null);
    }

    static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() > 7) {
            return Optional.of(h.substring(7).trim());
        }
        return Optional.empty();
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the API_CLIENTS entry for a new token: {@code java ... ApiClients <name> <flow+flow>}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ApiClients <client-name> <flow+flow|*>   (prints a new token and its API_CLIENTS entry)");
            System.exit(2);
        }
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        System.out.println("token (give it to the client, it is not stored): " + token);
        System.out.println("API_CLIENTS entry: " + args[0] + ":" + args[1] + ":" + HexFormat.of().formatHex(sha256(token)));
    }
}
