package vn.lienthong.gateway.civil;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.DossierMetaStore;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.ledger.StatusOutbox;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;
import vn.lienthong.gateway.security.JsonFailures;

/**
 * Status updates to DVCLT (DOMAIN.md F3): builds each update's body, queues it once in the outbox (dedup key
 * maHoSo + trangThai + content version; status 1 once per dossier), and hands the relay route a dossier's
 * updates one at a time in sequence order. The body is complete at queue time except the certificate, which is
 * read from the result store when the update is sent (the outbox row stays small).
 */
public class StatusRelay {

    public static final DateTimeFormatter DVCLT_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");

    /** An update ready to POST: {@code body} is the exact DVCLT body. */
    public record Outgoing(String maHoSo, int seq, int trangThai, String body) {
    }

    /** What an update says beyond its code; null fields take the gateway's defaults. */
    public record Detail(String ghiChu, String noiDungXuLy, String nguoiXuLy, String chucDanh, String phongBanXuLy,
                         String thoiGianThucHien, Map<String, Object> ketQuaXuLy, String hanBoSungHoSo,
                         String resultSha, String resultField) {

        public static Detail of(String ghiChu, String noiDungXuLy) {
            return new Detail(ghiChu, noiDungXuLy, null, null, null, null, null, null, null, null);
        }
    }

    private final StatusOutbox outbox;
    private final DossierMetaStore meta;
    private final Ledger ledger;
    private final FileStore results;
    private final ResultRecords resultRecords;
    private final Clock clock;
    private final RelaySettings settings;
    private final ObjectMapper json = new ObjectMapper();
    /** This relay's identity in claims (one per JVM start: a restarted node never inherits a dead one's claims). */
    private final String instance = java.util.UUID.randomUUID().toString().substring(0, 13);
    private java.time.Duration claimLease = java.time.Duration.ofSeconds(25);

    public StatusRelay(StatusOutbox outbox, DossierMetaStore meta, Ledger ledger, FileStore results,
                       ResultRecords resultRecords, Clock clock, RelaySettings settings) {
        this.resultRecords = resultRecords;
        this.outbox = outbox;
        this.meta = meta;
        this.ledger = ledger;
        this.results = results;
        this.clock = clock;
        this.settings = settings;
    }

    /** Queues an update unless the same (dossier, status, version) was queued before; true when queued now. */
    public boolean queue(String maHoSo, int trangThai, String version, Detail d) {
        return queue(maHoSo, trangThai, version, d, null);
    }

    /**
     * {@link #queue(String, int, String, Detail)} with the dossier's DVCLT facts already at hand ({@code meta}, as
     * {@link #rememberDossier} returned them in the same transaction): they are not read again. Null: read.
     */
    public boolean queue(String maHoSo, int trangThai, String version, Detail d, DossierMetaStore.Meta meta) {
        return queueAll(maHoSo, meta, java.util.List.of(new Queued(trangThai, version, d))) == 1;
    }

    /** An update to queue: its code, the content version it is about (null: none) and what it says. */
    public record Queued(int trangThai, String version, Detail detail) {
    }

    /**
     * Queues several updates of one dossier in this order, each once (dedup key maHoSo + trangThai + version; status
     * 1 once per dossier), with one read of the dossier's outbox rows; returns how many were queued now.
     */
    public int queueAll(String maHoSo, DossierMetaStore.Meta meta, java.util.List<Queued> updates) {
        java.util.List<StatusOutbox.NewUpdate> rows = new java.util.ArrayList<>(updates.size());
        for (Queued q : updates) {
            String key = maHoSo + "|" + q.trangThai() + "|"
                    + (q.trangThai() == DvcltStatus.RECEIVED || q.version() == null ? "-" : q.version());
            // the trail shows it as "queued" from the outbox row itself (no event row of its own: BENCHMARKS.md)
            rows.add(new StatusOutbox.NewUpdate(q.trangThai(), key, write(body(maHoSo, q.trangThai(), q.detail(), meta)),
                    q.detail().resultSha(), q.detail().resultField()));
        }
        return (int) outbox.addAll(maHoSo, rows).stream().filter(Boolean::booleanValue).count();
    }

    /** Records the DVCLT facts the updates repeat; the appointment is the processing time after {@code from}. */
    public DossierMetaStore.Meta rememberDossier(String maHoSo, String maTTHC, String maDonVi, LocalDateTime received,
                                                 LocalDateTime from) {
        LocalDateTime start = from != null ? from : received;
        return meta.save(maHoSo, maTTHC, maDonVi, received == null ? null : received.format(DVCLT_TIME),
                start == null ? null : addWorkingDays(start, settings.processingDays()).format(DVCLT_TIME));
    }

    /** Dossiers whose pending updates were last triggered long enough ago (lost or dead-lettered triggers). */
    public java.util.List<String> dossiersToRetrigger(int olderThanSeconds, int limit) {
        return outbox.dossiersToRetrigger(clock.instant().minusSeconds(olderThanSeconds), limit);
    }

    /** The dossier's updates in sequence order as "trangThai:state" (tests, operations). */
    public java.util.List<String> history(String maHoSo) {
        return outbox.history(maHoSo);
    }

    /** The dossier's next unsent update, or null when everything was sent (read only: no claim, tests). */
    public Outgoing next(String maHoSo) {
        return outgoing(outbox.nextPending(maHoSo));
    }

    /** How long a claim holds: longer than a token call plus a status call at the upstream timeout, plus a margin. */
    public void setClaimLease(java.time.Duration lease) {
        this.claimLease = lease;
    }

    public long claimLeaseMillis() {
        return claimLease.toMillis();
    }

    private String claimant(String trigger) {
        String c = instance + "/" + (trigger == null ? "-" : trigger);
        return c.length() <= 120 ? c : c.substring(0, 120);
    }

    private Outgoing outgoing(Optional<StatusOutbox.Update> u) {
        if (u.isEmpty()) {
            return null;
        }
        StatusOutbox.Update update = u.get();
        String body = update.body();
        if (update.resultSha() != null) {
            body = withCertificate(body, update.resultSha(), update.resultField());
        }
        return new Outgoing(update.maHoSo(), update.seq(), update.trangThai(), body);
    }

    private String withCertificate(String body, String sha, String field) {
        byte[] pdf = results.get(sha).orElseThrow(() -> new IllegalStateException(
                "certificate " + sha.substring(0, 12) + " is missing from the result store"));
        try {
            ObjectNode node = (ObjectNode) json.readTree(body);
            ObjectNode result = (ObjectNode) json.readTree(node.path("ketQuaXuLy").asText("{}"));
            result.put(field == null ? "giayChungNhan" : field, Base64.getEncoder().encodeToString(pdf));
            node.put("ketQuaXuLy", json.writeValueAsString(result));
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Jackson's message would quote the stored body (personal data) into the logs and DLQ headers
            throw JsonFailures.unreadable("status update body", e);
        }
    }

    /** What one relay pass did: the updates DVCLT took, in order, the refusals for an operator, and busy. */
    public record Pass(java.util.List<Outgoing> sent, java.util.List<String> anomalies, boolean busy) {
    }

    /**
     * Sends the dossier's pending updates one after another until none is left or another sender holds the next one
     * ({@code busy}); {@code onSent} hears each update as DVCLT takes it. Each update is claimed for this relay for
     * the claim lease ({@link StatusOutbox#claim}) before it is sent and marked sent (or refused) once DVCLT answered;
     * the mark of one update and the claim of the next share a transaction, and the next is the one the pass's first
     * read found behind it (no second read, BENCHMARKS.md). {@code trigger} names the relaying delivery (its JMS
     * message id): a redelivery of the same trigger to this node takes its own claim back at once; any other sender
     * waits until the claim expires. An answer that is not one throws, so the trigger is rolled back and redelivered
     * and the rest waits: what was sent before it is marked sent. The pass ends without another claim when nothing
     * was pending behind the last update sent: an update queued meanwhile by another step comes with its own trigger.
     */
    public Pass relayPending(String maHoSo, String trigger, DvcltClient dvclt, java.util.function.Consumer<Outgoing> onSent) {
        java.util.List<Outgoing> sent = new java.util.ArrayList<>();
        java.util.List<String> anomalies = new java.util.ArrayList<>();
        StatusOutbox.Claim claimed = outbox.claim(maHoSo, claimant(trigger), claimLease);
        while (claimed.update().isPresent()) {
            Outgoing update = outgoing(claimed.update());
            UpstreamResponse answer = dvclt.status(update.body());
            String refusal = refusal(update.trangThai(), answer.status(), answer.body());
            boolean result = update.trangThai() == DvcltStatus.RESULT;
            StatusOutbox.Claim following = null;
            if (refusal != null) {
                anomalies.add(refused(update, refusal));
            } else if (claimed.more() && !result) {
                following = markSentAndClaimNextRetrying(claimed, trigger);
            } else {
                markSentRetrying(update.seq(), maHoSo);
                if (result) {
                    resultDelivered(maHoSo);
                }
            }
            sent.add(update);
            onSent.accept(update);
            if (following != null) {
                claimed = following;
            } else if (claimed.more() || result) {
                // after the result (4) the "returned" update (5) was just queued: it goes in this pass
                claimed = outbox.claim(maHoSo, claimant(trigger), claimLease);
            } else {
                return new Pass(java.util.List.copyOf(sent), java.util.List.copyOf(anomalies), false);
            }
        }
        return new Pass(java.util.List.copyOf(sent), java.util.List.copyOf(anomalies), claimed.busy());
    }

    /**
     * Why DVCLT's answer refuses the update (HTTP 4xx, or a body whose {@code status} is not a success), for an
     * operator; null when it took it. An answer that is not one never reaches here (the client throws).
     */
    private String refusal(int trangThai, Integer httpStatus, String responseBody) {
        int code = httpStatus == null ? 0 : httpStatus;
        JsonNode answer = parse(responseBody);
        boolean refused = code >= 400 || (answer != null && answer.has("status") && !isOk(answer.get("status")));
        return refused ? "DVCLT refused trangThai " + trangThai + " (HTTP " + code + "): " + message(answer, responseBody)
                : null;
    }

    /** A refusal is final for that update: it is marked REFUSED and the returned anomaly (JSON) goes to review. */
    private String refused(Outgoing update, String why) {
        outbox.markRefused(update.maHoSo(), update.seq(), why);
        ledger.event(update.maHoSo(), "dvclt-status", "REFUSED", why);
        return Anomalies.of(update.maHoSo(), "DVCLT_REFUSED_STATUS", why, clock);
    }

    /** DVCLT has the result (4): the dossier is RESULT_DELIVERED and the "result returned" update (5) is queued. */
    private void resultDelivered(String maHoSo) {
        ledger.transition(maHoSo, DossierState.RESULT_DELIVERED, "dvclt-status", "result delivered to DVCLT");
        Map<String, Object> facts = resultFacts(maHoSo);
        queue(maHoSo, DvcltStatus.RESULT_RETURNED, ledger.find(maHoSo).map(v -> v.contentVersion()).orElse(null),
                new Detail("Đã trả kết quả", "Đã trả kết quả giải quyết hồ sơ", null, null, null, null, facts,
                        null, null, null));
    }

    /** {@link #markSentRetrying} that also claims the update behind it ({@link StatusOutbox#markSentAndClaimNext}). */
    private StatusOutbox.Claim markSentAndClaimNextRetrying(StatusOutbox.Claim current, String trigger) {
        return retryingAfterDelivery(() -> outbox.markSentAndClaimNext(current, claimant(trigger), claimLease));
    }

    /**
     * DVCLT already has this update: a database hiccup now (e.g. a PostgreSQL restart) must not roll the delivery
     * back, or the update would be sent a second time. Retries for a few seconds before giving up.
     */
    private void markSentRetrying(int seq, String maHoSo) {
        // the trail shows the delivery from the row's sent_at (no event row of its own: BENCHMARKS.md)
        retryingAfterDelivery(() -> {
            outbox.markSent(maHoSo, seq);
            return null;
        });
    }

    private static <T> T retryingAfterDelivery(java.util.function.Supplier<T> write) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The registration facts (without the file) repeated in the "result returned" update. */
    private Map<String, Object> resultFacts(String maHoSo) {
        Map<String, Object> facts = new LinkedHashMap<>();
        resultRecords.find(maHoSo).ifPresent(r -> {
            facts.put("soDinhDanh", nz(r.soDinhDanh()));
            facts.put("soDangKy", nz(r.soDangKy()));
            facts.put("quyenSo", nz(r.quyenSo()));
            facts.put("trangSo", nz(r.trangSo()));
            facts.put("ngayDangKy", nz(r.ngayDangKy()));
        });
        return facts;
    }

    private Map<String, Object> body(String maHoSo, int trangThai, Detail d, DossierMetaStore.Meta known) {
        DossierMetaStore.Meta m = known != null && maHoSo.equals(known.maHoSo()) ? known : meta.find(maHoSo).orElse(new DossierMetaStore.Meta(maHoSo, null, null, null, null, null));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("maTTHC", nz(m.maTTHC()));
        b.put("soHoSoLT", maHoSo);
        b.put("coQuanXuLy", nz(m.maDonVi()));
        b.put("maHoSo", maHoSo);
        b.put("trangThai", trangThai);
        b.put("thoiGianThucHien", d.thoiGianThucHien() != null ? d.thoiGianThucHien() : now());
        b.put("ghiChu", nz(d.ghiChu()));
        b.put("ketQuaXuLy", write(d.ketQuaXuLy() == null ? Map.of() : d.ketQuaXuLy()));
        b.put("nguoiXuLy", d.nguoiXuLy() != null ? d.nguoiXuLy() : settings.nguoiXuLy());
        b.put("chucDanh", d.chucDanh() != null ? d.chucDanh() : settings.chucDanh());
        b.put("phongBanXuLy", d.phongBanXuLy() != null ? d.phongBanXuLy() : settings.phongBanXuLy());
        b.put("noiDungXuLy", nz(d.noiDungXuLy()));
        b.put("ngayBatDau", nz(m.ngayTiepNhan()));
        b.put("ngayKetThucTheoQuyDinh", nz(m.hanTra()));
        b.put("ngayHenTraTruoc", nz(m.hanTraTruoc()));
        b.put("ngayHenTraMoi", nz(m.hanTra()));
        b.put("hanBoSungHoSo", nz(d.hanBoSungHoSo()));
        return b;
    }

    public String now() {
        return LocalDateTime.now(clock.withZone(DossierDates.VIETNAM)).format(DVCLT_TIME);
    }

    static LocalDateTime addWorkingDays(LocalDateTime from, int days) {
        LocalDateTime d = from;
        int added = 0;
        while (added < days) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return d;
    }

    private static boolean isOk(JsonNode status) {
        String s = status.asText();
        return "1".equals(s) || "200".equals(s) || "true".equalsIgnoreCase(s) || "ok".equalsIgnoreCase(s)
                || "success".equalsIgnoreCase(s);
    }

    private static String message(JsonNode answer, String raw) {
        if (answer != null) {
            for (String f : new String[] {"message", "errorDescription", "statusDescription", "error"}) {
                if (answer.hasNonNull(f)) {
                    return answer.get(f).asText();
                }
            }
        }
        return raw == null ? "" : raw.substring(0, Math.min(200, raw.length()));
    }

    private JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : json.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a status update", e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
