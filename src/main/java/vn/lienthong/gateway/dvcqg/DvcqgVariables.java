package vn.lienthong.gateway.dvcqg;

import static vn.lienthong.gateway.platform.Setting.flag;
import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The DVCQG paper retrieval flow's settings (docs/dvcqg.md). */
public final class DvcqgVariables {

    private DvcqgVariables() {
    }

    public static final Setting DVCQG_SS_URL = text("DVCQG_SS_URL", null, "own security server base for DVCQG calls,"
            + " e.g. `https://10.0.0.5:8443` (a plain `http://` one needs `ALLOW_PLAIN_HTTP_UPSTREAMS=DVCQG_SS_URL`)")
            .shown("sandbox simulator").requiredByFlow();
    public static final Setting DVCQG_DOWNLOAD_SS_URL = text("DVCQG_DOWNLOAD_SS_URL", null,
            "base put in download links (the VXPAdapter), when it differs").shown("`DVCQG_SS_URL`");
    public static final Setting DVCQG_DSTCODE = text("DVCQG_DSTCODE", DvcqgSettings.DEFAULT_DSTCODE,
            "the portal's member code (papers call `dstcode`)");
    public static final Setting DVCQG_PROVIDER_URL = text("DVCQG_PROVIDER_URL", DvcqgSettings.DEFAULT_PROVIDER_URL,
            "papers call `providerurl`; differs between DVCQG's test and production").requiredByFlow();
    public static final Setting DVCQG_USER = text("DVCQG_USER", "sandbox", "the account DVCQG issued to the province")
            .requiredByFlow();
    public static final Setting DVCQG_PASSWORD = text("DVCQG_PASSWORD", "sandbox", "its password")
            .requiredByFlow().asSecret();
    public static final Setting DVCQG_MADONVI = text("DVCQG_MADONVI", "H46",
            "the province's unit code sent with `mapi/call`").requiredByFlow();
    public static final Setting DVCQG_TOKEN_TTL_SECONDS = integer("DVCQG_TOKEN_TTL_SECONDS", 1800,
            "token lifetime when the login answer gives none");
    public static final Setting DVCQG_LOGIN_PATH = text("DVCQG_LOGIN_PATH", DvcqgSettings.DEFAULT_LOGIN_PATH,
            "login path on the security server");
    public static final Setting DVCQG_CALL_PATH = text("DVCQG_CALL_PATH", DvcqgSettings.DEFAULT_CALL_PATH,
            "`mapi/call` path on the security server");
    public static final Setting DVCQG_PAPERS_PATH = text("DVCQG_PAPERS_PATH", DvcqgSettings.DEFAULT_PAPERS_PATH,
            "papers path on the security server");
    public static final Setting DVCQG_PROCEDURE_RESULTS_FILE = text("DVCQG_PROCEDURE_RESULTS_FILE", null,
            "the province's procedure -> result codes file (CSV `MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon`, UTF-8);"
            + " reload it with `POST /api/ops/reload/dvcqg-procedure-results`; a procedure it does not list is checked"
            + " by DVCQG").shown("sandbox: the seed's examples; otherwise none");
    public static final Setting DVCQG_CATALOGUE_CRON = text("DVCQG_CATALOGUE_CRON", "0 0 2 * * ?",
            "daily refresh of the security-server catalogue (Quartz cron)").property("dvcqg.catalogue.cron");
    public static final Setting DVCQG_CATALOGUE_TIMEZONE = text("DVCQG_CATALOGUE_TIMEZONE", "Asia/Ho_Chi_Minh",
            "time zone of `DVCQG_CATALOGUE_CRON`").property("dvcqg.catalogue.timezone");
    public static final Setting DVCQG_CATALOGUE_AT_START = flag("DVCQG_CATALOGUE_AT_START", true,
            "refresh at start when the stored catalogue is empty").property("dvcqg.catalogue-startup");
    public static final Setting DVCQG_PAPERS_CONSUMERS = integer("DVCQG_PAPERS_CONSUMERS", 2,
            "concurrent consumers of `dvcqg.papers.request`").property("dvcqg.papers.consumers");

    public static final List<Setting> ALL = List.of(DVCQG_SS_URL, DVCQG_DOWNLOAD_SS_URL, DVCQG_DSTCODE,
            DVCQG_PROVIDER_URL, DVCQG_USER, DVCQG_PASSWORD, DVCQG_MADONVI, DVCQG_TOKEN_TTL_SECONDS, DVCQG_LOGIN_PATH,
            DVCQG_CALL_PATH, DVCQG_PAPERS_PATH, DVCQG_PROCEDURE_RESULTS_FILE, DVCQG_CATALOGUE_CRON,
            DVCQG_CATALOGUE_TIMEZONE, DVCQG_CATALOGUE_AT_START, DVCQG_PAPERS_CONSUMERS);
}
