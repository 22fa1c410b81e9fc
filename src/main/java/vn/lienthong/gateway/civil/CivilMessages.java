package vn.lienthong.gateway.civil;

import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.platform.FlowContext;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /** The headers the validate route's decision carries on (every other one is dropped). */
    static final Set<String> DECISION_HEADERS = caseInsensitive("trackingId", "maHoSo", "pmhtModule", "contentVersion",
            "gatewayReason");

    /**
     * Drops every header of {@code m} but {@code kept} (names compared as Camel compares header names, ignoring
     * case). The same as a route's {@code removeHeaders} with an {@code excludePattern}, which compiles its pattern
     * as a regular expression once per header of every message (~2% of the gateway's CPU, BENCHMARKS.md).
     */
    static void keepOnly(Message m, Set<String> kept) {
        m.getHeaders().keySet().removeIf(name -> !kept.contains(name));
    }

    static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    static void bind(FlowContext ctx) {
        ctx.bind("intakeDecisionToMessage", INTAKE_DECISION);
    }
}
