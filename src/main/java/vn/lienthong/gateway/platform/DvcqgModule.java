package vn.lienthong.gateway.platform;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import vn.lienthong.gateway.dvcqg.DownloadLinks;
import vn.lienthong.gateway.dvcqg.DvcqgException;
import vn.lienthong.gateway.dvcqg.DvcqgSettings;
import vn.lienthong.gateway.dvcqg.DvcqgTokens;
import vn.lienthong.gateway.dvcqg.FileDownloads;
import vn.lienthong.gateway.dvcqg.KnownProviders;
import vn.lienthong.gateway.dvcqg.PapersLookup;
import vn.lienthong.gateway.dvcqg.ProcedureResults;
import vn.lienthong.gateway.dvcqg.SsCatalogue;
import vn.lienthong.gateway.dvcqg.UpstreamAnswers;
import vn.lienthong.gateway.sandbox.DvcqgSimulator;

/**
 * Wiring of the DVCQG paper retrieval flow (routes/dvcqg.camel.yaml): the security-server catalogue, the shared
 * token, the papers lookup (HTTP and JMS request-reply) and file downloads through the own security server.
 */
public final class DvcqgModule implements FlowModule {

    public static final String FILES_PATH = "/api/dvcqg/files";
    private static final Logger LOG = LoggerFactory.getLogger(DvcqgModule.class);

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
        int simPort = config.getInt("DVCQG_SIM_PORT", 8093);
        DvcqgSettings settings = new DvcqgSettings(
                config.get("DVCQG_SS_URL", "http://127.0.0.1:" + simPort),
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
        if (config.isSandbox() && config.getBoolean("SANDBOX_SIMULATORS", true)) {
            DvcqgSimulator sim = ctx.closeOnStop(new DvcqgSimulator("127.0.0.1", simPort, settings.user(),
                    settings.password(), settings.dstcode(), settings.providerUrl(),
                    config.getLong("DVCQG_SIM_TOKEN_TTL_SECONDS", 3600)).start());
            ctx.bind("dvcqgSimulator", sim);
        }

        UpstreamCircuits circuits = ctx.circuits();
        ProducerTemplate[] template = new ProducerTemplate[1];
        DvcqgTokens tokens = new DvcqgTokens(settings, body -> {
            synchronized (template) {
                if (template[0] == null) {
                    template[0] = ctx.camelContext().createProducerTemplate();
                }
            }
            Exchange done = template[0].request("direct:dvcqg.login", e -> e.getIn().setBody(body));
            Exception failure = done.getException();
            if (failure != null) {
                if (!(failure instanceof CallNotPermittedException) && !(failure instanceof DvcqgException)) {
                    circuits.recordFailure("dvcqg", failure);
                }
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("DVCQG login failed", failure);
            }
            Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            return new DvcqgTokens.LoginAnswer(status == null ? 0 : status, done.getMessage().getBody(String.class));
        }, ctx.clock());
        SsCatalogue catalogue = new SsCatalogue(ctx.dataSource(), ctx.clock(), settings.madonvi());
        DownloadLinks links = new DownloadLinks(settings, catalogue, new KnownProviders(ctx.clock()));
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
