package vn.lienthong.gateway.dvcqg;

import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.Heartbeats;
import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * The DVCQG flow's upstream work as one route step each (routes/dvcqg.camel.yaml): the routes say where requests
 * go, {@link DvcqgClient} makes the calls (circuit, token, the one status rule), the Camel-free classes read the
 * answers. A failure is thrown to the route's error handling, which turns it into the caller's answer.
 */
@Wiring
final class DvcqgSteps {

    private DvcqgSteps() {
    }

    /** The papers call for the checked request in property papersRequest: property {@code answer}. */
    static Processor papers(DvcqgClient dvcqg, PapersLookup lookup) {
        return exchange -> {
            PapersRequest request = exchange.getProperty("papersRequest", PapersRequest.class);
            exchange.setProperty("answer", lookup.answer(request, dvcqg.papers(request.upstreamBody())));
        };
    }

    /**
     * A catalogue refresh: the body becomes the report and property {@code refreshStatus} 200; a failure throws
     * (the route records it and the previous catalogue stays).
     */
    static Processor catalogueRefresh(DvcqgClient dvcqg, SsCatalogue catalogue, Heartbeats heartbeats) {
        return exchange -> {
            UpstreamResponse r = dvcqg.catalogue();
            // read outside the call: DVCQG's unusable list is its answer, not the security server failing
            exchange.getMessage().setBody(catalogue.store(exchange.getProperty("trigger", String.class), r.status(), r.body()));
            exchange.setProperty("refreshStatus", 200);
            // exported as gateway_job_lag_seconds{job="dvcqg-catalogue"}
            heartbeats.beat("dvcqg-catalogue");
        };
    }

    /**
     * The download of the link in property link (one {@link FileDownloads#problem} found none in): the body becomes
     * the file with the security server's Content-Type and Content-Disposition, or property {@code answer} its refusal.
     */
    static Processor download(DvcqgClient dvcqg, FileDownloads files) {
        return exchange -> {
            UpstreamResponse r = dvcqg.download(files.target(exchange.getProperty("link", String.class)));
            Message out = exchange.getMessage();
            out.removeHeaders("*");
            exchange.setProperty("answer", files.refused(r));
            if (r.ok()) {
                out.setBody(r.bytes());
                out.setHeader("Content-Type", r.header("Content-Type"));
                if (r.header("Content-Disposition") != null) {
                    out.setHeader("Content-Disposition", r.header("Content-Disposition"));
                }
            }
        };
    }

    static void bind(FlowContext ctx, DvcqgClient dvcqg, PapersLookup lookup, SsCatalogue catalogue, FileDownloads files) {
        ctx.bind("dvcqgPapersCall", papers(dvcqg, lookup));
        ctx.bind("dvcqgCatalogueRefresh", catalogueRefresh(dvcqg, catalogue, ctx.heartbeats()));
        ctx.bind("dvcqgDownload", download(dvcqg, files));
    }
}
