package vn.lienthong.gateway.sandbox;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 000's end-to-end test scenarios, set up on the DVCLT and PMHT simulators: a dossier is offered on DVCLT's
 * list and PMHT is scripted; the gateway's own pull, poll and relay do the rest. Each answer names the dossier
 * and the DVCLT status sequence the scenario must produce (GET /sandbox/dvclt shows what DVCLT received).
 */
public final class SandboxScenarios implements DvcltSimulator.Scenarios {

    public static final List<String> NAMES = List.of("TH1", "DVCLT_01-03", "1-3-7-2-3-7-6", "rejection");
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter DVCLT = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");

    private final DvcltSimulator dvclt;
    private final PmhtSimulator pmht;
    private final Clock clock;
    private final AtomicInteger seq;

    public SandboxScenarios(DvcltSimulator dvclt, PmhtSimulator pmht, Clock clock) {
        this.dvclt = dvclt;
        this.pmht = pmht;
        this.clock = clock;
        // distinct codes across runs of a sandbox that keeps its database
        this.seq = new AtomicInteger((int) (clock.millis() / 1000 % 9000));
    }

    @Override
    public Map<String, Object> start(String name) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(VIETNAM));
        String received = now.format(DVCLT);
        int n = seq.incrementAndGet() % 10000;
        String day = now.format(DateTimeFormatter.ofPattern("yyMMdd"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", name);
        String maHoSo;
        switch (name) {
            case "TH1" -> {
                // TH1: birth registration of a Vietnamese citizen, registered and the certificate issued
                maHoSo = String.format("1120.00.10.%s.%04d", day, n);
                pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.waiting(), PmhtSimulator.Stage.processing(),
                        PmhtSimulator.Stage.registered())));
                out.put("expectedStatuses", List.of(1, 3, 7, 4, 5));
            }
            case "DVCLT_01-03" -> {
                // citizen files (1), the one-stop-shop accepts (3) and sends to PMHT (7); PMHT keeps it waiting
                maHoSo = String.format("G22.99.08-%s-%04d", day, n);
                pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.waiting())));
                out.put("expectedStatuses", List.of(1, 3, 7));
            }
            case "1-3-7-2-3-7-6" -> {
                // supplementation requested; the citizen supplements; PMHT then rejects
                maHoSo = String.format("G22.99.08-%s-%04d", day, n);
                String deadline = now.plusDays(5).withHour(17).withMinute(0).withSecond(0).format(DVCLT);
                pmht.script(maHoSo, List.of(
                        List.of(PmhtSimulator.Stage.supplement("Bổ sung bản sao giấy chứng sinh có chứng thực", deadline)),
                        List.of(PmhtSimulator.Stage.processing(),
                                PmhtSimulator.Stage.rejected("Người yêu cầu không đủ điều kiện đăng ký"))));
                dvclt.onStatus(maHoSo, u -> {
                    if (u.trangThai() == 2) {
                        dvclt.offer("SB-" + maHoSo + "-v2", SandboxDossiers.birth(maHoSo, "T" + n + "-2", received, 2));
                    }
                });
                out.put("expectedStatuses", List.of(1, 3, 7, 2, 3, 7, 6));
            }
            case "rejection" -> {
                // the production check: the registry refuses the dossier
                maHoSo = String.format("H08.37.80-%s-%04d", day, n);
                pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.rejected("Hồ sơ không thuộc thẩm quyền giải quyết"))));
                out.put("expectedStatuses", List.of(1, 3, 7, 6));
            }
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + NAMES);
        }
        dvclt.offer("SB-" + maHoSo, SandboxDossiers.birth(maHoSo, "T" + n, received, 1));
        out.put("maHoSo", maHoSo);
        out.put("note", "with CIVIL_AUTO_ACCEPT=false the officer's decision (POST /api/civil/dossiers/" + maHoSo
                + "/decision) gives 3, or 6 on rejection");
        return out;
    }
}
