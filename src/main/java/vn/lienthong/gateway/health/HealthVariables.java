package vn.lienthong.gateway.health;

import static vn.lienthong.gateway.platform.Setting.flag;
import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.lienthong.gateway.platform.Setting;

/** The health-evidence flow's settings (docs/health.md): HIS intake, Excel import, DHIS2 pull and share-back. */
public final class HealthVariables {

    private HealthVariables() {
    }

    public static final Setting HEALTH_IMPORT_DIR = text("HEALTH_IMPORT_DIR", null,
            "watched folder of hospital Excel exports (`done/`, `failed/`, `uploads/` inside)")
            .shown("`DATA_DIR/health-import`");
    public static final Setting HEALTH_IMPORT_MAX_BYTES = integer("HEALTH_IMPORT_MAX_BYTES", 10L * 1024 * 1024,
            "larger Excel files are refused whole (HTTP also limited by `MAX_BODY_BYTES`)");
    public static final Setting HEALTH_IMPORT_MAX_ROWS = integer("HEALTH_IMPORT_MAX_ROWS", 5000,
            "an Excel file with more data rows is refused whole");
    public static final Setting HEALTH_IMPORT_MAX_ENTRY_BYTES = integer("HEALTH_IMPORT_MAX_ENTRY_BYTES",
            100L * 1024 * 1024, "zip-bomb guard: largest uncompressed part of an .xlsx");
    public static final Setting HEALTH_IMPORT_POLL_MS = integer("HEALTH_IMPORT_POLL_MS", 5000, "folder poll interval")
            .property("health.import.poll.ms");
    public static final Setting HEALTH_INTAKE_CONSUMERS = integer("HEALTH_INTAKE_CONSUMERS", 2,
            "consumers of each HIS queue").property("health.intake.consumers");

    public static final Setting DHIS2_ENABLED = flag("DHIS2_ENABLED", true,
            "`false`: no pull, no share-back, no DHIS2 variables required").property("dhis2.enabled");
    public static final Setting DHIS2_URL = text("DHIS2_URL", null, "DHIS2 base URL, e.g. `https://dhis2.example.gov.vn`")
            .shown("sandbox simulator").required().exceptWhenOff("DHIS2_ENABLED");
    public static final Setting DHIS2_USER = text("DHIS2_USER", "sandbox", "DHIS2 user (HTTP Basic)")
            .required().exceptWhenOff("DHIS2_ENABLED");
    public static final Setting DHIS2_PASSWORD = text("DHIS2_PASSWORD", "sandbox", "DHIS2 password (HTTP Basic)")
            .required().exceptWhenOff("DHIS2_ENABLED").asSecret();
    public static final Setting DHIS2_PULL_CRON = text("DHIS2_PULL_CRON", "0 30 18 * * ?",
            "when the daily pull of unregistered deaths runs (Quartz cron)").property("dhis2.pull.cron");
    public static final Setting DHIS2_PULL_TIMEZONE = text("DHIS2_PULL_TIMEZONE", "Asia/Ho_Chi_Minh",
            "time zone of `DHIS2_PULL_CRON`").property("dhis2.pull.timezone");
    public static final Setting DHIS2_PULL_SINCE = text("DHIS2_PULL_SINCE", "1970-01-01", "cursor of the very first run");
    public static final Setting DHIS2_PAGE_SIZE = integer("DHIS2_PAGE_SIZE", 50, "events per page of a pull");
    public static final Setting DHIS2_MAX_PAGES = integer("DHIS2_MAX_PAGES", 1000, "most pages of one pull run");
    public static final Setting DHIS2_PROGRAM = text("DHIS2_PROGRAM", Dhis2Settings.SANDBOX_PROGRAM,
            "program of the death book A6").shown("sandbox ids").requiredByFlow().exceptWhenOff("DHIS2_ENABLED");
    public static final Setting DHIS2_STAGE = text("DHIS2_STAGE", Dhis2Settings.SANDBOX_STAGE,
            "program stage of the death book A6").shown("sandbox ids").requiredByFlow().exceptWhenOff("DHIS2_ENABLED");
    public static final Setting DHIS2_PUSH_PERIOD_MS = integer("DHIS2_PUSH_PERIOD_MS", 60_000,
            "share-back outbox tick").property("dhis2.push.period.ms");
    public static final Setting DHIS2_PUSH_REQUEUE_MINUTES = integer("DHIS2_PUSH_REQUEUE_MINUTES", 30,
            "re-queue of unconfirmed share-backs");

    /** Data element roles and their variables (DHIS2_DE_<ROLE>); the value "none" leaves a role unread. */
    static final List<String> ROLES = List.of(Dhis2Settings.NAME, Dhis2Settings.SEX, Dhis2Settings.BIRTH_DATE,
            Dhis2Settings.ID_NUMBER, Dhis2Settings.RESIDENCE, Dhis2Settings.DEATH_DATE, Dhis2Settings.DEATH_TIME,
            Dhis2Settings.DEATH_PLACE, Dhis2Settings.CAUSE, Dhis2Settings.REGISTERED, Dhis2Settings.REGISTRATION_NO,
            Dhis2Settings.REGISTRATION_DATE);
    /** Without these the pull or the share-back cannot work. */
    private static final List<String> REQUIRED_ROLES = List.of(Dhis2Settings.NAME, Dhis2Settings.DEATH_PLACE,
            Dhis2Settings.REGISTERED, Dhis2Settings.REGISTRATION_NO);

    /** DHIS2_DE_<ROLE> for each role: the data element ids of the death book (sandbox ids in the sandbox). */
    static final Map<String, Setting> DATA_ELEMENTS = dataElements();

    private static Map<String, Setting> dataElements() {
        Map<String, Setting> elements = new LinkedHashMap<>();
        for (String role : ROLES) {
            boolean written = role.equals(Dhis2Settings.REGISTERED) || role.equals(Dhis2Settings.REGISTRATION_NO)
                    || role.equals(Dhis2Settings.REGISTRATION_DATE);
            Setting s = text("DHIS2_DE_" + role, null, written ? "data element written by the share-back"
                    : "data element read into the death notice; `none` leaves it unread").computed("sandbox ids");
            elements.put(role, REQUIRED_ROLES.contains(role) ? s.requiredByFlow().exceptWhenOff("DHIS2_ENABLED") : s);
        }
        return elements;
    }

    public static final List<Setting> ALL = all();

    private static List<Setting> all() {
        List<Setting> all = new ArrayList<>(List.of(HEALTH_IMPORT_DIR, HEALTH_IMPORT_MAX_BYTES, HEALTH_IMPORT_MAX_ROWS,
                HEALTH_IMPORT_MAX_ENTRY_BYTES, HEALTH_IMPORT_POLL_MS, HEALTH_INTAKE_CONSUMERS, DHIS2_ENABLED, DHIS2_URL,
                DHIS2_USER, DHIS2_PASSWORD, DHIS2_PULL_CRON, DHIS2_PULL_TIMEZONE, DHIS2_PULL_SINCE, DHIS2_PAGE_SIZE,
                DHIS2_MAX_PAGES, DHIS2_PROGRAM, DHIS2_STAGE));
        all.addAll(DATA_ELEMENTS.values());
        all.addAll(List.of(DHIS2_PUSH_PERIOD_MS, DHIS2_PUSH_REQUEUE_MINUTES));
        return List.copyOf(all);
    }
}
