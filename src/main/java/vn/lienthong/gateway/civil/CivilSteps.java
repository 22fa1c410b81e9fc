package vn.lienthong.gateway.civil;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.platform.FlowContext;
import vn.lienthong.gateway.platform.Heartbeats;
import vn.lienthong.gateway.platform.UpstreamCircuits;
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
    private static final Logger RELAY_LOG = LoggerFactory.getLogger("civil.status-relay");
    private static final Logger EVENTS_LOG = LoggerFactory.getLogger("civil.registration-events");

    private CivilSteps() {
    }

    /**
     * The PMHT push of the claimed dossier in headers maHoSo, contentVersion, pmhtModule (body: the PMHT JSON):
     * property {@code outcome} is SENT or FAILED; an unavailable PMHT throws (rollback, broker redelivery).
     */
    static Processor pmhtPush(CivilDispatch dispatch, CivilAcceptance acceptance) {
        return exchange -> {
            Message in = exchange.getMessage();
            String maHoSo = in.getHeader("maHoSo", String.class);
            String version = in.getHeader("contentVersion", String.class);
            // taken once: a second attempt within the same exchange must look for an in-doubt first request
            boolean claimCreated = Boolean.TRUE.equals(exchange.removeProperty("claimCreated"));
            String outcome = dispatch.push(maHoSo, version, in.getHeader("pmhtModule", String.class),
                    in.getBody(String.class), claimCreated);
            exchange.setProperty("outcome", outcome);
            // a refusal is shown to an operator (civil.status.anomaly)
            exchange.setProperty("anomaly", "FAILED".equals(outcome) ? dispatch.refusalAnomaly(maHoSo) : null);
            // an officer-accepted version no longer needs its waiting copy; one decided at intake never had one (a
            // read and a transaction fewer per dossier, BENCHMARKS.md)
            if (!Boolean.TRUE.equals(exchange.getProperty(DECIDED_AT_INTAKE))) {
                acceptance.pushed(maHoSo, version);
            }
        };
    }

    /**
     * The dispatch claim of headers maHoSo, contentVersion for this delivery: property {@code claim} (PROCEED...),
     * and {@code claimCreated} when this delivery created it (read by {@link #pmhtPush}). The claim's owner is header
     * dispatchOwner when the intake set it (the intake message's JMS id: the same on its redeliveries and on the copy
     * queued for dispatch when the push at once failed), else the JMS message id of the dispatch message.
     */
    static Processor dispatchClaim(CivilDispatch dispatch) {
        return exchange -> {
            Message in = exchange.getMessage();
            String owner = in.getHeader("dispatchOwner", String.class);
            DispatchClaims.Claimed claimed = dispatch.claimed(in.getHeader("maHoSo", String.class),
                    in.getHeader("contentVersion", String.class),
                    owner != null ? owner : in.getHeader("JMSMessageID", String.class));
            exchange.setProperty("claim", claimed.claim().name());
            exchange.setProperty("claimCreated", claimed.created());
        };
    }

    /**
     * HTTP intake of a dossier (bytes): a new trackingId, the parse check, and the message for its queue: property
     * {@code next} is {@code invalid} (body: the invalid entry, header gatewayReason) or {@code inbound} (body: the
     * text); properties {@code answerStatus} (400 | 202) and {@code answer} (JSON) for the caller.
     */
    static Processor httpIntake(CivilIntake intake) {
        return exchange -> {
            Message in = exchange.getMessage();
            byte[] bytes = in.getBody(byte[].class);
            String trackingId = UUID.randomUUID().toString();
            List<Problem> problems = intake.parseProblems(bytes);
            // from here on the body is text (strictly decoded when valid, so queues carry TextMessages)
            String text = intake.text(bytes);
            in.removeHeaders("*");
            in.setHeader("trackingId", trackingId);
            if (problems != null) {
                // the caller is told, and the operator still sees it in the invalid queue
                IntakeDecision invalid = intake.invalid(trackingId, text, null, problems);
                in.setHeader("gatewayReason", invalid.reason());
                in.setBody(invalid.body());
                exchange.setProperty("next", "invalid");
                exchange.setProperty("answerStatus", 400);
                exchange.setProperty("answer", intake.httpRejection(trackingId, problems));
            } else {
                in.setBody(text);
                exchange.setProperty("next", "inbound");
                exchange.setProperty("answerStatus", 202);
                exchange.setProperty("answer", "{\"trackingId\":\"" + trackingId + "\",\"status\":\"queued\"}");
            }
        };
    }

    /**
     * The checks of a queued dossier (body: text, or bytes that are not UTF-8): header trackingId kept (or the JMS
     * message id), then the decision on the message (CivilMessages.INTAKE_DECISION: headers maHoSo, pmhtModule,
     * contentVersion, gatewayReason, property next); every other header dropped (CivilMessages.keepOnly).
     */
    static Processor intakeCheck(CivilIntake intake) {
        return exchange -> {
            Message in = exchange.getMessage();
            String trackingId = trackingId(in);
            String messageId = in.getHeader("JMSMessageID", String.class);
            in.setBody(intake.checkBody(in.getBody(), trackingId));
            CivilMessages.INTAKE_DECISION.process(exchange);
            CivilMessages.keepOnly(in, CivilMessages.DECISION_HEADERS);
            if ("dispatch".equals(exchange.getProperty("next"))) {
                // the owner of the dispatch claim civil.push takes now: this intake message (the same on each of its
                // redeliveries), also for the copy queued for dispatch when the push at once fails
                in.setHeader("dispatchOwner", messageId != null ? messageId : trackingId);
                // decided here, at intake: this version never waited for an officer (see pmhtPush)
                exchange.setProperty(DECIDED_AT_INTAKE, true);
            }
        };
    }

    /**
     * Exchange property of a push at once from intake (not the dispatch queue's, which also carries the officers'
     * acceptances): the version never waited for an officer, so it has no waiting copy to drop.
     */
    static final String DECIDED_AT_INTAKE = "decidedAtIntake";

    /** An officer's decision posted for header maHoSo: property {@code check} (CivilAcceptance.Check). */
    static Processor decisionCheck(CivilAcceptance acceptance) {
        return exchange -> {
            Message in = exchange.getMessage();
            exchange.setProperty("check", acceptance.check(in.getHeader("maHoSo", String.class), in.getBody(String.class)));
        };
    }

    /** A queued officer's decision applied: the same message shape as {@link #intakeCheck}. */
    static Processor decisionApply(CivilAcceptance acceptance) {
        return exchange -> {
            Message in = exchange.getMessage();
            String trackingId = trackingId(in);
            in.setBody(acceptance.decide(in.getBody(String.class), trackingId));
            CivilMessages.INTAKE_DECISION.process(exchange);
        };
    }

    /** The result certificate (PDF bytes) of header maHoSo as the body, or null. */
    static Processor resultCertificate(ResultCertificates certificates) {
        return exchange -> exchange.getMessage().setBody(
                certificates.certificate(exchange.getMessage().getHeader("maHoSo", String.class)));
    }

    /**
     * The dossiers whose DVCLT updates have waited longer than {@code afterSeconds}: property {@code codes} (at most
     * 1000; none while DVCLT's circuit is open: the triggers already queued wait, adding more would only pile up) and
     * the run's answer in property {@code sweepAnswer}.
     */
    static Processor sweepCandidates(StatusRelay relay, UpstreamCircuits circuits, int afterSeconds) {
        return exchange -> {
            boolean open = "OPEN".equals(circuits.state("dvclt"));
            List<String> codes = open ? List.of() : relay.dossiersToRetrigger(afterSeconds, 1000);
            exchange.setProperty("codes", codes);
            exchange.setProperty("sweepAnswer", open ? "{\"retriggered\":0,\"reason\":\"dvclt circuit open\"}"
                    : "{\"retriggered\":" + codes.size() + "}");
        };
    }

    /** One DVCLT pull run (DvcltPull.run): property {@code listed} is the number of ids DVCLT listed. */
    static Processor dvcltPull(DvcltPull pull, DvcltClient dvclt, Heartbeats heartbeats) {
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
            // a completed run: exported as gateway_job_lag_seconds{job="dvclt-pull"} (alert: polling stalled)
            heartbeats.beat("dvclt-pull");
        };
    }

    /** One PMHT poll run (PmhtStatusPoller.poll): property {@code batches} is the number of status queries. */
    static Processor pmhtPoll(PmhtStatusPoller poller, PmhtClient pmht, Heartbeats heartbeats) {
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
                    // and the innermost cause's class: a refused anomaly send says why there, not in Camel's wrapper
                    POLL_LOG.warn("civil.pmht-poll: {}: {} ({}); the next run tries again", cause.getClass().getSimpleName(),
                            cause.getMessage(), rootName(cause));
                }

                @Override
                public void trigger(String maHoSo) {
                    p.sendBodyAndHeader("direct:civil.status-trigger", ExchangePattern.InOnly, "", "maHoSo", maHoSo);
                }

                @Override
                public void notTriggered(String maHoSo, RuntimeException cause) {
                    POLL_LOG.warn("Dossier {}: relay trigger not queued ({}); the status sweep sends its DVCLT updates",
                            maHoSo, rootName(cause));
                }
            }));
            // a completed run: exported as gateway_job_lag_seconds{job="pmht-poll"} (alert: polling stalled)
            heartbeats.beat("pmht-poll");
        };
    }

    /** The one header a relay pass keeps (the broker's redelivery count). */
    private static final java.util.Set<String> RELAY_HEADERS = CivilMessages.caseInsensitive("JMSXDeliveryCount");

    /**
     * Header of a trigger queued by a pass sent at once that did not finish: the claim that pass holds, which the
     * relay takes over at once instead of waiting for its lease to expire.
     */
    static final String RELAY_CLAIM = "relayClaim";

    /**
     * Sends the pending DVCLT updates of the dossier in header maHoSo for this trigger (StatusRelay.relayPending; the
     * JMS message id is the claimant, the same when the broker redelivers it, or the claim in header relayClaim):
     * properties {@code maHoSo}, {@code sent} (how many), {@code anomalies} (DVCLT's refusals for an operator) and
     * {@code relayBusy}; every header but JMSXDeliveryCount dropped.
     */
    static Processor relayPending(StatusRelay relay, DvcltClient dvclt) {
        return exchange -> {
            Message in = exchange.getMessage();
            String claim = in.getHeader(RELAY_CLAIM, String.class);
            relayPass(exchange, relay, dvclt, claim != null ? claim : in.getHeader("JMSMessageID", String.class));
            CivilMessages.keepOnly(in, RELAY_HEADERS);
        };
    }

    /**
     * The same pass, sent at once by the delivery that queued the updates (intake: a queue hop less per dossier,
     * BENCHMARKS.md). Property relayClaim names its claim, which a trigger queued when it fails or finds the dossier
     * claimed carries to the relay (header relayClaim); the headers stay.
     */
    static Processor relayAtOnce(StatusRelay relay, DvcltClient dvclt) {
        return exchange -> {
            String claim = "at-once/" + exchange.getExchangeId();
            exchange.setProperty(RELAY_CLAIM, claim);
            relayPass(exchange, relay, dvclt, claim);
        };
    }

    private static void relayPass(Exchange exchange, StatusRelay relay, DvcltClient dvclt, String claim) {
        String maHoSo = exchange.getMessage().getHeader("maHoSo", String.class);
        exchange.setProperty("maHoSo", maHoSo);
        StatusRelay.Pass pass = relay.relayPending(maHoSo, claim, dvclt,
                u -> RELAY_LOG.info("Dossier {}: DVCLT trangThai {} sent (seq {})", maHoSo, u.trangThai(), u.seq()));
        exchange.setProperty("sent", pass.sent().size());
        exchange.setProperty("anomalies", pass.anomalies());
        exchange.setProperty("relayBusy", pass.busy());
    }

    /**
     * Where the registration events go: to their reader at once, in this thread (the health flow's step behind
     * {@code direct:civil.registration-events}; the civil writes it follows are committed before), and when
     * that fails (no reader, the database) to the durable queue {@value #REGISTRATION_EVENTS}, whose consumer applies
     * it later: a queue hop less per dossier (BENCHMARKS.md). The template is made at the first event, once the
     * context runs.
     */
    static RegistrationEventPublisher.Sink registrationEventSink(FlowContext ctx) {
        AtomicReference<ProducerTemplate> producer = new AtomicReference<>();
        return (maHoSo, event, body) -> {
            ProducerTemplate p = producer(producer, ctx.camelContext());
            try {
                p.sendBody(REGISTRATION_EVENTS_AT_ONCE, ExchangePattern.InOnly, body);
                return;
            } catch (RuntimeException e) {
                EVENTS_LOG.info("Registration event {} of dossier {} not applied at once ({}); queued on {}", event,
                        maHoSo, rootName(e), REGISTRATION_EVENTS);
            }
            try {
                p.sendBody("jms:queue:" + REGISTRATION_EVENTS, ExchangePattern.InOnly, body);
            } catch (RuntimeException e) {
                // the civil step is done; the health flow's reconciliation (ledger states) catches up
                EVENTS_LOG.warn("Registration event {} of dossier {} not published ({}); the health reconciliation"
                        + " catches up", event, maHoSo, rootName(e));
            }
        };
    }

    /** The innermost cause's class (a Camel wrapper says nothing); never its message, which may quote data. */
    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    /**
     * The registration events' reader in this JVM (routes/health.camel.yaml). Without one running, the call fails at
     * once (block=false: a direct endpoint would otherwise hold the dossier's delivery 30 s waiting for a reader).
     */
    static final String REGISTRATION_EVENTS_AT_ONCE = "direct:civil.registration-events?block=false";
    static final String REGISTRATION_EVENTS = "civil.registration.events";

    /** After the PMHT push (property outcome): SENT tells other flows that PMHT has the dossier of header maHoSo. */
    static Processor registrationSent(RegistrationEventPublisher events) {
        return exchange -> {
            if ("SENT".equals(exchange.getProperty("outcome", String.class))) {
                events.sent(exchange.getMessage().getHeader("maHoSo", String.class),
                        exchange.getMessage().getHeader("pmhtModule", String.class));
            }
        };
    }

    /** Header trackingId, or the JMS message id when the sender set none (then kept as trackingId). */
    private static String trackingId(Message in) {
        String trackingId = in.getHeader("trackingId", String.class);
        if (trackingId == null) {
            trackingId = in.getHeader("JMSMessageID", String.class);
            in.setHeader("trackingId", trackingId);
        }
        return trackingId;
    }

    private static ProducerTemplate producer(AtomicReference<ProducerTemplate> ref, CamelContext context) {
        ProducerTemplate p = ref.get();
        if (p == null) {
            ref.compareAndSet(null, context.createProducerTemplate());
            p = ref.get();
        }
        return p;
    }

    static void bind(FlowContext ctx, CivilDispatch dispatch, CivilAcceptance acceptance, CivilIntake intake,
                     DvcltPull pull, PmhtStatusPoller poller, StatusRelay relay, ResultCertificates certificates,
                     PmhtClient pmht, DvcltClient dvclt, int sweepAfterSeconds) {
        ctx.bind("civilHttpIntake", httpIntake(intake));
        ctx.bind("civilIntakeCheck", intakeCheck(intake));
        ctx.bind("dispatchClaim", dispatchClaim(dispatch));
        ctx.bind("pmhtPush", pmhtPush(dispatch, acceptance));
        ctx.bind("decisionCheck", decisionCheck(acceptance));
        ctx.bind("decisionApply", decisionApply(acceptance));
        ctx.bind("dvcltPullRun", dvcltPull(pull, dvclt, ctx.heartbeats()));
        ctx.bind("pmhtPollRun", pmhtPoll(poller, pmht, ctx.heartbeats()));
        ctx.bind("relayPending", relayPending(relay, dvclt));
        ctx.bind("relayAtOnce", relayAtOnce(relay, dvclt));
        ctx.bind("sweepCandidates", sweepCandidates(relay, ctx.circuits(), sweepAfterSeconds));
        ctx.bind("resultCertificate", resultCertificate(certificates));
    }

}
