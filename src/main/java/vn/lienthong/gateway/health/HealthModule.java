package vn.lienthong.gateway.health;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.FlowModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.lienthong.gateway.health.Dhis2Pull;
import vn.lienthong.gateway.health.Dhis2Push;
import vn.lienthong.gateway.health.Dhis2Settings;
import vn.lienthong.gateway.ledger.PayloadRetention;

/**
 * Wiring of the health-evidence flow (routes/health.camel.yaml, DOMAIN.md F7, seed 004): hospital birth
 * certificates and death notices (HIS push over HTTP/JMS, Excel import), DHIS2 deaths pulled daily and
 * registrations shared back, and the lookups and enrichment the civil flow uses.
 */
@Wiring
public final class HealthModule implements FlowModule {

    /** Data element roles and their variables (DHIS2_DE_<ROLE>); the value "none" leaves a role unread. */
    static final List<String> ROLES = List.of(Dhis2Settings.NAME, Dhis2Settings.SEX, Dhis2Settings.BIRTH_DATE,
            Dhis2Settings.ID_NUMBER, Dhis2Settings.RESIDENCE, Dhis2Settings.DEATH_DATE, Dhis2Settings.DEATH_TIME,
            Dhis2Settings.DEATH_PLACE, Dhis2Settings.CAUSE, Dhis2Settings.REGISTERED, Dhis2Settings.REGISTRATION_NO);
    /** Without these the pull or the share-back cannot work: required outside the sandbox. */
    static final List<String> REQUIRED_OUTSIDE_SANDBOX = List.of("DHIS2_PROGRAM", "DHIS2_STAGE", "DHIS2_DE_NAME",
            "DHIS2_DE_DEATH_PLACE", "DHIS2_DE_REGISTERED", "DHIS2_DE_REGISTRATION_NO");

    @Override
    public int order() {
        return 40;
    }

    @Override
    public String flow() {
        return "health";
    }

    @Override
    public List<String> queues() {
        return List.of("health.birth.inbound", "health.death.inbound", "health.invalid", "health.dhis2.pull",
                "health.dhis2.registered");
    }

    @Override
    public List<String> upstreams() {
        return List.of("dhis2");
    }

    @Override
    public void configure(FlowContext ctx) throws Exception {
        GatewayConfig config = ctx.config();
        boolean dhis2 = config.getBoolean("DHIS2_ENABLED", true);
        String dhis2User = config.get("DHIS2_USER", "sandbox");
        String dhis2Password = config.get("DHIS2_PASSWORD", "sandbox");
        if (dhis2 && !config.isSandbox()) {
            List<String> missing = new ArrayList<>();
            for (String name : REQUIRED_OUTSIDE_SANDBOX) {
                if (config.get(name, "").isBlank()) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("GATEWAY_ENV=" + config.environmentName() + " requires " + String.join(", ", missing)
                        + " (the DHIS2 program, stage and data element ids of the death book), or DHIS2_ENABLED=false");
            }
        }

        EvidenceStore store = new EvidenceStore(ctx.dataSource(), ctx.clock(), ctx.cipher());
        EvidenceIntake intake = new EvidenceIntake(new EvidenceRules(ctx.clock()), store, ctx.clock());
        EvidenceLookup lookup = new EvidenceLookup(store);
        ctx.bind("healthIntake", intake);
        ctx.bind("evidenceStore", store);
        ctx.bind("evidenceLookup", lookup);
        // called by routes/civil.camel.yaml: enrichment before validation, usage after the PMHT push
        ctx.bind("birthDossierEnricher", new BirthDossierEnricher(lookup, store, ctx.ledger()));
        ctx.bind("evidenceUsage", new EvidenceUsage(store, ctx.ledger()));

        Path importDir = Path.of(config.get("HEALTH_IMPORT_DIR", config.dataDir().resolve("health-import").toString()));
        Files.createDirectories(importDir);
        ExcelImport excel = new ExcelImport(intake, new ExcelImport.Limits(
                config.getLong("HEALTH_IMPORT_MAX_BYTES", 10L * 1024 * 1024),
                config.getInt("HEALTH_IMPORT_MAX_ROWS", 5000),
                config.getLong("HEALTH_IMPORT_MAX_ENTRY_BYTES", 100L * 1024 * 1024)), importDir, ctx.clock());
        ctx.bind("excelImport", excel);
        // the retention job (ops) also purges evidence and sweeps kept import files
        ctx.contribute(PayloadRetention.Purger.class, "evidence", store::purgePersonalData);
        ctx.contribute(PayloadRetention.Sweeper.class, "healthImportFiles", excel::deleteKeptFilesOlderThan);

        Map<String, String> elements = new LinkedHashMap<>();
        for (String role : ROLES) {
            String id = config.get("DHIS2_DE_" + role, config.isSandbox() ? Dhis2Settings.SANDBOX_ELEMENTS.get(role) : null);
            if (id != null && !"none".equalsIgnoreCase(id)) {
                elements.put(role, id);
            }
        }
        Dhis2Settings settings = new Dhis2Settings(config.get("DHIS2_PROGRAM", Dhis2Settings.SANDBOX_PROGRAM),
                config.get("DHIS2_STAGE", Dhis2Settings.SANDBOX_STAGE), config.getInt("DHIS2_PAGE_SIZE", 50),
                config.getInt("DHIS2_MAX_PAGES", 1000), Map.copyOf(elements));
        ctx.bind("dhis2Pull", new Dhis2Pull(intake, store, settings, config.get("DHIS2_PULL_SINCE", "1970-01-01")));
        ctx.bind("dhis2Push", new Dhis2Push(store, settings, ctx.clock(),
                Duration.ofMinutes(config.getInt("DHIS2_PUSH_REQUEUE_MINUTES", 30))));

        ctx.property("health.import.dir", importDir.toAbsolutePath().toString());
        ctx.property("health.import.poll.ms", String.valueOf(config.getInt("HEALTH_IMPORT_POLL_MS", 5000)));
        ctx.property("health.intake.consumers", String.valueOf(config.getInt("HEALTH_INTAKE_CONSUMERS", 2)));
        ctx.property("dhis2.enabled", String.valueOf(dhis2));
        ctx.property("dhis2.url", stripSlash(config.get("DHIS2_URL", "")));
        ctx.property("dhis2.user", dhis2User);
        ctx.property("dhis2.password", dhis2Password);
        // daily after 18:00, Vietnam time (seed 004 solution 4.1)
        ctx.property("dhis2.pull.cron", config.get("DHIS2_PULL_CRON", "0 30 18 * * ?"));
        ctx.property("dhis2.pull.timezone", config.get("DHIS2_PULL_TIMEZONE", "Asia/Ho_Chi_Minh"));
        ctx.property("dhis2.push.period.ms", String.valueOf(config.getInt("DHIS2_PUSH_PERIOD_MS", 60_000)));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
