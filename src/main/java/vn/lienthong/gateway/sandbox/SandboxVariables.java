package vn.lienthong.gateway.sandbox;

import static vn.lienthong.gateway.platform.Setting.flag;
import static vn.lienthong.gateway.platform.Setting.integer;

import java.util.List;

import vn.lienthong.gateway.platform.Setting;

/** The sandbox's settings: whether the simulators start, their ports and token lifetimes. */
public final class SandboxVariables {

    private SandboxVariables() {
    }

    public static final Setting SANDBOX_SIMULATORS = flag("SANDBOX_SIMULATORS", true,
            "set `false` to run the sandbox against simulators started elsewhere (e.g. `SandboxMain`)");
    public static final Setting PMHT_SIM_PORT = integer("PMHT_SIM_PORT", 8091, "port of the sandbox PMHT simulator");
    public static final Setting DVCLT_SIM_PORT = integer("DVCLT_SIM_PORT", 8094, "port of the sandbox DVCLT simulator");
    public static final Setting DVCLT_SIM_TOKEN_SECONDS = integer("DVCLT_SIM_TOKEN_SECONDS", 600,
            "lifetime of the DVCLT simulator's tokens");
    public static final Setting MOLISA_SIM_PORT = integer("MOLISA_SIM_PORT", 8092, "port of the sandbox MOLISA simulator");
    public static final Setting MOLISA_SIM_TOKEN_TTL_SECONDS = integer("MOLISA_SIM_TOKEN_TTL_SECONDS", 1800,
            "lifetime of the MOLISA simulator's tokens (make it shorter to see MOLISA refuse a token)")
            .computed("`MOLISA_TOKEN_TTL_SECONDS`");
    public static final Setting DVCQG_SIM_PORT = integer("DVCQG_SIM_PORT", 8093,
            "port of the sandbox DVCQG / security-server simulator");
    public static final Setting DVCQG_SIM_TOKEN_TTL_SECONDS = integer("DVCQG_SIM_TOKEN_TTL_SECONDS", 3600,
            "token lifetime the DVCQG simulator announces");
    public static final Setting DHIS2_SIM_PORT = integer("DHIS2_SIM_PORT", 8095, "port of the sandbox DHIS2 simulator");

    public static final List<Setting> ALL = List.of(SANDBOX_SIMULATORS, PMHT_SIM_PORT, DVCLT_SIM_PORT,
            DVCLT_SIM_TOKEN_SECONDS, MOLISA_SIM_PORT, MOLISA_SIM_TOKEN_TTL_SECONDS, DVCQG_SIM_PORT,
            DVCQG_SIM_TOKEN_TTL_SECONDS, DHIS2_SIM_PORT);
}
