package vn.lienthong.gateway.acceptance;

import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The go-live acceptance run's settings (docs/go-live.md). */
public final class AcceptanceVariables {

    private AcceptanceVariables() {
    }

    public static final Setting ACCEPTANCE_UNIT = text("ACCEPTANCE_UNIT", "07219",
            "`maDonVi` of the acceptance run's synthetic dossiers: the unit of the Ministry's test account (seed 000;"
                    + " it must be listed in `CIVIL_TEST_UNITS` on the test environment)");
    public static final Setting ACCEPTANCE_PMHT_WEB = text("ACCEPTANCE_PMHT_WEB", "https://hotichdientu-dev.moj.gov.vn/",
            "PMHT's web application where the civil-registry officer receives, signs and issues (shown in the run's"
                    + " instructions; set the production address for the production run)");
    public static final Setting ACCEPTANCE_STEP_TIMEOUT_SECONDS = integer("ACCEPTANCE_STEP_TIMEOUT_SECONDS", 14400,
            "a case fails when it has made no progress for this long (the officer has not acted)");
    public static final Setting ACCEPTANCE_REPORT_DIR = text("ACCEPTANCE_REPORT_DIR", null,
            "where each run writes its filled table (`run-<id>/ket-qua-kiem-thu.xlsx`, `.html`)")
            .computed("`DATA_DIR/acceptance`");
    public static final Setting ACCEPTANCE_POLL_CRON = text("ACCEPTANCE_POLL_CRON", "0/10 * * * * ?",
            "PMHT poll schedule while `bin/gateway --acceptance` runs, unless `PMHT_POLL_CRON` is set");
    public static final Setting ACCEPTANCE_RUN = text("ACCEPTANCE_RUN", null,
            "set by `bin/gateway --acceptance <mode>` for that process; not to be set by hand");

    public static final List<Setting> ALL = List.of(ACCEPTANCE_UNIT, ACCEPTANCE_PMHT_WEB, ACCEPTANCE_STEP_TIMEOUT_SECONDS,
            ACCEPTANCE_REPORT_DIR, ACCEPTANCE_POLL_CRON, ACCEPTANCE_RUN);
}
