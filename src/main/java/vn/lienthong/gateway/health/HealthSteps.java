package vn.lienthong.gateway.health;

import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.lienthong.gateway.platform.Wiring;

/** The health flow's route steps that carry values between a message and the Camel-free classes. */
@Wiring
final class HealthSteps {

    private HealthSteps() {
    }

    /**
     * One civil registration event applied (RegistrationEvents.apply): property {@code next} is {@code invalid}
     * (body: the health.invalid entry, header gatewayReason) or {@code done} (property {@code summary}).
     */
    static Processor registrationEvent(RegistrationEvents events) {
        return exchange -> {
            Message in = exchange.getMessage();
            RegistrationEvents.Outcome o = events.apply(in.getBody(String.class), in.getHeader("JMSMessageID", String.class));
            exchange.setProperty("summary", o.summary());
            if (o.invalidEntry() != null) {
                in.removeHeaders("*");
                in.setHeader("gatewayReason", o.reason());
                in.setBody(o.invalidEntry());
                exchange.setProperty("next", "invalid");
            } else {
                exchange.setProperty("next", "done");
            }
        };
    }
}
