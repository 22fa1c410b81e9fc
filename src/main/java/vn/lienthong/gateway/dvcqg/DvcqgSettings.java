package vn.lienthong.gateway.dvcqg;

import java.time.Duration;

/**
 * Where and as whom the gateway reaches the national portal's document store (DVCQG Kho DL): every call goes
 * through the province's own security server (SS), which forwards it to the member named by {@code dstcode}.
 *
 * @param ssUrl         own security server base, e.g. {@code http://10.0.0.5:8080} (XrdAdapter calls)
 * @param downloadSsUrl own security server base for file downloads (VXPAdapter); usually the same as ssUrl
 * @param dstcode       the portal's member code (X-Road style subsystem id)
 * @param providerUrl   the portal's papers API base, forwarded as {@code providerurl}
 * @param madonvi       the province's unit code sent with mapi/call
 * @param tokenTtl      how long a token is trusted when the login answer does not say
 */
public record DvcqgSettings(String ssUrl, String downloadSsUrl, String dstcode, String providerUrl, String user,
                            String password, String madonvi, Duration tokenTtl, String loginPath, String callPath,
                            String papersPath) {

    public static final String DEFAULT_DSTCODE = "VN:GOV:000.00.00.G22:vpcpcdvcqgsub01";
    public static final String DEFAULT_PROVIDER_URL = "https://apigiaytocanhan.dichvucong.gov.vn";
    public static final String DEFAULT_LOGIN_PATH = "/XrdAdapter/RestService/forward/mapi/login";
    public static final String DEFAULT_CALL_PATH = "/XrdAdapter/RestService/forward/mapi/call";
    public static final String DEFAULT_PAPERS_PATH = "/XrdAdapter/RestService/forward/bndp/public/v1/user/papers";
    /** Download path prefix on the security server (seed 002 V.3, both link cases). */
    public static final String DOWNLOAD_PREFIX = "/VXPAdapter/RestService/forward";

    public DvcqgSettings {
        ssUrl = stripSlash(ssUrl);
        downloadSsUrl = stripSlash(downloadSsUrl == null || downloadSsUrl.isBlank() ? ssUrl : downloadSsUrl);
        providerUrl = stripSlash(providerUrl);
    }

    /** The query of the papers call, raw as in the seed: {@code dstcode=...&providerurl=...}. */
    public String papersQuery() {
        return "dstcode=" + dstcode + "&providerurl=" + providerUrl;
    }

    @Override
    public String toString() {
        // no password: this may be printed
        return "ss=" + ssUrl + ", downloadSs=" + downloadSsUrl + ", dstcode=" + dstcode + ", providerurl=" + providerUrl
                + ", madonvi=" + madonvi;
    }

    private static String stripSlash(String url) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
