package vn.lienthong.gateway.ops;

import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The operator console's and the retention job's settings (docs/console.md). */
public final class OpsVariables {

    private OpsVariables() {
    }

    public static final Setting CONSOLE_USERS = text("CONSOLE_USERS", null, "operator console users"
            + " `name:role:pbkdf2-hash,...`, role `viewer` or `operator` (hash command: docs/console.md)")
            .shown("sandbox only: `operator`/`operator`, `viewer`/`viewer`");
    public static final Setting CONSOLE_TOKENS = text("CONSOLE_TOKENS", null,
            "static console API tokens `name:role:sha256-hex-of-token,...`").shown("(none)");
    public static final Setting CONSOLE_SESSION_MINUTES = integer("CONSOLE_SESSION_MINUTES", 60,
            "console session lifetime after login");
    public static final Setting CONSOLE_REPLAY_TARGETS = text("CONSOLE_REPLAY_TARGETS", null, "extra replay rows"
            + " `source.queue=target.queue,...` (the console replays `DLQ.<routeId>` to that route's queue by default)")
            .shown("(none)");
    public static final Setting CONSOLE_TRUSTED_PROXIES = text("CONSOLE_TRUSTED_PROXIES", null, "IP addresses of"
            + " reverse proxies whose `X-Forwarded-For` the console login throttling believes").shown("(none)");
    public static final Setting PAYLOAD_RETENTION_DAYS = integer("PAYLOAD_RETENTION_DAYS", 90, "stored contents of"
            + " dossiers finished more than N days ago are deleted daily, trails kept; `0` keeps everything");
    public static final Setting PAYLOAD_RETENTION_CRON = text("PAYLOAD_RETENTION_CRON", "0 15 3 * * ?",
            "Quartz cron of the retention job; `off` disables the schedule");
    public static final Setting PAYLOAD_RETENTION_TIMEZONE = text("PAYLOAD_RETENTION_TIMEZONE", "Asia/Ho_Chi_Minh",
            "time zone of `PAYLOAD_RETENTION_CRON`").property("ops.retention.timezone");

    public static final List<Setting> ALL = List.of(CONSOLE_USERS, CONSOLE_TOKENS, CONSOLE_SESSION_MINUTES,
            CONSOLE_REPLAY_TARGETS, CONSOLE_TRUSTED_PROXIES, PAYLOAD_RETENTION_DAYS, PAYLOAD_RETENTION_CRON, PAYLOAD_RETENTION_TIMEZONE);
}
