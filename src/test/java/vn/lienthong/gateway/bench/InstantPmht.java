package vn.lienthong.gateway.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A PMHT stand-in that answers every push instantly with {"status":"1"} and counts. Unlike the sandbox
 * PmhtSimulator it keeps no bodies and takes no lock, so it is never the bottleneck. It records the arrival
 * time of each dossier (by maHoSoLT) for the latency measurement and notices duplicate pushes. Status queries (the
 * gateway's scheduled PMHT poll) are answered as PMHT would for dossiers it received and has not decided yet
 * (trangThai 1 for each), and are counted apart: they are not pushes.
 */
final class InstantPmht implements AutoCloseable {

    private static final byte[] ANSWER = "{\"status\":\"1\",\"statusDescription\":\"OK\",\"errorCode\":\"\",\"errorDescription\":\"\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String KEY = "\"maHoSoLT\":\"";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "instant-pmht");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong statusQueries = new AtomicLong();
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile ObjLongConsumer<String> onArrival;

    static {
        // The JDK server writes the response headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // holds the body until the client's delayed ACK (~40 ms), which capped each dispatch consumer at ~25 pushes/s.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    InstantPmht() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/pmht/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pmht";
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        if (ex.getRequestURI().getPath().endsWith("/trangthai")) {
            statusQuery(ex);
            return;
        }
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            int at = body.indexOf(KEY);
            String maHoSo = at < 0 ? "?" : body.substring(at + KEY.length(), body.indexOf('"', at + KEY.length()));
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ANSWER);
            }
            if (!seen.add(maHoSo)) {
                duplicates.incrementAndGet();
            }
            ObjLongConsumer<String> listener = onArrival;
            if (listener != null) {
                listener.accept(maHoSo, now);
            }
            lastArrivalNanos.accumulateAndGet(now, Math::max);
            count.incrementAndGet();
        }
    }

    /** Every queried dossier is "1" (received, waiting for the officer), as for a registry that has not decided. */
    private void statusQuery(HttpExchange ex) throws IOException {
        try (ex) {
            var q = json.readTree(ex.getRequestBody());
            var answer = json.createObjectNode();
            answer.put("status", 1);
            answer.put("statusDescription", "Thành công");
            var value = answer.putArray("value");
            for (var code : q.path("maDinhDanhHoSo")) {
                var item = value.addObject();
                item.put("maTinh", q.path("maTinh").asText());
                item.put("module", q.path("module").asText());
                item.put("maHoSoLT", code.asText());
                item.put("maHoSoMCDT", code.asText());
                item.putArray("errors");
                item.put("trangThai", "1");
                item.put("thoiGianThucHien", "27/11/2026 08:00:00");
                item.put("ghiChu", "Đã tiếp nhận");
                item.put("ketQuaXuLy", "");
            }
            byte[] out = json.writeValueAsBytes(answer);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
            statusQueries.incrementAndGet();
        }
    }

    long statusQueries() {
        return statusQueries.get();
    }

    void onArrival(ObjLongConsumer<String> listener) {
        this.onArrival = listener;
    }

    long count() {
        return count.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    /** Waits until {@code target} pushes arrived; returns the nanoTime of the last one, or -1 on timeout. */
    long awaitCount(long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (count.get() < target) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(2);
        }
        return lastArrivalNanos.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
