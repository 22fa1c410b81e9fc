package vn.lienthong.gateway.security;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.camel.ServiceStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * The committed hostile corpus (src/test/resources/hostile, scripts/gen-hostile-corpus.py) through both intakes:
 * every input ends as an HTTP 4xx or an invalid-queue entry with a reason, no route breaks, and valid dossiers
 * sent in between are still delivered.
 */
class HostileInputTest {

    @Test
    void everyHostileInputIsRefusedWithAReasonAndValidDossiersStillFlow() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hostile"))) {
            corpus = files.sorted().toList();
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        try (GatewayHarness gw = GatewayHarness.start(Map.of("CIVIL_MAX_ATTACHMENT_BYTES", String.valueOf(1024 * 1024),
                "CIVIL_INTAKE_CONSUMERS", "2"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = gw.baseUrl();
            Map<String, String> awaitedInInvalid = new HashMap<>(); // trackingId -> file
            Map<String, Integer> httpRefused = new HashMap<>();
            List<String> validCodes = new ArrayList<>();
            int i = 0;
            try (Connection c = gw.gateway().connectionFactory().createConnection();
                 Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                MessageProducer producer = s.createProducer(s.createQueue("civil.dossier.inbound"));
                for (Path file : corpus) {
                    byte[] bytes = Files.readAllBytes(file);
                    String name = file.getFileName().toString();
                    HttpResponse<String> r = http.send(gw.authorized(HttpRequest.newBuilder(URI.create(base + "/api/civil/dossiers")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("HTTP answer to %s", name).isIn(202, 400, 413);
                    if (r.statusCode() == 202) {
                        awaitedInInvalid.put(parse(r.body()).path("trackingId").asText(), "http " + name);
                    } else {
                        httpRefused.put(name, r.statusCode());
                    }
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(bytes);
                    String trackingId = "jms-" + name;
                    m.setStringProperty("trackingId", trackingId);
                    producer.send(m);
                    awaitedInInvalid.put(trackingId, "jms " + name);
                    if (++i % 25 == 0) {
                        String code = "HV.VALID-260713-" + String.format("%04d", i);
                        validCodes.add(code);
                        if (i % 50 == 0) {
                            gw.post("/api/civil/dossiers", json(Dossiers.birth(code)));
                        } else {
                            gw.send("civil.dossier.inbound", json(Dossiers.birth(code)));
                        }
                    }
                }
            }
            Map<String, GatewayHarness.QueuedMessage> invalidByTracking = gw.consumeUntil("civil.dossier.invalid",
                    "trackingId", Duration.ofSeconds(180), got -> got.keySet().containsAll(awaitedInInvalid.keySet()));
            assertThat(invalidByTracking.keySet()).containsAll(awaitedInInvalid.keySet());
            for (Map.Entry<String, String> e : awaitedInInvalid.entrySet()) {
                GatewayHarness.QueuedMessage entry = invalidByTracking.get(e.getKey());
                assertThat(entry.properties().get("gatewayReason")).as("reason for %s", e.getValue()).isNotBlank();
                assertThat(entry.text()).as("no file content leaked for %s", e.getValue()).doesNotContain("root:x:0:0");
            }
            for (String code : validCodes) {
                gw.awaitState(code, "SENT");
            }
            assertThat(gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).accepted()).hasSize(validCodes.size());
            assertThat(gw.browse("civil.dossier.review")).isEmpty();
            assertThat(gw.browse("DLQ.civil.validate")).isEmpty();
            for (var route : gw.gateway().camelContext().getRoutes()) {
                if (!route.isAutoStartup()) {
                    continue; // schedules switched off in the test configuration
                }
                assertThat(gw.gateway().camelContext().getRouteController().getRouteStatus(route.getRouteId()))
                        .as(route.getRouteId()).isEqualTo(ServiceStatus.Started);
            }
            System.out.printf("hostile corpus: %d files, %d refused at the HTTP edge, %d invalid-queue entries, %d valid delivered%n",
                    corpus.size(), httpRefused.size(), awaitedInInvalid.size(), validCodes.size());
        }
    }
}
