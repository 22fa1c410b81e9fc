package vn.lienthong.gateway.civil;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.FlowContext;
import org.apache.camel.Message;
import org.apache.camel.Processor;


/**
 * Puts the civil beans' answers on the message in one step. The routes first read them with simple expressions
 * such as {@code ${body.maHoSo()}}, but every such method call copies the whole exchange (headers included) before
 * invoking: with six per dossier at intake and five per DVCLT update in the relay it was ~8% of the gateway's CPU
 * (BENCHMARKS.md).
 */
@Wiring
final class CivilMessages {

    private CivilMessages() {
    }

    /**
     * An {@link IntakeDecision} body becomes headers maHoSo, pmhtModule, contentVersion, gatewayReason, the
     * property {@code next} (its route) and the body it carries.
     */
    static final Processor INTAKE_DECISION = exchange -> {
        Message in = exchange.getMessage();
        IntakeDecision d = in.getBody(IntakeDecision.class);
        in.setHeader("maHoSo", d.maHoSo());
        in.setHeader("pmhtModule", d.modulePushed());
        in.setHeader("contentVersion", d.contentVersion());
        in.setHeader("gatewayReason", d.reason());
        exchange.setProperty("next", d.route());
        in.setBody(d.body());
    };

    /**
     * The status update in property {@code next} ({@link StatusRelay.Outgoing}) becomes the body, and properties
     * updateId, trangThai and seq.
     */
    static final Processor STATUS_UPDATE = exchange -> {
        StatusRelay.Outgoing next = exchange.getProperty("next", StatusRelay.Outgoing.class);
        exchange.setProperty("updateId", next.id());
        exchange.setProperty("trangThai", next.trangThai());
        exchange.setProperty("seq", next.seq());
        exchange.getMessage().setBody(next.body());
    };

    /**
     * Claims the next DVCLT update of the dossier in property maHoSo for the trigger in property trigger
     * ({@link StatusRelay#claim}): property {@code next} is the update or null, and {@code relayBusy} says whether
     * another sender holds it (then the trigger comes back later).
     */
    static Processor claimNextUpdate(StatusRelay relay) {
        return exchange -> {
            StatusRelay.Claimed c = relay.claim(exchange.getProperty("maHoSo", String.class),
                    exchange.getProperty("trigger", String.class));
            exchange.setProperty("next", c.next());
            exchange.setProperty("relayBusy", c.busy());
        };
    }

    static void bind(FlowContext ctx, StatusRelay relay) {
        ctx.bind("claimNextUpdate", claimNextUpdate(relay));
        ctx.bind("intakeDecisionToMessage", INTAKE_DECISION);
        ctx.bind("statusUpdateToMessage", STATUS_UPDATE);
    }
}
