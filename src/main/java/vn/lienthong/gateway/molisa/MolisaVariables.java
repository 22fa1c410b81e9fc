package vn.lienthong.gateway.molisa;

import static vn.lienthong.gateway.platform.Setting.integer;
import static vn.lienthong.gateway.platform.Setting.text;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The MOLISA flow's settings (docs/molisa.md). */
public final class MolisaVariables {

    private MolisaVariables() {
    }

    public static final Setting MOLISA_URL = text("MOLISA_URL", null, "MOLISA's base URL `scheme://host:port`, no path")
            .shown("sandbox simulator").required();
    public static final Setting MOLISA_USER = text("MOLISA_USER", "sandbox", "MOLISA GetToken user").required();
    public static final Setting MOLISA_PASSWORD = text("MOLISA_PASSWORD", "sandbox", "MOLISA GetToken password")
            .required().asSecret();
    public static final Setting MOLISA_PATH_PREFIX = text("MOLISA_PATH_PREFIX", MolisaConfig.DEFAULT_PREFIX,
            "path of MOLISA's operations (`/apiBTXH/` on some deployments)");
    public static final Setting MOLISA_TOKEN_TTL_SECONDS = integer("MOLISA_TOKEN_TTL_SECONDS", 1800,
            "how long a MOLISA token is reused before GetToken is called again");
    public static final Setting MOLISA_AUTH_ERROR_CODES = text("MOLISA_AUTH_ERROR_CODES", "401,403",
            "`error_code` values that mean \"token refused\" (besides HTTP 401/403)");
    public static final Setting MOLISA_BATCH_SIZE = integer("MOLISA_BATCH_SIZE", 50,
            "records per DongBoDVC / XuLyHoSo call");
    public static final Setting MOLISA_BATCH_WAIT_MS = integer("MOLISA_BATCH_WAIT_MS", 2000,
            "longest wait for a batch to fill after its first record");
    public static final Setting MOLISA_CONNECT_TIMEOUT_SECONDS = integer("MOLISA_CONNECT_TIMEOUT_SECONDS", 5,
            "connect timeout of MOLISA calls");
    public static final Setting MOLISA_TIMEOUT_SECONDS = integer("MOLISA_TIMEOUT_SECONDS", 30,
            "response timeout of MOLISA calls");
    public static final Setting MOLISA_ETHNICITY_INPUT = text("MOLISA_ETHNICITY_INPUT", "molisa",
            "how a bare number in `DanTocId` is read: `molisa` (id 29..82) or `gso` (code 1..54)");
    public static final Setting MOLISA_DISTRICT_AFTER_REFORM = text("MOLISA_DISTRICT_AFTER_REFORM", "derive",
            "`MaHuyen` of a record submitted on or after 2025-07-01: `derive` (the ward's pre-reform district when all"
                    + " its old wards lay in one district, else empty) or `empty`");
    public static final Setting MOLISA_INTAKE_CONSUMERS = integer("MOLISA_INTAKE_CONSUMERS", 2,
            "concurrent consumers of each MOLISA inbound queue").property("molisa.intake.consumers");
    public static final Setting MOLISA_DISPATCH_CONSUMERS = integer("MOLISA_DISPATCH_CONSUMERS", 2,
            "concurrent consumers of `molisa.dispatch`").property("molisa.dispatch.consumers");

    public static final List<Setting> ALL = List.of(MOLISA_URL, MOLISA_USER, MOLISA_PASSWORD, MOLISA_PATH_PREFIX,
            MOLISA_TOKEN_TTL_SECONDS, MOLISA_AUTH_ERROR_CODES, MOLISA_BATCH_SIZE, MOLISA_BATCH_WAIT_MS,
            MOLISA_CONNECT_TIMEOUT_SECONDS, MOLISA_TIMEOUT_SECONDS, MOLISA_ETHNICITY_INPUT, MOLISA_DISTRICT_AFTER_REFORM,
            MOLISA_INTAKE_CONSUMERS,
            MOLISA_DISPATCH_CONSUMERS);
}
