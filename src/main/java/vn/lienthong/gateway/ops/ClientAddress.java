package vn.lienthong.gateway.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is logging in, as far as the network tells: the TCP peer of the HTTP server, or, only when that peer is one of
 * the configured reverse proxies (CONSOLE_TRUSTED_PROXIES), the last address in X-Forwarded-For that is not one of
 * them. Without that setting X-Forwarded-For is ignored: anyone can write it. Login throttling counts per the
 * resulting key; an IPv6 client counts per /64 network, since one host usually has a whole /64 to pick from.
 */
public final class ClientAddress {

    public static final String UNKNOWN = "unknown";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Set<String> trustedProxies;

    private ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** @param spec CONSOLE_TRUSTED_PROXIES: comma-separated IP addresses of the reverse proxies in front; empty = none */
    public static ClientAddress fromConfig(String spec) {
        Set<String> proxies = new LinkedHashSet<>();
        if (spec != null && !spec.isBlank()) {
            int i = 0;
            for (String entry : spec.split(",")) {
                i++;
                String ip = literal(entry.strip());
                if (ip == null) {
                    throw new IllegalArgumentException("CONSOLE_TRUSTED_PROXIES entry " + i + " must be an IP address");
                }
                proxies.add(ip);
            }
        }
        return new ClientAddress(Set.copyOf(proxies));
    }

    public boolean trustsProxies() {
        return !trustedProxies.isEmpty();
    }

    /**
     * The throttling key of a request.
     *
     * @param peer         the HTTP server's remote address ({@code host:port} or {@code host}); null when unknown
     * @param forwardedFor the X-Forwarded-For header, used only behind a trusted proxy
     */
    public String key(String peer, String forwardedFor) {
        String client = literal(stripPort(peer));
        if (client == null) {
            return UNKNOWN;
        }
        if (trustedProxies.contains(client) && forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = literal(stripPort(hops[i].strip()));
                if (hop == null) {
                    break; // garbage in the header: stay with the last address we could trust
                }
                client = hop;
                if (!trustedProxies.contains(hop)) {
                    break;
                }
            }
        }
        return network(client);
    }

    private static String network(String ip) {
        if (!ip.contains(":")) {
            return ip;
        }
        String[] groups = ip.split(":");
        return String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64";
    }

    /** {@code 1.2.3.4:5}, {@code [::1]:5} or a bare address to the address. */
    private static String stripPort(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            return end < 0 ? null : t.substring(1, end);
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) {
            return t.substring(0, colon); // IPv4 with port
        }
        if (colon > 0 && IPV4.matcher(t).matches()) {
            return t;
        }
        // Vert.x writes IPv6 peers as <address>:<port> without brackets: the last group is the port
        if (colon > 0 && t.chars().filter(c -> c == ':').count() == 8) {
            return t.substring(0, colon);
        }
        return t;
    }

    /** The canonical text of an IP literal, or null; never a DNS lookup (only literal shapes reach InetAddress). */
    static String literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
