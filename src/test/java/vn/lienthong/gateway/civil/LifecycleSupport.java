package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import vn.lienthong.gateway.sandbox.DvcltSimulator;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Runs the lifecycle's schedules by hand (direct: routes) and reads what the simulators received. */
final class LifecycleSupport {

    final GatewayHarness gw;
    final DvcltSimulator dvclt;
    final PmhtSimulator pmht;
    private final ProducerTemplate producer;
    private final HttpClient http = HttpClient.newHttpClient();

    LifecycleSupport(GatewayHarness gw) {
        this.gw = gw;
        this.dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);
        this.pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
        this.producer = gw.gateway().camelContext().createProducerTemplate();
    }

    /** Now as DVCLT writes it (dd/MM/yyyy HH:mm:ss, Vietnam time). */
    String nowDvclt() {
        return java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"))
                .format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss"));
    }

    /** Posts a dossier and waits until it is pushed to PMHT and DVCLT has 1, 3 and 7; returns its maHoSo. */
    String sent(Map<String, Object> dossier) throws Exception {
        String maHoSo = (String) dossier.get("maHoSo");
        gw.post("/api/civil/dossiers", Dossiers.json(dossier));
        gw.awaitState(maHoSo, "SENT");
        awaitStatuses(maHoSo, 1, 3, 7);
        return maHoSo;
    }

    /** One DVCLT pull run, as the Quartz schedule would do it. */
    String pull() {
        return producer.requestBody("direct:civil.dvclt-pull", "", String.class);
    }

    /** One PMHT poll run. */
    String poll() {
        return producer.requestBody("direct:civil.pmht-poll", "", String.class);
    }

    String sweep() {
        return producer.requestBody("direct:civil.status-sweep", "", String.class);
    }

    /** Starts a seed 000 scenario the documented way: POST /sandbox/scenarios/{name} on the DVCLT simulator. */
    JsonNode scenario(String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dvclt.port()
                + "/sandbox/scenarios/" + name)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Dossiers.parse(r.body());
    }

    /** Waits until DVCLT received at least {@code expected.size()} updates, then asserts the exact sequence. */
    void awaitStatuses(String maHoSo, Integer... expected) {
        List<Integer> want = List.of(expected);
        awaitCount(maHoSo, want.size());
        assertThat(dvclt.statuses(maHoSo)).as("DVCLT statuses of " + maHoSo).isEqualTo(want);
    }

    private void awaitCount(String maHoSo, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> dvclt.statuses(maHoSo).size() >= count);
    }

    /**
     * Nothing more arrives: the expected updates came, the relay queue is drained and the sequence stays as it is.
     * The count is awaited first because an empty queue does not mean a delivered update: a trigger being consumed,
     * or waiting for a redelivery, is not seen by a browser (a CI run saw [1, 3, 7] where the 6 was still on its way).
     */
    void assertSettled(String maHoSo, Integer... expected) throws Exception {
        awaitCount(maHoSo, expected.length);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.browse("civil.status.outbound").isEmpty());
        Thread.sleep(150);
        assertThat(dvclt.statuses(maHoSo)).isEqualTo(List.of(expected));
    }
}
