package vn.lienthong.gateway.civil;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.FlowContext;
import org.apache.camel.Message;
import org.apache.camel.Processor;


/**
 * Puts the civil beans' answers on the message in one step. The routes first read them with simple expressions
 * such as {@code ${body.maHoSo()}}, but every such method call copies the whole exchange (headers included) before
 * invoking: with six per dossier at intake (and five per DVCLT update in the relay, now StatusRelay.relay) it was ~8% of the gateway's CPU
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

    static void bind(FlowContext ctx) {
        ctx.bind("intakeDecisionToMessage", INTAKE_DECISION);
    }
}
