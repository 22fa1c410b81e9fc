package vn.lienthong.gateway.dvcqg;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.Wiring;

/**
 * The DVCQG login as {@link DvcqgTokens} calls it: through the route direct:dvcqg.login (routes/dvcqg.camel.yaml, the
 * security server's headers), with a failure of the call itself counted against the dvcqg circuit. An open circuit and
 * DVCQG's own refusals (DvcqgException) are not counted: they are not the upstream being down.
 */
@Wiring
final class DvcqgLogin implements DvcqgTokens.LoginCall {

    private final Supplier<CamelContext> camel;
    private final UpstreamCircuits circuits;
    private ProducerTemplate template;

    DvcqgLogin(Supplier<CamelContext> camel, UpstreamCircuits circuits) {
        this.camel = camel;
        this.circuits = circuits;
    }

    @Override
    public DvcqgTokens.LoginAnswer call(String requestBody) {
        Exchange done = template().request("direct:dvcqg.login", e -> e.getIn().setBody(requestBody));
        Exception failure = done.getException();
        if (failure != null) {
            if (!(failure instanceof CallNotPermittedException) && !(failure instanceof DvcqgException)) {
                circuits.recordFailure("dvcqg", failure);
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("DVCQG login failed", failure);
        }
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new DvcqgTokens.LoginAnswer(status == null ? 0 : status, done.getMessage().getBody(String.class));
    }

    /** Created on first use: the Camel context's routes exist only once the gateway has started. */
    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camel.get().createProducerTemplate();
        }
        return template;
    }
}
