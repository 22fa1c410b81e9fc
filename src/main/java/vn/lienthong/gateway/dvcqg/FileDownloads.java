package vn.lienthong.gateway.dvcqg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * GET /api/dvcqg/files?link=...: the gateway downloads a file through the province's security server for callers
 * that cannot reach it. Only links to the own security server's download path are followed (no open proxy).
 */
public final class FileDownloads {

    private final ObjectMapper json = new ObjectMapper();
    private final DownloadLinks links;

    public FileDownloads(DownloadLinks links) {
        this.links = links;
    }

    /** Null when the link may be downloaded, else the 400 answer naming the problem. */
    public LookupAnswer problem(String link) {
        if (link == null || link.isBlank()) {
            return answer(400, "INVALID_REQUEST", "query parameter link is required (a download link from a papers answer)");
        }
        try {
            links.proxyTarget(link);
            return null;
        } catch (IllegalArgumentException e) {
            return answer(400, "INVALID_REQUEST", "link: " + e.getMessage());
        }
    }

    /** The target of a link {@link #problem} allowed (the own security server only, no open proxy). */
    public DownloadLinks.ProxyTarget target(String link) {
        return links.proxyTarget(link);
    }

    /** Null for a file (2xx), else the 502 answer with the security server's reason. */
    public LookupAnswer refused(UpstreamResponse response) {
        if (response.ok()) {
            return null;
        }
        String text = response.body() == null ? "" : response.body().strip();
        if (text.length() > 500) {
            text = text.substring(0, 500);
        }
        return answer(502, "DOWNLOAD_REFUSED", "the security server refused the download (HTTP " + response.status() + ")"
                + (text.isEmpty() ? "" : ": " + text));
    }

    private LookupAnswer answer(int status, String error, String message) {
        ObjectNode a = json.createObjectNode();
        a.put("status", "ERROR");
        a.put("error", error);
        a.put("message", message);
        return new LookupAnswer(status, "ERROR", a.toString());
    }
}
