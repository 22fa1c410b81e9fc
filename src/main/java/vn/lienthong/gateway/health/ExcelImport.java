package vn.lienthong.gateway.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004 solution 3: a hospital that cannot connect exports its HIS records to Excel; the file is imported row
 * by row through the same checks as a pushed record, and a per-row report (row, number, accepted/rejected,
 * action, reason) is written beside it. A file that is too big, has too many rows, is not a readable .xlsx,
 * looks like a zip bomb or has no recognizable sheet is refused whole: no row of it is imported.
 */
public class ExcelImport {

    private static final Logger LOG = LoggerFactory.getLogger(ExcelImport.class);
    public static final String SOURCE = "EXCEL";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");

    /** Size limits: whole file, data rows, and the uncompressed size of any one zip entry. */
    public record Limits(long maxBytes, int maxRows, long maxEntryBytes) {
    }

    public record RowResult(String sheet, int row, String kind, String number, String status, String action, String reason) {
    }

    /**
     * What happened to a file. {@code outcome}: IMPORTED (every row answered; some may be rejected), REFUSED
     * (nothing imported), TOO_LARGE (refused, over the size limit) or INTERRUPTED (the database failed part way;
     * rows before {@code rows} ended were imported, re-importing the file updates them).
     */
    public record Report(String name, String outcome, String reason, List<RowResult> rows, String target, String reportFile) {

        public long accepted() {
            return rows.stream().filter(r -> "accepted".equals(r.status())).count();
        }

        public long rejected() {
            return rows.stream().filter(r -> "rejected".equals(r.status())).count();
        }

        public boolean imported() {
            return "IMPORTED".equals(outcome);
        }

        public int httpCode() {
            return switch (outcome) {
                case "IMPORTED" -> 200;
                case "TOO_LARGE" -> 413;
                case "INTERRUPTED" -> 503;
                default -> 422;
            };
        }

        /** Where the file route moves the file: done/ or failed/ (relative to the watched folder). */
        public String moveTo() {
            return target;
        }

        public String summary() {
            return name + ": " + outcome.toLowerCase(Locale.ROOT) + (reason == null ? "" : " (" + reason + ")")
                    + ", " + accepted() + " accepted, " + rejected() + " rejected";
        }
    }

    private final EvidenceIntake intake;
    private final Limits limits;
    private final Path importDir;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ExcelImport(EvidenceIntake intake, Limits limits, Path importDir, Clock clock) {
        this.intake = intake;
        this.limits = limits;
        this.importDir = importDir;
        this.clock = clock;
        // POI's zip-bomb guards are process-wide: entries that inflate more than 100x, or beyond the entry size
        // limit, fail the read, and the file is refused.
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(limits.maxEntryBytes());
    }

    public Path importDir() {
        return importDir;
    }

    /** A file dropped in the watched folder. The report is written into the folder the file is moved to. */
    public Report importDropped(String absolutePath) {
        Path file = Path.of(absolutePath);
        String name = file.getFileName().toString();
        String stamped = stamp() + "-" + safeName(name);
        Report r = importPath(file, name);
        String folder = r.imported() ? "done" : "failed";
        Path reportFile = importDir.resolve(folder).resolve(stamped + ".report.csv");
        writeReport(reportFile, r);
        LOG.info("Excel import {}", r.summary());
        return new Report(r.name(), r.outcome(), r.reason(), r.rows(), folder + "/" + stamped, reportFile.toString());
    }

    /** An upload over HTTP: kept under uploads/ with its report beside it, unless it is over the size limit. */
    public Report importUpload(byte[] body, String requestedName) {
        String name = safeName(requestedName == null || requestedName.isBlank() ? "upload.xlsx" : requestedName);
        if (body == null || body.length == 0) {
            return new Report(name, "REFUSED", "the body is empty: send the .xlsx file as the request body",
                    List.of(), null, null);
        }
        if (body.length > limits.maxBytes()) {
            return tooLarge(name, body.length);
        }
        String stamped = stamp() + "-" + name;
        Path saved = importDir.resolve("uploads").resolve(stamped);
        try {
            Files.createDirectories(saved.getParent());
            Files.write(saved, body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the uploaded file under " + saved.getParent() + ": " + e.getMessage(), e);
        }
        Report r = importPath(saved, name);
        Path reportFile = saved.resolveSibling(stamped + ".report.csv");
        writeReport(reportFile, r);
        LOG.info("Excel upload {}", r.summary());
        return new Report(r.name(), r.outcome(), r.reason(), r.rows(), "uploads/" + stamped, reportFile.toString());
    }

    Report importPath(Path file, String name) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return new Report(name, "REFUSED", "the file cannot be read: " + e.getClass().getSimpleName(), List.of(), null, null);
        }
        if (size > limits.maxBytes()) {
            return tooLarge(name, size);
        }
        List<ExcelSheetReader.Row> rows;
        try {
            rows = new ExcelSheetReader(limits.maxRows()).read(file);
        } catch (ExcelSheetReader.Refused e) {
            return new Report(name, "REFUSED", e.getMessage(), List.of(), null, null);
        }
        List<RowResult> results = new ArrayList<>(rows.size());
        for (ExcelSheetReader.Row row : rows) {
            try {
                EvidenceIntake.Answer a = intake.receive(row.kind(), row.values(), SOURCE, null);
                results.add(new RowResult(row.sheet(), row.rowNumber(), row.kind().name().toLowerCase(Locale.ROOT),
                        a.key(), a.status(), a.action(), a.accepted() ? null : a.reason()));
            } catch (RuntimeException e) {
                // the store failed: say exactly how far the import got instead of pretending it finished
                return new Report(name, "INTERRUPTED", "stopped at row " + row.rowNumber() + " of sheet '" + row.sheet()
                        + "' (" + e.getClass().getSimpleName() + "); the rows before it were imported, import the file"
                        + " again to finish (imported rows are then updated)", results, null, null);
            }
        }
        return new Report(name, "IMPORTED", null, results, null, null);
    }

    private Report tooLarge(String name, long size) {
        return new Report(name, "TOO_LARGE", "the file has " + size + " bytes, more than the limit of "
                + limits.maxBytes() + " (HEALTH_IMPORT_MAX_BYTES); split it", List.of(), null, null);
    }

    /** The HTTP answer: counts, outcome and every row's result. */
    public String json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.name());
        m.put("status", r.outcome().toLowerCase(Locale.ROOT));
        if (r.reason() != null) {
            m.put("reason", r.reason());
        }
        m.put("accepted", r.accepted());
        m.put("rejected", r.rejected());
        m.put("report", r.reportFile() == null ? null : importDir.relativize(Path.of(r.reportFile())).toString());
        m.put("rows", r.rows());
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The per-row report as CSV (UTF-8 with BOM, so Excel shows Vietnamese text correctly). */
    public static String csv(Report r) {
        StringBuilder sb = new StringBuilder("\uFEFFrow,sheet,kind,number,status,action,reason\r\n");
        if (!r.imported()) {
            sb.append("0,,,,").append(r.outcome().toLowerCase(Locale.ROOT)).append(",,").append(cell(r.reason())).append("\r\n");
        }
        for (RowResult row : r.rows()) {
            sb.append(row.row()).append(',').append(cell(row.sheet())).append(',').append(cell(row.kind())).append(',')
                    .append(cell(row.number())).append(',').append(cell(row.status())).append(',')
                    .append(cell(row.action())).append(',').append(cell(row.reason())).append("\r\n");
        }
        return sb.toString();
    }

    private static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        // a value Excel would run as a formula when the report is opened
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /**
     * Retention: deletes the kept workbooks and reports (done/, failed/, uploads/) last modified before
     * {@code cutoff}: they hold hospital records in clear. Returns how many files were deleted.
     */
    public int deleteKeptFilesOlderThan(java.time.Instant cutoff) {
        int n = 0;
        for (String folder : List.of("done", "failed", "uploads")) {
            Path dir = importDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(f);
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot clean the import folder " + dir + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    private static void writeReport(Path reportFile, Report r) {
        try {
            Files.createDirectories(reportFile.getParent());
            Files.writeString(reportFile, csv(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the import report " + reportFile + ": " + e.getMessage(), e);
        }
    }

    private String stamp() {
        return STAMP.format(clock.instant().atZone(EvidenceRules.VIETNAM));
    }

    static String safeName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "file" + base;
        }
        return base.length() > 100 ? base.substring(base.length() - 100) : base;
    }
}
