package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Everything the gateway logs while handling good, bad and failing dossiers is free of personal data and secrets. */
class LogPrivacyTest {

    @Test
    void logsNeverShowIdNumbersPhonesNamesOrPasswords() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String password = "pmht-Secret-4711";
        try (GatewayHarness gw = GatewayHarness.start(Map.of("PMHT_PASSWORD", password, "RETRY_MAX", "2"))) {
            gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-5001")));
            gw.awaitState("G22.99.08-260713-5001", "SENT");
            Map<String, Object> bad = Dossiers.birth("G22.99.08-260713-5002");
            Dossiers.data(bad).put("nycSoDienThoai", "09x12345678");
            Dossiers.data(bad).put("meSoGiayToTuyThan", "001195000077!");
            gw.post("/api/civil/dossiers", json(bad));
            gw.gateway().pmhtSimulator().failNext(5, PmhtSimulator.Fault.HTTP_500);
            gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-5003")));
            gw.awaitState("G22.99.08-260713-5002", "REJECTED");
            org.awaitility.Awaitility.await().until(() -> !gw.browse("DLQ.civil.dispatch").isEmpty());
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.toList());
        assertThat(lines).isNotEmpty();
        String all = String.join("\n", lines);
        assertThat(all).contains("G22.99.08-260713-5002"); // codes are logged, so the test can see the flow
        for (String secret : List.of("001195000077", "0912345678", "09x12345678", "Trần Thị Mẫu", "Nguyễn Văn Thử", password)) {
            assertThat(all).as("logs must not contain %s", secret).doesNotContain(secret);
        }
    }
}
