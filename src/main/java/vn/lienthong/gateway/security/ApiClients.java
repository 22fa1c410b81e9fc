package vn.lienthong.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    /** SHA-256 (hex) of a client certificate (DER) -> the name of the API client it stands for. */
    private final Map<String, String> certificates;

    public ApiClients(List<Client> clients) {
        this(clients, Map.of());
    }

    private ApiClients(List<Client> clients, Map<String, String> certificates) {
        this.clients = List.copyOf(clients);
        this.certificates = Map.copyOf(certificates);
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
        return new ApiClients(all, certificates);
    }

    /**
     * Adds API_CLIENT_CERTIFICATES: {@code name:sha256-of-certificate,...}, the SHA-256 fingerprint of a client
     * certificate (hex, with or without colons, as keytool prints it) and the API client it stands for, which must be
     * one of the configured clients. The message of a bad entry names its position.
     */
    public ApiClients withCertificates(String spec) {
        Map<String, String> pinned = new java.util.HashMap<>(certificates);
        if (spec != null && !spec.isBlank()) {
            String[] entries = spec.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                int colon = entry.indexOf(':');
                String name = colon < 0 ? "" : entry.substring(0, colon).trim();
                String fingerprint = colon < 0 ? "" : entry.substring(colon + 1).replace(":", "").trim();
                if (name.isEmpty() || !fingerprint.matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("API_CLIENT_CERTIFICATES entry " + (i + 1)
                            + " must be name:sha256-fingerprint-of-the-certificate");
                }
                if (clients.stream().noneMatch(c -> c.name().equals(name))) {
                    throw new IllegalArgumentException("API_CLIENT_CERTIFICATES entry " + (i + 1) + " names " + name
                            + ", which is not a client of API_CLIENTS");
                }
                pinned.put(fingerprint.toLowerCase(), name);
            }
        }
        return new ApiClients(clients, pinned);
    }

    public boolean hasCertificates() {
        return !certificates.isEmpty();
    }

    /**
     * Checks a client certificate the TLS handshake has already verified (DER bytes of the leaf): ALLOWED or
     * FORBIDDEN for the client it is pinned to, UNKNOWN when it is pinned to none.
     */
    public Decision checkCertificate(byte[] certificate, String flow) {
        String name = certificates.get(HexFormat.of().formatHex(sha256(certificate)));
        if (name == null) {
            return new Decision(Verdict.UNKNOWN, null);
        }
        for (Client client : clients) {
            if (client.name().equals(name)) {
                return new Decision(client.may(flow) ? Verdict.ALLOWED : Verdict.FORBIDDEN, client.name());
            }
        }
        return new Decision(Verdict.UNKNOWN, null);
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
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
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
