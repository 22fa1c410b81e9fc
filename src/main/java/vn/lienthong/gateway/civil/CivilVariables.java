package vn.lienthong.gateway.civil;

import static vn.lienthong.gateway.platform.Setting.flag;
import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The civil flow's settings (PMHT push and polling, DVCLT pull and status relay, officer acceptance, results). */
public final class CivilVariables {

    private CivilVariables() {
    }

    public static final Setting PMHT_URL = text("PMHT_URL", null, "base URL of PMHT's API")
            .shown("sandbox simulator").required();
    public static final Setting PMHT_USER = text("PMHT_USER", "sandbox", "PMHT user, sent as HTTP Basic")
            .required();
    public static final Setting PMHT_PASSWORD = text("PMHT_PASSWORD", "sandbox", "PMHT password, sent as HTTP Basic")
            .required().asSecret();
    public static final Setting PMHT_PUSH_PATH_V3 = text("PMHT_PUSH_PATH_V3", "/v3/hoso",
            "push path for API v3.0 modules (LTKS, LTKT, LTKH)");
    public static final Setting PMHT_PUSH_PATH_V1 = text("PMHT_PUSH_PATH_V1", "/v1/hoso",
            "push path for API v1.0 modules");
    public static final Setting PMHT_STATUS_PATH = text("PMHT_STATUS_PATH", "/v3/trangthai",
            "status query path under `PMHT_URL`");
    public static final Setting PMHT_POLL_CRON = text("PMHT_POLL_CRON", CivilModule.DEFAULT_POLL_CRON,
            "Quartz cron (with seconds) of the PMHT status poll; `off` disables it");
    public static final Setting PMHT_POLL_BATCH_SIZE = integer("PMHT_POLL_BATCH_SIZE", 50, "dossiers per PMHT status query");
    public static final Setting PMHT_POLL_MAX_PER_RUN = integer("PMHT_POLL_MAX_PER_RUN", 2000, "dossiers per poll run");
    public static final Setting PMHT_UNKNOWN_AFTER_POLLS = integer("PMHT_UNKNOWN_AFTER_POLLS", 3,
            "polls without PMHT knowing a dossier before it is flagged");

    public static final Setting DVCLT_URL = text("DVCLT_URL", null, "base URL of DVCLT's API")
            .shown("sandbox simulator").required();
    public static final Setting DVCLT_USER = text("DVCLT_USER", "sandbox", "DVCLT login (GetToken, then Bearer)")
            .required();
    public static final Setting DVCLT_PASSWORD = text("DVCLT_PASSWORD", "sandbox", "DVCLT password").required().asSecret();
    public static final Setting DVCLT_TOKEN_PATH = text("DVCLT_TOKEN_PATH", "/api/GetToken", "DVCLT login path");
    public static final Setting DVCLT_LIST_PATH = text("DVCLT_LIST_PATH", "/api/LayDanhSachHoSo", "DVCLT list path");
    public static final Setting DVCLT_DETAIL_PATH = text("DVCLT_DETAIL_PATH", "/api/hosolienthong", "DVCLT detail path");
    public static final Setting DVCLT_ACK_PATH = text("DVCLT_ACK_PATH", "/api/XacNhanNhanHoSo",
            "DVCLT acknowledgement path");
    public static final Setting DVCLT_STATUS_PATH = text("DVCLT_STATUS_PATH", "/api/CapNhatTrangThaiHoSo",
            "DVCLT status update path");
    public static final Setting DVCLT_TOKEN_LIFETIME_SECONDS = integer("DVCLT_TOKEN_LIFETIME_SECONDS", 1800,
            "DVCLT token lifetime when it is not a JWT");
    public static final Setting DVCLT_TOKEN_REFRESH_MARGIN_SECONDS = integer("DVCLT_TOKEN_REFRESH_MARGIN_SECONDS", 60,
            "log in to DVCLT again this long before the token expires");
    public static final Setting DVCLT_PULL_CRON = text("DVCLT_PULL_CRON", CivilModule.DEFAULT_PULL_CRON,
            "Quartz cron (with seconds) of the DVCLT pull; `off` disables it (e.g. on all but one node)");
    public static final Setting DVCLT_STATUS_SWEEP_CRON = text("DVCLT_STATUS_SWEEP_CRON", CivilModule.DEFAULT_SWEEP_CRON,
            "Quartz cron of the sweep that re-triggers DVCLT status updates whose trigger was lost; `off` disables it");
    public static final Setting DVCLT_STATUS_SWEEP_AFTER_SECONDS = integer("DVCLT_STATUS_SWEEP_AFTER_SECONDS", 120,
            "how old a pending DVCLT update's trigger must be before the sweep re-triggers it")
            .property("civil.status.sweep.after");
    public static final Setting DVCLT_STATUS_CLAIM_SECONDS = integer("DVCLT_STATUS_CLAIM_SECONDS", 45, "a node's claim on"
            + " the DVCLT status update it is sending; another node resends a dead node's update after it")
            .computed("`4 × UPSTREAM_TIMEOUT_MS + 5 s` (45)");

    public static final Setting CIVIL_MAX_DOCUMENT_BYTES = integer("CIVIL_MAX_DOCUMENT_BYTES", 10L * 1024 * 1024,
            "largest civil dossier document on any intake").computed("`MAX_BODY_BYTES`");
    public static final Setting CIVIL_MAX_ATTACHMENT_BYTES = integer("CIVIL_MAX_ATTACHMENT_BYTES", 5 * CivilLimits.MB,
            "largest attachment of a civil dossier").shown("5 MB");
    public static final Setting CIVIL_MAX_ATTACHMENTS = integer("CIVIL_MAX_ATTACHMENTS", 20,
            "most attachments of a civil dossier");
    public static final Setting CIVIL_INTAKE_CONSUMERS = integer("CIVIL_INTAKE_CONSUMERS", 4,
            "concurrent consumers of the civil intake queue; each pushes its checked dossiers to PMHT at once")
            .property("civil.intake.consumers");
    public static final Setting CIVIL_DISPATCH_CONSUMERS = integer("CIVIL_DISPATCH_CONSUMERS", 2,
            "concurrent consumers of the civil dispatch queue (pushes that failed at once, officer-accepted dossiers)")
            .property("civil.dispatch.consumers");
    public static final Setting CIVIL_AUTO_ACCEPT = flag("CIVIL_AUTO_ACCEPT", true,
            "`false`: valid dossiers wait in AWAITING_ACCEPTANCE for the one-stop-shop officer's decision");
    public static final Setting CIVIL_AWAITING_DIR = text("CIVIL_AWAITING_DIR", null,
            "push bodies of dossiers waiting for the officer (content-addressed, encrypted)").shown("`DATA_DIR/awaiting`");
    public static final Setting RESULT_STORE_DIR = text("RESULT_STORE_DIR", null, "certificate store (by SHA-256,"
            + " encrypted); a shared volume with several nodes").shown("`DATA_DIR/results`");
    public static final Setting RESULT_MAX_BYTES = integer("RESULT_MAX_BYTES", 5 * CivilLimits.MB,
            "largest certificate accepted").shown("5 MB");
    public static final Setting CIVIL_PROCESSING_DAYS = integer("CIVIL_PROCESSING_DAYS",
            RelaySettings.defaults().processingDays(),
            "working days from receipt (or supplementation) to the appointment date");
    public static final Setting CIVIL_OFFICER_NAME = text("CIVIL_OFFICER_NAME", RelaySettings.defaults().nguoiXuLy(),
            "`nguoiXuLy` of the gateway's own updates to DVCLT");
    public static final Setting CIVIL_OFFICER_TITLE = text("CIVIL_OFFICER_TITLE", RelaySettings.defaults().chucDanh(),
            "`chucDanh` of the gateway's own updates to DVCLT");
    public static final Setting CIVIL_DEPARTMENT = text("CIVIL_DEPARTMENT", RelaySettings.defaults().phongBanXuLy(),
            "`phongBanXuLy` of the gateway's own updates to DVCLT");
    public static final Setting CIVIL_TEST_UNITS = text("CIVIL_TEST_UNITS", "07219=24,213=24",
            "units of the Ministry's test environment (`code=maTinh`, seed 000's test accounts), accepted whatever the"
            + " registration date when `GATEWAY_ENV` is `test` or `sandbox`; never used in `production` (docs/go-live.md)");

    public static final List<Setting> ALL = List.of(PMHT_URL, PMHT_USER, PMHT_PASSWORD, PMHT_PUSH_PATH_V3,
            PMHT_PUSH_PATH_V1, PMHT_STATUS_PATH, PMHT_POLL_CRON, PMHT_POLL_BATCH_SIZE, PMHT_POLL_MAX_PER_RUN,
            PMHT_UNKNOWN_AFTER_POLLS, DVCLT_URL, DVCLT_USER, DVCLT_PASSWORD, DVCLT_TOKEN_PATH, DVCLT_LIST_PATH,
            DVCLT_DETAIL_PATH, DVCLT_ACK_PATH, DVCLT_STATUS_PATH, DVCLT_TOKEN_LIFETIME_SECONDS,
            DVCLT_TOKEN_REFRESH_MARGIN_SECONDS, DVCLT_PULL_CRON, DVCLT_STATUS_SWEEP_CRON, DVCLT_STATUS_SWEEP_AFTER_SECONDS,
            DVCLT_STATUS_CLAIM_SECONDS, CIVIL_MAX_DOCUMENT_BYTES, CIVIL_MAX_ATTACHMENT_BYTES, CIVIL_MAX_ATTACHMENTS,
            CIVIL_INTAKE_CONSUMERS, CIVIL_DISPATCH_CONSUMERS, CIVIL_AUTO_ACCEPT, CIVIL_AWAITING_DIR, RESULT_STORE_DIR,
            RESULT_MAX_BYTES, CIVIL_PROCESSING_DAYS, CIVIL_OFFICER_NAME, CIVIL_OFFICER_TITLE, CIVIL_DEPARTMENT,
            CIVIL_TEST_UNITS);
}
