package vn.lienthong.gateway.dvcqg;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Which result codes (MaKetQua) each procedure (MaThuTuc) may ask DVCQG for: DVCQG refuses codes that do not
 * belong to the procedure being processed (seed 002 V.3), so the gateway checks first and says which code is wrong.
 * Loaded from {@code dvcqg/procedure-results.csv} (columns MaThuTuc, MaKetQua, TenKetQua, CanSoKyHieu, nguon) or
 * from a file given by DVCQG_PROCEDURE_RESULTS_FILE.
 */
public final class ProcedureResults {

    public static final String RESOURCE = "/dvcqg/procedure-results.csv";

    /** One result code of a procedure; {@code soKyHieuRequired} for papers issued many times (land-use certificates). */
    public record Result(String maKetQua, String tenKetQua, boolean soKyHieuRequired) {
    }

    private final Map<String, Map<String, Result>> byProcedure;
    private final String source;

    private ProcedureResults(Map<String, Map<String, Result>> byProcedure, String source) {
        this.byProcedure = byProcedure;
        this.source = source;
    }

    public static ProcedureResults load(String file) {
        if (file != null && !file.isBlank()) {
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                return read(r, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read DVCQG_PROCEDURE_RESULTS_FILE " + file, e);
            }
        }
        try (InputStream in = ProcedureResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static ProcedureResults read(Reader csv, String source) throws IOException {
        CsvMapper mapper = new CsvMapper();
        Map<String, Map<String, Result>> map = new LinkedHashMap<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String procedure = trim(row.get("MaThuTuc"));
                String result = trim(row.get("MaKetQua"));
                if (procedure.isEmpty() || result.isEmpty()) {
                    continue;
                }
                map.computeIfAbsent(procedure, k -> new LinkedHashMap<>())
                        .put(result, new Result(result, trim(row.get("TenKetQua")), "1".equals(trim(row.get("CanSoKyHieu")))));
            }
        }
        if (map.isEmpty()) {
            throw new IllegalStateException("the procedure -> result codes mapping " + source + " is empty");
        }
        map.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new ProcedureResults(Collections.unmodifiableMap(map), source);
    }

    public boolean knows(String maThuTuc) {
        return byProcedure.containsKey(maThuTuc);
    }

    public Optional<Result> result(String maThuTuc, String maKetQua) {
        return Optional.ofNullable(byProcedure.getOrDefault(maThuTuc, Map.of()).get(maKetQua));
    }

    public Set<String> resultCodes(String maThuTuc) {
        return byProcedure.getOrDefault(maThuTuc, Map.of()).keySet();
    }

    public String source() {
        return source;
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
