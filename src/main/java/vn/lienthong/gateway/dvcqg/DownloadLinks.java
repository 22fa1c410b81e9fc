package vn.lienthong.gateway.dvcqg;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a paper's {@code DuongDan} into a link the province can download through its own security server
 * (seed 002 V.3, "Cách thức tải tệp"):
 * <ul>
 * <li>case 1, a plain agency URL {@code https://dichvucong.hagiang.gov.vn/download/124.pdf} becomes
 * {@code {own-ss}/VXPAdapter/RestService/forward/download/124.pdf?dstcode={agency's DSTCODE}&providerurl=https://dichvucong.hagiang.gov.vn},
 * the DSTCODE taken from the security-server catalogue for the paper's storing agency;</li>
 * <li>case 2, a link already in security-server form {@code http://IP-SS-BNĐP:8080/VXPAdapter/...} keeps its
 * path and query and gets the province's own security server in place of the placeholder host.</li>
 * </ul>
 * Links are built as the seed writes them (the query values are not percent-encoded). An agency that is not in
 * the catalogue (case 1), or a {@code dstcode} that is not a catalogue member (case 2), makes the file not
 * downloadable, with the reason; nothing is guessed. Every pair (dstcode, providerurl) handed out is remembered
 * ({@link KnownProviders}): the gateway's download proxy follows only those.
 */
public final class DownloadLinks {

    public static final String CASE_AGENCY_URL = "AGENCY_URL";
    public static final String CASE_SS_LINK = "SS_LINK";
    private static final Pattern URL = Pattern.compile("^(https?)://([^/?#\\s]+)([^?#]*)(\\?[^#]*)?(#.*)?$",
            Pattern.CASE_INSENSITIVE);

    /** A file of a paper: where to download it, or why it cannot be. */
    public record FileLink(boolean downloadable, String link, String linkCase, String dstcode, String providerUrl,
                           String agency, String reason) {

        static FileLink refused(String linkCase, String reason) {
            return new FileLink(false, null, linkCase, null, null, null, reason);
        }
    }

    /** A download the gateway may proxy: the URI without query (ASCII) and the query. */
    public record ProxyTarget(String uri, String query) {
    }

    private final String downloadBase;
    private final SsCatalogue catalogue;
    private final KnownProviders providers;

    public DownloadLinks(DvcqgSettings settings, SsCatalogue catalogue, KnownProviders providers) {
        this.downloadBase = settings.downloadSsUrl();
        this.catalogue = catalogue;
        this.providers = providers;
    }

    public DownloadLinks(DvcqgSettings settings, SsCatalogue catalogue) {
        this(settings, catalogue, new KnownProviders(Clock.systemUTC()));
    }

    public FileLink build(String duongDan, String coQuanChuQuan) {
        String raw = duongDan == null ? "" : duongDan.strip();
        if (raw.isEmpty()) {
            return FileLink.refused(null, "DuongDan is empty");
        }
        Matcher m = URL.matcher(raw);
        if (!m.matches()) {
            return FileLink.refused(null, "DuongDan is not an http(s) URL");
        }
        String origin = m.group(1) + "://" + m.group(2);
        String path = m.group(3);
        String query = m.group(4) == null ? "" : m.group(4);
        if (path.toLowerCase(Locale.ROOT).startsWith(DvcqgSettings.DOWNLOAD_PREFIX.toLowerCase(Locale.ROOT) + "/")) {
            Map<String, String> params = params(query);
            String dst = params.get("dstcode");
            String provider = params.get("providerurl");
            if (dst == null || dst.isBlank() || provider == null || provider.isBlank()) {
                return FileLink.refused(CASE_SS_LINK, "security-server link without dstcode or providerurl");
            }
            if (!catalogue.isMember(dst)) {
                return FileLink.refused(CASE_SS_LINK, "the link's dstcode is not a member of the security-server catalogue ("
                        + catalogue.size() + " agencies): the gateway downloads only from catalogue members");
            }
            // case 2: only the host changes; the agency's member code and provider travel in the link already
            providers.remember(dst, provider);
            return new FileLink(true, downloadBase + path + query, CASE_SS_LINK, dst, provider, null, null);
        }
        if (path.isEmpty() || "/".equals(path)) {
            return FileLink.refused(CASE_AGENCY_URL, "DuongDan names no file (no path after " + origin + ")");
        }
        SsCatalogue.Resolution agency = catalogue.resolve(coQuanChuQuan);
        if (!agency.found()) {
            return FileLink.refused(CASE_AGENCY_URL, agency.reason());
        }
        String dst = agency.agency().dstCode();
        providers.remember(dst, origin);
        String link = downloadBase + DvcqgSettings.DOWNLOAD_PREFIX + path + (query.isEmpty() ? "?" : query + "&")
                + "dstcode=" + dst + "&providerurl=" + origin;
        return new FileLink(true, link, CASE_AGENCY_URL, dst, origin, agency.how(), null);
    }

    /**
     * Checks a link the gateway is asked to proxy: only downloads through the province's own security server, to a
     * {@code dstcode} of the catalogue and a {@code providerurl} a papers answer gave for it (the links this class
     * builds), never an arbitrary URL or another path on the security server.
     */
    public ProxyTarget proxyTarget(String link) {
        String l = link == null ? "" : link.strip();
        String prefix = downloadBase + DvcqgSettings.DOWNLOAD_PREFIX + "/";
        if (!l.startsWith(prefix)) {
            throw new IllegalArgumentException("link must start with " + prefix + " (a download link built by the gateway)");
        }
        int q = l.indexOf('?');
        String path = q < 0 ? l : l.substring(0, q);
        String query = q < 0 ? "" : l.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        checkPath(path.substring(prefix.length() - 1));
        String dst = single(query, "dstcode");
        String provider = single(query, "providerurl");
        if (!catalogue.isMember(dst)) {
            throw new IllegalArgumentException("dstcode is not a member of the security-server catalogue");
        }
        if (!providers.knows(dst, provider)) {
            throw new IllegalArgumentException("providerurl was not given for this dstcode by a papers answer of the last "
                    + providers.ttl().toHours() + " hours (look the papers up again for a fresh link)");
        }
        return new ProxyTarget(encode(path, "/:@!$&'()*+,;=-._~%"), encode(query, "/:@!$&'()*+,;=-._~%?"));
    }

    /**
     * The path after the download prefix, percent-decoded until it no longer changes (a server or proxy behind us
     * may decode again), must have no {@code .}/{@code ..} segment, also not as {@code ..;x} (path parameter) or
     * with a backslash as separator, and no control character.
     */
    static void checkPath(String rawPath) {
        String p = rawPath;
        for (int round = 0; ; round++) {
            String decoded = percentDecode(p);
            if (decoded.equals(p)) {
                break;
            }
            if (round == 4) {
                throw new IllegalArgumentException("link path is percent-encoded too many times");
            }
            p = decoded;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("link path must not contain control characters");
            }
        }
        for (String segment : p.split("[/\\\\]", -1)) {
            int semi = segment.indexOf(';');
            String name = (semi < 0 ? segment : segment.substring(0, semi)).strip();
            if (".".equals(name) || "..".equals(name)) {
                throw new IllegalArgumentException("link must not contain '.' or '..' segments (also percent-encoded or as '..;')");
            }
        }
    }

    /** The one value of a routing parameter; names compared decoded and case-insensitively, ';' also a separator. */
    private static String single(String query, String name) {
        String value = null;
        int count = 0;
        for (String pair : query.split("[&;]")) {
            int eq = pair.indexOf('=');
            String n = percentDecode(eq < 0 ? pair : pair.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (n.equals(name)) {
                count++;
                value = eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        if (count == 0 || value.isBlank()) {
            throw new IllegalArgumentException("link must carry dstcode and providerurl");
        }
        if (count > 1) {
            throw new IllegalArgumentException("link must carry " + name + " once (found " + count + ")");
        }
        if (value.indexOf('+') >= 0) {
            // '+' reads as a space to the security server but not to us: refuse rather than guess
            throw new IllegalArgumentException(name + " must not contain '+'");
        }
        return percentDecode(value);
    }

    /** Decodes %XX escapes (UTF-8); a '%' not followed by two hex digits is refused. '+' stays '+'. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("link has a '%' that is not a percent-escape (%XX)");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1);
                try {
                    value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ignored) {
                    // keep the raw value
                }
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    /** Percent-encodes what may not appear raw in a URI (spaces, non-ASCII), keeping {@code allowed} characters. */
    static String encode(String s, String allowed) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c < 128 && allowed.indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
