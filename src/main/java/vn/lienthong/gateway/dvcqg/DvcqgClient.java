package vn.lienthong.gateway.dvcqg;

import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * DVCQG's operations through the province's own security server (seed 002 V), each one call through the shared
 * upstream client (circuit "dvcqg", one status rule, the shared token of {@link DvcqgTokens} renewed once when DVCQG
 * refuses it): the login, the papers lookup (token in {@code Authorization}, raw), the catalogue
 * {@code mapi/call} (token in the body as {@code session}) and, on its own circuit "dvcqg-files" so one agency's
 * broken file server does not stop lookups, the file download. An answer that is not one (no answer, 401/403 after
 * a new login, 408, 429, 5xx) throws UpstreamUnavailableException; anything else is returned for the flow to read.
 */
public final class DvcqgClient {

    private final UpstreamHttp papers;
    private final UpstreamHttp calls;
    private final UpstreamHttp files;
    private final DvcqgSettings settings;
    private final SsCatalogue catalogue;

    /** {@code dvcqg}: the security server (circuit dvcqg); {@code files}: its download base (circuit dvcqg-files). */
    public DvcqgClient(UpstreamHttp dvcqg, UpstreamHttp files, DvcqgTokens tokens, DvcqgSettings settings,
                       SsCatalogue catalogue) {
        this.papers = dvcqg.withToken(tokens.cache(), "Authorization", "");
        this.calls = dvcqg.withTokenInBody(tokens.cache());
        this.files = files;
        this.settings = settings;
        this.catalogue = catalogue;
    }

    /** The login as {@link DvcqgTokens} calls it: {@code dvcqg} without a token; DVCQG's answer to read. */
    public static DvcqgTokens.LoginCall login(UpstreamHttp dvcqg, String loginPath) {
        return body -> dvcqg.call(UpstreamRequest.post(loginPath, body, "the login"),
                r -> new DvcqgTokens.LoginAnswer(r.status(), r.body()));
    }

    /** bndp/public/v1/user/papers with the raw query the seed writes ({@code dstcode=VN:GOV:...&providerurl=https://...}). */
    public UpstreamResponse papers(String body) {
        return papers.call(UpstreamRequest.post(settings.papersPath() + "?" + settings.papersQuery(), body,
                "the papers lookup"));
    }

    /** mapi/call LayDanhMucSSTaiTep. */
    public UpstreamResponse catalogue() {
        return calls.call(UpstreamRequest.postWithToken(settings.callPath(), catalogue::requestBody, SsCatalogue.SERVICE));
    }

    /** A file through the download base; {@code target} is a link {@link DownloadLinks#proxyTarget} allowed. */
    public UpstreamResponse download(DownloadLinks.ProxyTarget target) {
        String base = settings.downloadSsUrl();
        if (!target.uri().startsWith(base + "/")) {
            throw new IllegalArgumentException("a download goes to the own security server only");
        }
        String path = target.uri().substring(base.length()) + (target.query().isEmpty() ? "" : "?" + target.query());
        return files.callForBytes(UpstreamRequest.get(path, "a file download"), r -> r);
    }
}
