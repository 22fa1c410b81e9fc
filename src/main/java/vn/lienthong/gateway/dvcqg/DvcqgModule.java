package vn.lienthong.gateway.dvcqg;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.Setting;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.Reloadable;
import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the DVCQG paper retrieval flow (routes/dvcqg.camel.yaml): the security-server catalogue, the shared
 * token, the papers lookup (HTTP and JMS request-reply) and file downloads through the own security server.
 */
@Wiring
public final class DvcqgModule implements FlowModule {

    public static final String FILES_PATH = "/api/dvcqg/files";
    /** The name operators reload the procedure -> result codes file by. */
    public static final String RELOAD_PROCEDURE_RESULTS = "dvcqg-procedure-results";
    private static final Logger LOG = LoggerFactory.getLogger(DvcqgModule.class);

    @Override
    public int order() {
        return 30;
    }

    @Override
    public java.util.List<String> queues() {
        return java.util.List.of("dvcqg.papers.request", "DLQ.dvcqg.papers-jms");
    }

    @Override
    public java.util.List<String> upstreams() {
        return java.util.List.of("dvcqg");
    }

    @Override
    public List<Setting> settings() {
        return DvcqgVariables.ALL;
    }

    /**
     * The province's DVCQG_PROCEDURE_RESULTS_FILE; without one, the seed's examples in the sandbox and no mapping
     * elsewhere (DVCQG checks every procedure's codes: a sample must not refuse real procedures).
     */
    static ProcedureResults procedures(GatewayConfig config) {
        String file = config.get(DvcqgVariables.DVCQG_PROCEDURE_RESULTS_FILE);
        ProcedureResults procedures;
        try {
            procedures = file != null && !file.isBlank() ? ProcedureResults.fromFile(file.strip())
                    : config.isSandbox() ? ProcedureResults.sample() : ProcedureResults.none();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (procedures.procedures() == 0) {
            LOG.warn("DVCQG: no procedure -> result codes mapping ({}); DVCQG checks the codes of every lookup",
                    procedures.source());
        } else {
            LOG.info("DVCQG procedure -> result codes: {}", procedures.describe());
        }
        return procedures;
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        config.requireOutsideSandbox("DVCQG paper retrieval", DvcqgVariables.ALL);
        DvcqgSettings settings = new DvcqgSettings(
                config.get(DvcqgVariables.DVCQG_SS_URL),
                config.get(DvcqgVariables.DVCQG_DOWNLOAD_SS_URL),
                config.get(DvcqgVariables.DVCQG_DSTCODE),
                config.get(DvcqgVariables.DVCQG_PROVIDER_URL),
                config.get(DvcqgVariables.DVCQG_USER),
                config.get(DvcqgVariables.DVCQG_PASSWORD),
                config.get(DvcqgVariables.DVCQG_MADONVI),
                Duration.ofSeconds(config.getLong(DvcqgVariables.DVCQG_TOKEN_TTL_SECONDS)),
                config.get(DvcqgVariables.DVCQG_LOGIN_PATH),
                config.get(DvcqgVariables.DVCQG_CALL_PATH),
                config.get(DvcqgVariables.DVCQG_PAPERS_PATH));

        // visible at start: the member code and provider differ between DVCQG's test and production systems
        LOG.info("DVCQG paper retrieval: {}", settings);
        // one client per upstream operation's circuit: timeout, TLS, the shared status rule (platform.upstream)
        UpstreamHttp ss = ctx.upstreamHttp("dvcqg", settings.ssUrl());
        DvcqgTokens tokens = new DvcqgTokens(settings, DvcqgClient.login(ss, settings.loginPath()), ctx.clock());
        SsCatalogue catalogue = new SsCatalogue(ctx.dataSource(), ctx.clock(), settings.madonvi());
        DownloadLinks links = new DownloadLinks(settings, catalogue, new KnownProviders(ctx.clock()));
        ProcedureResults procedures = procedures(config);
        // operators reload the province's file after editing it (POST /api/ops/reload/dvcqg-procedure-results)
        ctx.contribute(Reloadable.class, RELOAD_PROCEDURE_RESULTS, procedures::reload);

        ctx.bind("dvcqgTokens", tokens);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (logins)",
                tokens::logins, "upstream", "dvcqg");
        ctx.bind("dvcqgCatalogue", catalogue);
        ctx.bind("dvcqgLinks", links);
        PapersLookup lookup = new PapersLookup(procedures, links, FILES_PATH);
        FileDownloads files = new FileDownloads(links);
        ctx.bind("dvcqgPapers", lookup);
        ctx.bind("dvcqgFiles", files);
        DvcqgClient client = new DvcqgClient(ss, ctx.upstreamHttp("dvcqg-files", settings.downloadSsUrl()), tokens,
                settings, catalogue);
        DvcqgSteps.bind(ctx, client, lookup, catalogue, files);

        // dvcqg.catalogue.cron/timezone/startup and dvcqg.papers.consumers come from DvcqgVariables (Setting.property)
        ctx.upstreamUrl("dvcqg", settings.ssUrl());
        ctx.metrics().jobLag(ctx.heartbeats(), "dvcqg-catalogue");
    }
}
