package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import vn.lienthong.gateway.sandbox.MolisaSimulator;
import vn.lienthong.gateway.support.GatewayHarness;

/** The MOLISA flow's logs (sent, rejected, refused, token refresh, dead letter) hold codes, never people or secrets. */
class MolisaLogPrivacyTest {

    @Test
    void logsNeverShowNamesIdNumbersPhonesPasswordsOrTokens() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String password = "m0lisa-Secret-0815";
        try (GatewayHarness gw = GatewayHarness.start(Map.of("MOLISA_PASSWORD", password, "RETRY_MAX", "2",
                "MOLISA_BATCH_WAIT_MS", "100"))) {
            MolisaSimulator sim = gw.gateway().bean("molisaSimulator", MolisaSimulator.class);
            gw.post("/api/molisa/dossiers", json.writeValueAsString(TestSupport.dossierInput("H22.08-260716-0001")));
            gw.awaitState("H22.08-260716-0001", "SENT");
            sim.revokeTokens();
            Map<String, Object> tooLong = TestSupport.dossierInput("H22.08-260716-0002");
            tooLong.put("HoVaTen", "Nguyễn Văn An " + "x".repeat(300));
            gw.post("/api/molisa/dossiers", json.writeValueAsString(tooLong));
            sim.refuseRecord("H22.08-260716-0003", "Trùng số định danh");
            gw.post("/api/molisa/dossiers", json.writeValueAsString(TestSupport.dossierInput("H22.08-260716-0003")));
            gw.post("/api/molisa/progress", json.writeValueAsString(TestSupport.progressInput("H22.08-260716-0001")));
            gw.awaitState("H22.08-260716-0002", "REJECTED");
            gw.awaitState("H22.08-260716-0003", "FAILED");
            gw.awaitState("H22.08-260716-0001", "SENT");
            sim.failNext(1000, MolisaSimulator.Fault.HTTP_500);
            gw.post("/api/molisa/decisions", json.writeValueAsString(TestSupport.decisionInput("H22.08-260716-0004")));
            gw.awaitQueued("DLQ.molisa.dispatch", Duration.ofSeconds(20), m -> true);
        } finally {
            root.detachAppender(captured);
        }
        String all = captured.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        assertThat(all).contains("H22.08-260716-0002").contains("token");
        for (String secret : List.of("001050012345", "0999999999", "Nguyễn Văn An", "Trần Văn A", "email@example.vn", password)) {
            assertThat(all).as("logs must not contain %s", secret).doesNotContain(secret);
        }
        assertThat(all).as("no session token (32 hex digits) in the logs").doesNotContainPattern("[0-9a-f]{32}");
    }
}
