package vn.lienthong.gateway.dvcqg;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * the catalogue makes the file not downloadable, with the reason; nothing is guessed.
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

    public DownloadLinks(DvcqgSettings settings, SsCatalogue catalogue) {
        this.downloadBase = settings.downloadSsUrl();
        this.catalogue = catalogue;
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
            // case 2: only the host changes; the agency's member code and provider travel in the link already
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
        String link = downloadBase + DvcqgSettings.DOWNLOAD_PREFIX + path + (query.isEmpty() ? "?" : query + "&")
                + "dstcode=" + dst + "&providerurl=" + origin;
        return new FileLink(true, link, CASE_AGENCY_URL, dst, origin, agency.how(), null);
    }

    /**
     * Checks a link the gateway is asked to proxy: only downloads through the province's own security server
     * (the links this class builds), never an arbitrary URL.
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
        if (path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("link must not contain '..' segments");
        }
        Map<String, String> params = params("?" + query);
        if (params.getOrDefault("dstcode", "").isBlank() || params.getOrDefault("providerurl", "").isBlank()) {
            throw new IllegalArgumentException("link must carry dstcode and providerurl");
        }
        return new ProxyTarget(encode(path, "/:@!$&'()*+,;=-._~%"), encode(query, "/:@!$&'()*+,;=-._~%?"));
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
