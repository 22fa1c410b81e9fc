package vn.lienthong.gateway.dvcqg;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
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
    private static final Logger LOG = LoggerFactory.getLogger(DvcqgModule.class);

    @Override
    public int order() {
        return 30;
    }

    @Override
    public java.util.List<String> queues() {
        return java.util.List.of("dvcqg.papers.request", "DLQ.dvcqg.papers.jms");
    }

    @Override
    public java.util.List<String> upstreams() {
        return java.util.List.of("dvcqg");
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        config.requireOutsideSandbox("DVCQG paper retrieval",
                List.of("DVCQG_SS_URL", "DVCQG_PROVIDER_URL", "DVCQG_USER", "DVCQG_PASSWORD", "DVCQG_MADONVI"));
        DvcqgSettings settings = new DvcqgSettings(
                config.get("DVCQG_SS_URL", null),
                config.get("DVCQG_DOWNLOAD_SS_URL", null),
                config.get("DVCQG_DSTCODE", DvcqgSettings.DEFAULT_DSTCODE),
                config.get("DVCQG_PROVIDER_URL", DvcqgSettings.DEFAULT_PROVIDER_URL),
                config.get("DVCQG_USER", "sandbox"),
                config.get("DVCQG_PASSWORD", "sandbox"),
                config.get("DVCQG_MADONVI", "H46"),
                Duration.ofSeconds(config.getLong("DVCQG_TOKEN_TTL_SECONDS", 1800)),
                config.get("DVCQG_LOGIN_PATH", DvcqgSettings.DEFAULT_LOGIN_PATH),
                config.get("DVCQG_CALL_PATH", DvcqgSettings.DEFAULT_CALL_PATH),
                config.get("DVCQG_PAPERS_PATH", DvcqgSettings.DEFAULT_PAPERS_PATH));

        // visible at start: the member code and provider differ between DVCQG's test and production systems
        LOG.info("DVCQG paper retrieval: {}", settings);
        DvcqgTokens tokens = new DvcqgTokens(settings, new DvcqgLogin(ctx::camelContext, ctx.circuits()), ctx.clock());
        SsCatalogue catalogue = new SsCatalogue(ctx.dataSource(), ctx.clock(), settings.madonvi());
        DownloadLinks links = new DownloadLinks(settings, catalogue);
        ProcedureResults procedures = ProcedureResults.load(config.get("DVCQG_PROCEDURE_RESULTS_FILE", null));

        ctx.bind("dvcqgTokens", tokens);
        ctx.metrics().counter("gateway_token_refreshes_total", "Session tokens fetched from an upstream (logins)",
                tokens::logins, "upstream", "dvcqg");
        ctx.bind("dvcqgCatalogue", catalogue);
        ctx.bind("dvcqgLinks", links);
        ctx.bind("dvcqgPapers", new PapersLookup(procedures, links, FILES_PATH));
        ctx.bind("dvcqgFiles", new FileDownloads(links));
        ctx.bind("dvcqgUpstream", new UpstreamAnswers());

        ctx.property("dvcqg.ss.url", settings.ssUrl());
        ctx.property("dvcqg.download.ss.url", settings.downloadSsUrl());
        ctx.property("dvcqg.login.path", settings.loginPath());
        ctx.property("dvcqg.call.path", settings.callPath());
        ctx.property("dvcqg.papers.path", settings.papersPath());
        ctx.property("dvcqg.papers.query", settings.papersQuery());
        ctx.property("dvcqg.catalogue.cron", config.get("DVCQG_CATALOGUE_CRON", "0 0 2 * * ?"));
        ctx.property("dvcqg.catalogue.timezone", config.get("DVCQG_CATALOGUE_TIMEZONE", "Asia/Ho_Chi_Minh"));
        ctx.property("dvcqg.catalogue.startup", String.valueOf(config.getBoolean("DVCQG_CATALOGUE_AT_START", true)));
        ctx.property("dvcqg.papers.consumers", String.valueOf(config.getInt("DVCQG_PAPERS_CONSUMERS", 2)));
        ctx.upstreamUrl("dvcqg", settings.ssUrl());
        ctx.metrics().jobLag(ctx.heartbeats(), "dvcqg-catalogue");
    }
}
