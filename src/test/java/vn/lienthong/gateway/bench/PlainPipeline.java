package vn.lienthong.gateway.bench;

import java.net.URI;
import java.nio.file.Path;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;

import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.CatalogAddressNormalizer;
import vn.lienthong.gateway.civil.CivilDossierProcessor;
import vn.lienthong.gateway.civil.CivilLimits;
import vn.lienthong.gateway.civil.CivilOutcome;
import vn.lienthong.gateway.civil.ModuleCatalog;
import vn.lienthong.gateway.platform.EmbeddedBroker;

/**
 * The benchmark's peer: what a province would write without the gateway, in its own JVM like the gateway. One
 * transacted JMS consumer route on the same embedded broker configuration: the same dossier check and address
 * normalisation ({@link CivilDossierProcessor}), then an HTTP push to the same PMHT stand-in. No ledger, no
 * idempotency, no claims, no status relay to DVCLT, no dead-letter bookkeeping: its rate is what the gateway's
 * guarantees are measured against (BENCHMARKS.md, "the price of the guarantees").
 *
 * <p>Arguments: data directory, broker TCP port, PMHT base URL (…/pmht), consumers.
 */
public final class PlainPipeline {

    static final String READY = "Plain pipeline ready";

    private PlainPipeline() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int brokerPort = Integer.parseInt(args[1]);
        URI pmht = URI.create(args[2]);
        int consumers = Integer.parseInt(args[3]);

        EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), "tcp://127.0.0.1:" + brokerPort, false,
                1000, 200, EmbeddedBroker.DEFAULT_JOURNAL_BUFFER_TIMEOUT_US);
        broker.start();
        AdminUnitCatalog units = AdminUnitCatalog.loadDefault();
        CivilDossierProcessor check = new CivilDossierProcessor(new CatalogAddressNormalizer(units), units,
                ModuleCatalog.load(), CivilLimits.defaults());

        Main main = new Main();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL));
        jms.getConfiguration().setDeliveryPersistent(true);
        // plain local transactions on the listener's session, as the gateway (and any tuned Camel app) does
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        main.bind("jms", jms);
        String push = "http://" + pmht.getHost() + ":" + pmht.getPort() + pmht.getPath() + "/v3/hoso"
                + "?httpMethod=POST&authMethod=Basic&authUsername=bench&authPassword=bench&authenticationPreemptive=true";
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:civil.dossier.inbound?transacted=true&concurrentConsumers=" + consumers)
                        .routeId("plain.push")
                        .process(e -> {
                            CivilOutcome outcome = check.process(e.getMessage().getBody(String.class));
                            e.setProperty("ready", outcome instanceof CivilOutcome.Ready);
                            if (outcome instanceof CivilOutcome.Ready ready) {
                                e.getMessage().setBody(ready.pmhtPushJson());
                            }
                        })
                        .choice()
                            .when(exchangeProperty("ready"))
                                .removeHeaders("*")
                                .setHeader("Content-Type", constant("application/json; charset=utf-8"))
                                .to(push)
                            .otherwise()
                                .to("jms:queue:civil.dossier.invalid")
                        .end();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                main.stop();
            } finally {
                broker.close();
            }
        }));
        main.start();
        System.out.println(READY);
        main.run();
    }
}
