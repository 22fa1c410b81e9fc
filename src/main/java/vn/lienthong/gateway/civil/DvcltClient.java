package vn.lienthong.gateway.civil;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * DVCLT's operations (DOMAIN.md F1, F3), each one call through the shared upstream client (circuit "dvclt", one
 * status rule) with the kept Bearer token of {@link DvcltAuth}: a refused token is renewed once and the call tried
 * again. An answer that is not one (no answer, 401/403 twice, 408, 429, 5xx) throws UpstreamUnavailableException;
 * anything else is returned for the flow to read.
 */
public final class DvcltClient {

    /** Paths under DVCLT_URL. */
    public record Paths(String list, String detail, String ack, String status) {
    }

    private final UpstreamHttp http;
    private final Paths paths;

    public DvcltClient(UpstreamHttp http, DvcltAuth auth, Paths paths) {
        this.http = http.withToken(auth.tokens(), "Authorization", "Bearer ");
        this.paths = paths;
    }

    /** LayDanhSachHoSo: the dossiers waiting for the gateway. */
    public UpstreamResponse list() {
        return http.call(UpstreamRequest.get(paths.list(), "the list"));
    }

    /** hosolienthong/{id}: one dossier. */
    public UpstreamResponse detail(String id) {
        return http.call(UpstreamRequest.get(paths.detail() + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"), "a dossier detail"));
    }

    /** XacNhanNhanHoSo: {maHoSo, daNhan:true}. */
    public UpstreamResponse acknowledge(String body) {
        return http.call(UpstreamRequest.post(paths.ack(), body, "an acknowledgement"));
    }

    /** CapNhatTrangThaiHoSo: one status update. */
    public UpstreamResponse status(String body) {
        return http.call(UpstreamRequest.post(paths.status(), body, "a status update"));
    }
}
