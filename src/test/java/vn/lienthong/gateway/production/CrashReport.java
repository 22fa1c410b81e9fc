package vn.lienthong.gateway.production;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Figures of the crash rounds, printed to the test output and written to target/crash-report.txt. */
final class CrashReport {

    /** {@code pushedTwice}: dossiers PMHT received more than one push request for (whatever it answered). */
    record Row(String fault, int round, int dossiers, int lost, int duplicated, double recoverySeconds, int sendRetries,
               int pmhtRequests, int pushedTwice, String note) {
    }

    private static final Path FILE = Path.of("target", "crash-report.txt");
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized void note(String line) {
        notes.add(line);
    }

    synchronized List<Row> rows(String fault) {
        return rows.stream().filter(r -> r.fault().equals(fault)).toList();
    }

    synchronized String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %5s %8s %5s %10s %12s %10s %12s %13s  %s%n", "fault", "round", "dossiers", "lost",
                "duplicated", "pushed twice", "recovery s", "send retries", "pmht requests", "note"));
        for (Row r : rows) {
            sb.append(String.format("%-12s %5d %8d %5d %10d %12d %10.1f %12d %13d  %s%n", r.fault(), r.round(), r.dossiers(),
                    r.lost(), r.duplicated(), r.pushedTwice(), r.recoverySeconds(), r.sendRetries(), r.pmhtRequests(),
                    r.note()));
        }
        for (String fault : rows.stream().map(Row::fault).distinct().toList()) {
            List<Row> of = rows(fault);
            sb.append(String.format("%-12s total: %d dossiers, %d lost, %d duplicated, %d pushed twice, recovery max %.1f s,"
                    + " mean %.1f s%n", fault, of.stream().mapToInt(Row::dossiers).sum(), of.stream().mapToInt(Row::lost).sum(),
                    of.stream().mapToInt(Row::duplicated).sum(), of.stream().mapToInt(Row::pushedTwice).sum(),
                    of.stream().mapToDouble(Row::recoverySeconds).max().orElse(0),
                    of.stream().mapToDouble(Row::recoverySeconds).average().orElse(0)));
        }
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    /** Prints the table and rewrites the file, so a run that stops half-way still leaves its figures. */
    synchronized void publish(String heading) {
        String text = "== " + heading + " ==\n" + table();
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, "Crash tests of the production topology (ProductionTopologyTest)\n"
                    + "recovery s = from the fault to every dossier of the round SENT in the ledger and accepted by PMHT\n\n"
                    + table(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("cannot write " + FILE + ": " + e);
        }
    }
}
