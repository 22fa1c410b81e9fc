package vn.lienthong.gateway.civil;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.Wiring;


/**
 * The civil flow's upstream work as one route step each: the routes say where messages go, the Java classes
 * (Camel-free) do the calls, loops and bookkeeping. These processors only carry values between the message and
 * those classes, and give them the queues they send to.
 */
@Wiring
final class CivilSteps {

    // the routes' loggers: the lines read as before, when the routes logged them
    private static final Logger PULL_LOG = LoggerFactory.getLogger("civil.dvclt-pull");
    private static final Logger POLL_LOG = LoggerFactory.getLogger("civil.pmht-poll");

    private CivilSteps() {
    }

    /**
     * The PMHT push of the claimed dossier in headers maHoSo, contentVersion, pmhtModule (body: the PMHT JSON):
     * property {@code outcome} is SENT or FAILED; an unavailable PMHT throws (rollback, broker redelivery).
     */
    static Processor pmhtPush(CivilDispatch dispatch) {
        return exchange -> {
            Message in = exchange.getMessage();
            exchange.setProperty("outcome", dispatch.push(in.getHeader("maHoSo", String.class),
                    in.getHeader("contentVersion", String.class), in.getHeader("pmhtModule", String.class),
                    in.getBody(String.class)));
        };
    }

    /** One DVCLT pull run (DvcltPull.run): property {@code listed} is the number of ids DVCLT listed. */
    static Processor dvcltPull(DvcltPull pull, DvcltClient dvclt) {
        AtomicReference<ProducerTemplate> producer = new AtomicReference<>();
        return exchange -> {
            ProducerTemplate p = producer(producer, exchange.getContext());
            exchange.setProperty("listed", pull.run(dvclt, new DvcltPull.Intake() {
                @Override
                public void enqueue(String trackingId, String inbound) {
                    // returns once the broker has the message on disk (blocking durable send)
                    p.sendBodyAndHeader("jms:queue:civil.dossier.inbound", ExchangePattern.InOnly, inbound,
                            "trackingId", trackingId);
                }

                @Override
                public void anomaly(String anomaly) {
                    p.sendBody("jms:queue:civil.status.anomaly", ExchangePattern.InOnly, anomaly);
                }

                @Override
                public void takenIn(String maHoSo, String dvcltId) {
                    PULL_LOG.info("DVCLT dossier {} (id {}) taken in", maHoSo, dvcltId);
                }

                @Override
                public void failed(RuntimeException cause) {
                    PULL_LOG.warn("civil.dvclt-pull: {}: {}; the next run tries again", cause.getClass().getSimpleName(),
                            cause.getMessage());
                }
            }));
        };
    }

    /** One PMHT poll run (PmhtStatusPoller.poll): property {@code batches} is the number of status queries. */
    static Processor pmhtPoll(PmhtStatusPoller poller, PmhtClient pmht) {
        AtomicReference<ProducerTemplate> producer = new AtomicReference<>();
        return exchange -> {
            ProducerTemplate p = producer(producer, exchange.getContext());
            exchange.setProperty("batches", poller.poll(pmht, new PmhtStatusPoller.Findings() {
                @Override
                public void anomaly(String anomaly) {
                    POLL_LOG.warn("Status anomaly: {}", anomaly);
                    p.sendBody("jms:queue:civil.status.anomaly", ExchangePattern.InOnly, anomaly);
                }

                @Override
                public void failed(RuntimeException cause) {
                    POLL_LOG.warn("civil.pmht-poll: {}: {}; the next run tries again", cause.getClass().getSimpleName(),
                            cause.getMessage());
                }

                @Override
                public void trigger(String maHoSo) {
                    p.sendBodyAndHeader("direct:civil.status-trigger", ExchangePattern.InOnly, "", "maHoSo", maHoSo);
                }
            }));
        };
    }

    /**
     * Sends the next DVCLT update of the dossier in property maHoSo for the trigger in property trigger
     * (StatusRelay.relayNext): properties {@code sent} (whether one was sent), {@code trangThai} and {@code seq} (of
     * that update), {@code anomaly} (DVCLT's refusal for an operator, or null) and {@code relayBusy}.
     */
    static Processor relayNextUpdate(StatusRelay relay, DvcltClient dvclt) {
        return exchange -> {
            StatusRelay.Relayed r = relay.relayNext(exchange.getProperty("maHoSo", String.class),
                    exchange.getProperty("trigger", String.class), dvclt);
            exchange.setProperty("sent", r.sent() != null);
            exchange.setProperty("trangThai", r.sent() == null ? null : r.sent().trangThai());
            exchange.setProperty("seq", r.sent() == null ? null : r.sent().seq());
            exchange.setProperty("anomaly", r.anomaly());
            exchange.setProperty("relayBusy", r.busy());
        };
    }

    private static ProducerTemplate producer(AtomicReference<ProducerTemplate> ref, CamelContext context) {
        ProducerTemplate p = ref.get();
        if (p == null) {
            ref.compareAndSet(null, context.createProducerTemplate());
            p = ref.get();
        }
        return p;
    }

    static void bind(FlowContext ctx, CivilDispatch dispatch, DvcltPull pull, PmhtStatusPoller poller, StatusRelay relay,
                     PmhtClient pmht, DvcltClient dvclt) {
        ctx.bind("pmhtPush", pmhtPush(dispatch));
        ctx.bind("dvcltPullRun", dvcltPull(pull, dvclt));
        ctx.bind("pmhtPollRun", pmhtPoll(poller, pmht));
        ctx.bind("relayNextUpdate", relayNextUpdate(relay, dvclt));
    }

}
