package vn.lienthong.gateway.ops;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Calls the console API of a harness gateway the way the page does (JSON, Authorization: Bearer). */
final class ConsoleClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ConsoleClient(GatewayHarness gw) {
        this.base = "http://127.0.0.1:" + gw.gateway().config().httpPort();
    }

    String base() {
        return base;
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return call("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        return call("POST", path, token, body);
    }

    String login(String user, String password) throws Exception {
        HttpResponse<String> r = post("/api/ops/login", null,
                Dossiers.json(java.util.Map.of("user", user, "password", password)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login " + user + ": " + r.statusCode() + " " + r.body());
        }
        return Dossiers.parse(r.body()).path("token").asText();
    }

    JsonNode messages(String queue, String token) throws Exception {
        HttpResponse<String> r = get("/api/ops/queues/" + queue + "/messages", token);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return Dossiers.parse(r.body()).path("messages");
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
