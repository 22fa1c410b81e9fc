package vn.lienthong.gateway.dvcqg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

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

    public String uri(String link) {
        return links.proxyTarget(link).uri();
    }

    public String query(String link) {
        return links.proxyTarget(link).query();
    }

    /** 5xx or no answer: the security server or the agency's file server is unavailable. */
    public void checkTransport(Integer httpStatus) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code >= 500 || code == 0 || code == 408 || code == 429) {
            throw new UpstreamUnavailableException("file download: the security server answered HTTP " + code);
        }
    }

    /** Null for a file (2xx), else the 502 answer with the security server's reason. */
    public LookupAnswer refused(Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code >= 200 && code < 300) {
            return null;
        }
        String text = body == null ? "" : body.strip();
        if (text.length() > 500) {
            text = text.substring(0, 500);
        }
        return answer(502, "DOWNLOAD_REFUSED", "the security server refused the download (HTTP " + code + ")"
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
