package vn.lienthong.gateway.platform;

import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.CatalogAddressNormalizer;
import vn.lienthong.gateway.civil.CivilDispatch;
import vn.lienthong.gateway.civil.CivilDossierProcessor;
import vn.lienthong.gateway.civil.CivilIntake;
import vn.lienthong.gateway.civil.CivilLimits;
import vn.lienthong.gateway.civil.ModuleCatalog;
import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.sandbox.PmhtSimulator;

/** Wiring of the civil-registry flow (routes/civil.camel.yaml): DVCLT dossiers to PMHT. */
public final class CivilModule implements FlowModule {

    @Override
    public String flow() {
        return "civil";
    }

    @Override
    public java.util.List<String> queues() {
        return java.util.List.of("civil.dossier.inbound", "civil.dossier.invalid", "civil.dossier.review",
                "civil.dossier.dispatch", "DLQ.civil.validate", "DLQ.civil.dispatch");
    }

    @Override
    public java.util.List<String> upstreams() {
        return java.util.List.of("pmht");
    }

    @Override
    public void configure(FlowContext ctx) {
        GatewayConfig config = ctx.config();
        if (config.isSandbox() && config.getBoolean("SANDBOX_SIMULATORS", true)) {
            PmhtSimulator pmht = ctx.closeOnStop(new PmhtSimulator("127.0.0.1", config.pmhtSimulatorPort(),
                    config.pmhtUser(), config.pmhtPassword()).start());
            ctx.bind("pmhtSimulator", pmht);
        }
        AdminUnitCatalog units = AdminUnitCatalog.loadDefault();
        CivilLimits limits = new CivilLimits(config.getLong("CIVIL_MAX_DOCUMENT_BYTES", config.maxBodyBytes()),
                config.getLong("CIVIL_MAX_ATTACHMENT_BYTES", 5 * CivilLimits.MB), config.getInt("CIVIL_MAX_ATTACHMENTS", 20),
                CivilLimits.defaults().maxJsonDepth());
        CivilDossierProcessor processor = new CivilDossierProcessor(new CatalogAddressNormalizer(units), units,
                ModuleCatalog.load(), limits);
        ctx.bind("civilIntake", new CivilIntake(processor, ctx.ledger(), ctx.clock()));
        ctx.bind("civilDispatch", new CivilDispatch(ctx.ledger(), new DispatchClaims(ctx.ledger())));

        ctx.upstreamUrl("pmht", config.pmhtUrl());
        ctx.property("pmht.url", config.pmhtUrl());
        ctx.property("pmht.user", config.pmhtUser());
        ctx.property("pmht.password", config.pmhtPassword());
        ctx.property("pmht.push.path.v3", config.get("PMHT_PUSH_PATH_V3", "/v3/hoso"));
        ctx.property("pmht.push.path.v1", config.get("PMHT_PUSH_PATH_V1", "/v1/hoso"));
        ctx.property("civil.intake.consumers", String.valueOf(config.getInt("CIVIL_INTAKE_CONSUMERS", 2)));
        ctx.property("civil.dispatch.consumers", String.valueOf(config.getInt("CIVIL_DISPATCH_CONSUMERS", 4)));
    }
}
