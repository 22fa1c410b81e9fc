package vn.lienthong.gateway.dvcqg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * Which result codes (MaKetQua) each procedure (MaThuTuc) may ask DVCQG for. Seed 002 V.3: "các mã kết quả cần tìm
 * kiếm phải ứng với thủ tục đang xử lý nếu không hệ thống API DVCQG sẽ báo lỗi không hợp lệ" — DVCQG itself refuses
 * codes that do not belong to the procedure; the province keeps its procedures' result codes in step with the
 * national procedure database (seed 002 II). So the gateway checks a procedure it has a mapping for (and says which
 * code is wrong, before anything reaches DVCQG), and sends a procedure it has none for to DVCQG, which validates.
 * <p>
 * The mapping is the province's file DVCQG_PROCEDURE_RESULTS_FILE (columns MaThuTuc, MaKetQua, TenKetQua,
 * CanSoKyHieu, nguon; UTF-8, one row a line), reloadable at run time ({@link #reload}): a bad file is refused whole,
 * naming the line and the reason, and the mapping in use stays. Without a file: the seed's examples in the sandbox
 * ({@link #sample}), none elsewhere ({@link #none}).
 */
public final class ProcedureResults {

    public static final String RESOURCE = "/dvcqg/procedure-results.csv";
    static final List<String> REQUIRED_COLUMNS = List.of("MaThuTuc", "MaKetQua");
    static final int MAX_VALUE = 200;

    /** One result code of a procedure; {@code soKyHieuRequired} for papers issued many times (land-use certificates). */
    public record Result(String maKetQua, String tenKetQua, boolean soKyHieuRequired) {
    }

    /** A file that cannot be used: the message names the file, the line and the reason. */
    public static final class BadFileException extends IllegalArgumentException {
        public BadFileException(String message) {
            super(message);
        }
    }

    private record Mapping(Map<String, Map<String, Result>> byProcedure, String source) {
        int codes() {
            return byProcedure.values().stream().mapToInt(Map::size).sum();
        }
    }

    private final String file;
    private volatile Mapping mapping;

    private ProcedureResults(String file, Mapping mapping) {
        this.file = file;
        this.mapping = mapping;
    }

    /** The province's file; a bad one throws {@link BadFileException} (the gateway does not start with it). */
    public static ProcedureResults fromFile(String file) {
        return new ProcedureResults(file, readFile(file));
    }

    /** The seed's examples (classpath {@value #RESOURCE}), for the sandbox and tests. */
    public static ProcedureResults sample() {
        try (InputStream in = ProcedureResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new ProcedureResults(null, parse(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** No mapping: DVCQG checks every procedure's codes. */
    public static ProcedureResults none() {
        return new ProcedureResults(null, new Mapping(Map.of(), "no DVCQG_PROCEDURE_RESULTS_FILE"));
    }

    /** {@code file} when set, else the seed's examples. */
    public static ProcedureResults load(String file) {
        return file != null && !file.isBlank() ? fromFile(file) : sample();
    }

    /** A mapping read from {@code csv} (not reloadable); throws {@link BadFileException} naming the line. */
    public static ProcedureResults read(Reader csv, String source) throws IOException {
        return new ProcedureResults(null, parse(csv, source));
    }

    /**
     * Reads DVCQG_PROCEDURE_RESULTS_FILE again and uses it from the next lookup on. A bad file changes nothing and
     * throws {@link BadFileException} (file, line, reason). Returns what is now in use, in words (codes only).
     */
    public String reload() {
        if (file == null) {
            throw new IllegalStateException("DVCQG_PROCEDURE_RESULTS_FILE is not set: there is no file to reload ("
                    + mapping.source() + " is in use)");
        }
        Mapping fresh;
        try {
            fresh = readFile(file);
        } catch (BadFileException e) {
            Mapping kept = mapping;
            throw new BadFileException(e.getMessage() + "; the mapping in use stays (" + describe(kept) + ")");
        }
        mapping = fresh;
        return describe(fresh);
    }

    /** What is in use, e.g. "12 procedures, 40 result codes from /etc/gateway/procedures.csv". */
    public String describe() {
        return describe(mapping);
    }

    public boolean knows(String maThuTuc) {
        return mapping.byProcedure().containsKey(maThuTuc);
    }

    public Optional<Result> result(String maThuTuc, String maKetQua) {
        return Optional.ofNullable(mapping.byProcedure().getOrDefault(maThuTuc, Map.of()).get(maKetQua));
    }

    public Set<String> resultCodes(String maThuTuc) {
        return mapping.byProcedure().getOrDefault(maThuTuc, Map.of()).keySet();
    }

    public int procedures() {
        return mapping.byProcedure().size();
    }

    public String source() {
        return mapping.source();
    }

    private static String describe(Mapping m) {
        return m.byProcedure().size() + " procedures, " + m.codes() + " result codes from " + m.source();
    }

    private static Mapping readFile(String file) {
        Path path = Path.of(file);
        // strict UTF-8: a file saved in another encoding would silently mangle Vietnamese names
        try (Reader r = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return parse(r, "DVCQG_PROCEDURE_RESULTS_FILE " + file);
        } catch (CharacterCodingException e) {
            throw new BadFileException("DVCQG_PROCEDURE_RESULTS_FILE " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadFileException("cannot read DVCQG_PROCEDURE_RESULTS_FILE " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Parses the whole text; the first problem found throws, naming its line (1 = the header). */
    private static Mapping parse(Reader csv, String source) throws IOException {
        ObjectReader rows = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);
        BufferedReader lines = new BufferedReader(csv);
        Map<String, Integer> columns = null;
        Map<String, Map<String, Result>> map = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark, as spreadsheets write it
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] values = values(rows, line, source, number);
            if (columns == null) {
                columns = header(values, source, number);
                continue;
            }
            if (values.length > columns.size()) {
                throw bad(source, number, values.length + " values but the header names " + columns.size()
                        + " columns (a comma inside a value must be quoted)");
            }
            String procedure = value(values, columns, "MaThuTuc");
            String code = value(values, columns, "MaKetQua");
            String name = value(values, columns, "TenKetQua");
            String many = value(values, columns, "CanSoKyHieu");
            if (procedure.isEmpty()) {
                throw bad(source, number, "MaThuTuc is empty");
            }
            if (code.isEmpty()) {
                throw bad(source, number, "MaKetQua is empty");
            }
            for (String[] v : List.of(new String[] {"MaThuTuc", procedure}, new String[] {"MaKetQua", code})) {
                if (v[1].length() > MAX_VALUE || v[1].chars().anyMatch(c -> c < 0x20 || Character.isWhitespace(c))) {
                    throw bad(source, number, v[0] + " must be a code without spaces (at most " + MAX_VALUE + " characters)");
                }
            }
            if (!many.isEmpty() && !many.equals("0") && !many.equals("1")) {
                throw bad(source, number, "CanSoKyHieu must be 0, 1 or empty, not '" + clip(many) + "'");
            }
            String key = procedure + "\u0000" + code;
            Integer earlier = firstLine.putIfAbsent(key, number);
            if (earlier != null) {
                throw bad(source, number, "MaThuTuc " + procedure + " with MaKetQua " + code + " repeats line " + earlier);
            }
            map.computeIfAbsent(procedure, k -> new LinkedHashMap<>()).put(code, new Result(code, name, "1".equals(many)));
        }
        if (columns == null) {
            throw bad(source, Math.max(number, 1), "no header line (MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon)");
        }
        map.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new Mapping(Collections.unmodifiableMap(map), source);
    }

    private static String[] values(ObjectReader rows, String line, String source, int number) {
        try (MappingIterator<String[]> it = rows.readValues(line)) {
            String[] v = it.hasNextValue() ? it.nextValue() : null;
            return v == null ? new String[0] : v;
        } catch (IOException | RuntimeException e) {
            throw bad(source, number, "not a CSV row (check the quotes)");
        }
    }

    private static Map<String, Integer> header(String[] values, String source, int number) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String name = values[i] == null ? "" : values[i].strip();
            if (columns.putIfAbsent(name, i) != null) {
                throw bad(source, number, "column " + name + " appears twice in the header");
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw bad(source, number, "the header has no column " + required
                        + " (expected MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon)");
            }
        }
        return columns;
    }

    private static String value(String[] values, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        return i == null || i >= values.length || values[i] == null ? "" : values[i].strip();
    }

    private static BadFileException bad(String source, int line, String reason) {
        return new BadFileException(source + " line " + line + ": " + reason);
    }

    private static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
