package vn.lienthong.gateway.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.GatewayConfig;

/**
 * The sandbox's upstreams, in the sandbox only: starts the simulators (unless SANDBOX_SIMULATORS=false, e.g. when
 * SandboxMain runs them in a process of their own) and publishes their URLs as the defaults of the upstream URL
 * variables (PMHT_URL...), before any flow configures. Outside the sandbox it does nothing: the URLs are required.
 * The flows never import the simulators; tests reach them as beans (gateway.bean("pmhtSimulator", ...)).
 */
public final class SandboxModule implements FlowModule {

    @Override
    public int order() {
        return 0;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        if (!config.isSandbox()) {
            return;
        }
        ctx.publishDefaults(upstreamDefaults(config));
        if (!config.getBoolean("SANDBOX_SIMULATORS", true)) {
            return;
        }
        PmhtSimulator pmht = ctx.closeOnStop(new PmhtSimulator(HOST, config.getInt("PMHT_SIM_PORT", 8091),
                config.get("PMHT_USER", "sandbox"), config.get("PMHT_PASSWORD", "sandbox"),
                config.get("PMHT_STATUS_PATH", "/v3/trangthai"), ctx.clock()).start());
        ctx.bind("pmhtSimulator", pmht);
        DvcltSimulator dvclt = ctx.closeOnStop(new DvcltSimulator(HOST, config.getInt("DVCLT_SIM_PORT", 8094),
                config.get("DVCLT_USER", "sandbox"), config.get("DVCLT_PASSWORD", "sandbox"), ctx.clock(),
                Duration.ofSeconds(config.getInt("DVCLT_SIM_TOKEN_SECONDS", 600))).start());
        dvclt.scenarios(new SandboxScenarios(dvclt, pmht, ctx.clock()));
        ctx.bind("dvcltSimulator", dvclt);

        long molisaTokenTtl = config.getLong("MOLISA_TOKEN_TTL_SECONDS", 1800);
        ctx.bind("molisaSimulator", ctx.closeOnStop(new MolisaSimulator(HOST, config.getInt("MOLISA_SIM_PORT", 8092),
                config.get("MOLISA_PATH_PREFIX", MOLISA_PATH_PREFIX), config.get("MOLISA_USER", "sandbox"),
                config.get("MOLISA_PASSWORD", "sandbox"),
                Duration.ofSeconds(config.getLong("MOLISA_SIM_TOKEN_TTL_SECONDS", molisaTokenTtl)), ctx.clock()).start()));

        ctx.bind("dvcqgSimulator", ctx.closeOnStop(new DvcqgSimulator(HOST, config.getInt("DVCQG_SIM_PORT", 8093),
                config.get("DVCQG_USER", "sandbox"), config.get("DVCQG_PASSWORD", "sandbox"),
                config.get("DVCQG_DSTCODE", DVCQG_DSTCODE), config.get("DVCQG_PROVIDER_URL", DVCQG_PROVIDER_URL),
                config.getLong("DVCQG_SIM_TOKEN_TTL_SECONDS", 3600)).start()));

        if (config.getBoolean("DHIS2_ENABLED", true)) {
            ctx.bind("dhis2Simulator", ctx.closeOnStop(new Dhis2Simulator(HOST, config.getInt("DHIS2_SIM_PORT", 8095),
                    config.get("DHIS2_USER", "sandbox"), config.get("DHIS2_PASSWORD", "sandbox")).start()));
        }
    }

    /** The simulators' base URLs (on their configured ports) as the defaults of the upstream URL variables. */
    public static Map<String, String> upstreamDefaults(GatewayConfig config) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("PMHT_URL", "http://" + HOST + ":" + config.getInt("PMHT_SIM_PORT", 8091) + "/pmht");
        urls.put("DVCLT_URL", "http://" + HOST + ":" + config.getInt("DVCLT_SIM_PORT", 8094) + "/dvclt");
        urls.put("MOLISA_URL", "http://" + HOST + ":" + config.getInt("MOLISA_SIM_PORT", 8092));
        urls.put("DVCQG_SS_URL", "http://" + HOST + ":" + config.getInt("DVCQG_SIM_PORT", 8093));
        urls.put("DHIS2_URL", "http://" + HOST + ":" + config.getInt("DHIS2_SIM_PORT", 8095));
        return urls;
    }

    private static final String HOST = "127.0.0.1";
    // the flows' own defaults (MolisaConfig.DEFAULT_PREFIX, DvcqgSettings.DEFAULT_*), repeated: the sandbox imports no flow
    private static final String MOLISA_PATH_PREFIX = "/api/v1/Service/";
    private static final String DVCQG_DSTCODE = "VN:GOV:000.00.00.G22:vpcpcdvcqgsub01";
    private static final String DVCQG_PROVIDER_URL = "https://apigiaytocanhan.dichvucong.gov.vn";
}
