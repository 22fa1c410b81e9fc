package vn.lienthong.gateway.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.Setting;

import static vn.lienthong.gateway.platform.Settings.declared;

/**
 * The sandbox's upstreams, in the sandbox only: starts the simulators (unless SANDBOX_SIMULATORS=false, e.g. when
 * SandboxMain runs them in a process of their own) and publishes their URLs as the defaults of the upstream URL
 * variables (PMHT_URL...), before any flow configures. Outside the sandbox it does nothing: the URLs are required.
 * The flows never import the simulators; tests reach them as beans (gateway.bean("pmhtSimulator", ...)). The
 * simulators accept the flows' own credentials and paths: read by name (Settings.declared), as the sandbox imports no
 * flow.
 */
public final class SandboxModule implements FlowModule {

    @Override
    public int order() {
        return 0;
    }

    @Override
    public java.util.List<Setting> settings() {
        return SandboxVariables.ALL;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        if (!config.isSandbox()) {
            return;
        }
        ctx.publishDefaults(upstreamDefaults(config));
        if (!config.getBoolean(SandboxVariables.SANDBOX_SIMULATORS)) {
            return;
        }
        PmhtSimulator pmht = ctx.closeOnStop(new PmhtSimulator(HOST, config.getInt(SandboxVariables.PMHT_SIM_PORT),
                config.get(declared("PMHT_USER")), config.get(declared("PMHT_PASSWORD")),
                config.get(declared("PMHT_STATUS_PATH")), ctx.clock()).start());
        ctx.bind("pmhtSimulator", pmht);
        DvcltSimulator dvclt = ctx.closeOnStop(new DvcltSimulator(HOST, config.getInt(SandboxVariables.DVCLT_SIM_PORT),
                config.get(declared("DVCLT_USER")), config.get(declared("DVCLT_PASSWORD")), ctx.clock(),
                Duration.ofSeconds(config.getInt(SandboxVariables.DVCLT_SIM_TOKEN_SECONDS))).start());
        dvclt.scenarios(new SandboxScenarios(dvclt, pmht, ctx.clock()));
        ctx.bind("dvcltSimulator", dvclt);

        long molisaTokenTtl = config.getLong(declared("MOLISA_TOKEN_TTL_SECONDS"));
        ctx.bind("molisaSimulator", ctx.closeOnStop(new MolisaSimulator(HOST, config.getInt(SandboxVariables.MOLISA_SIM_PORT),
                config.get(declared("MOLISA_PATH_PREFIX")), config.get(declared("MOLISA_USER")),
                config.get(declared("MOLISA_PASSWORD")),
                Duration.ofSeconds(config.getLong(SandboxVariables.MOLISA_SIM_TOKEN_TTL_SECONDS, molisaTokenTtl)), ctx.clock()).start()));

        ctx.bind("dvcqgSimulator", ctx.closeOnStop(new DvcqgSimulator(HOST, config.getInt(SandboxVariables.DVCQG_SIM_PORT),
                config.get(declared("DVCQG_USER")), config.get(declared("DVCQG_PASSWORD")),
                config.get(declared("DVCQG_DSTCODE")), config.get(declared("DVCQG_PROVIDER_URL")),
                config.getLong(SandboxVariables.DVCQG_SIM_TOKEN_TTL_SECONDS)).start()));

        if (config.getBoolean(declared("DHIS2_ENABLED"))) {
            ctx.bind("dhis2Simulator", ctx.closeOnStop(new Dhis2Simulator(HOST, config.getInt(SandboxVariables.DHIS2_SIM_PORT),
                    config.get(declared("DHIS2_USER")), config.get(declared("DHIS2_PASSWORD"))).start()));
        }
    }

    /** The simulators' base URLs (on their configured ports) as the defaults of the upstream URL variables. */
    public static Map<String, String> upstreamDefaults(GatewayConfig config) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("PMHT_URL", "http://" + HOST + ":" + config.getInt(SandboxVariables.PMHT_SIM_PORT) + "/pmht");
        urls.put("DVCLT_URL", "http://" + HOST + ":" + config.getInt(SandboxVariables.DVCLT_SIM_PORT) + "/dvclt");
        urls.put("MOLISA_URL", "http://" + HOST + ":" + config.getInt(SandboxVariables.MOLISA_SIM_PORT));
        urls.put("DVCQG_SS_URL", "http://" + HOST + ":" + config.getInt(SandboxVariables.DVCQG_SIM_PORT));
        urls.put("DHIS2_URL", "http://" + HOST + ":" + config.getInt(SandboxVariables.DHIS2_SIM_PORT));
        return urls;
    }

    private static final String HOST = "127.0.0.1";
}
