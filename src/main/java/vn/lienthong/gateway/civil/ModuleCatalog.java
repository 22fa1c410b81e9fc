package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PMHT module codes and the DVCLT -> PMHT mapping, from {@code catalog/civil-registry-modules.csv}.
 * DVCLT sends interconnected dossiers as KS/KT, but PMHT must receive them as LTKS/LTKT, and every later
 * status query must use the pushed module (seed 000, common error 2).
 */
public final class ModuleCatalog {

    public static final String RESOURCE = "/catalog/civil-registry-modules.csv";

    private final Set<String> pmhtModules;
    /** DVCLT code -> PMHT code; wins over a PMHT module of the same name (KS, KT). */
    private final Map<String, String> fromDvclt;
    /** PMHT module -> the ketQuaXuLy field of its certificate, where the documents name it (DOMAIN.md F4). */
    private final Map<String, String> resultFields;

    private ModuleCatalog(Set<String> pmhtModules, Map<String, String> fromDvclt, Map<String, String> resultFields) {
        this.pmhtModules = Collections.unmodifiableSet(pmhtModules);
        this.fromDvclt = Collections.unmodifiableMap(fromDvclt);
        this.resultFields = Collections.unmodifiableMap(resultFields);
    }

    /** Loads the catalogue shipped on the classpath. */
    public static ModuleCatalog load() {
        try (InputStream in = ModuleCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a catalogue with header {@code module,api_version,meaning,arrives_from_dvclt_as} and an optional
     * {@code result_field} (the certificate's field in ketQuaXuLy; blank where no document names it).
     */
    public static ModuleCatalog read(Reader csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        Set<String> modules = new LinkedHashSet<>();
        Map<String, String> dvclt = new LinkedHashMap<>();
        Map<String, String> resultFields = new LinkedHashMap<>();
        try (MappingIterator<Map<String, String>> rows =
                     mapper.readerForMapOf(String.class).with(schema).readValues(csv)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String module = trim(row.get("module"));
                if (module.isEmpty()) {
                    continue;
                }
                modules.add(module);
                String arrivesAs = trim(row.get("arrives_from_dvclt_as"));
                if (!arrivesAs.isEmpty()) {
                    dvclt.put(arrivesAs, module);
                }
                String resultField = trim(row.get("result_field"));
                if (!resultField.isEmpty()) {
                    resultFields.put(module, resultField);
                }
            }
        }
        if (modules.isEmpty()) {
            throw new IllegalStateException("module catalogue is empty");
        }
        return new ModuleCatalog(modules, dvclt, resultFields);
    }

    /** Every module code PMHT knows. */
    public Set<String> pmhtModules() {
        return pmhtModules;
    }

    /** The PMHT module a dossier arriving with {@code module} is pushed as; empty when unknown. */
    public Optional<String> toPmht(String module) {
        if (module == null) {
            return Optional.empty();
        }
        String mapped = fromDvclt.get(module);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return pmhtModules.contains(module) ? Optional.of(module) : Optional.empty();
    }

    /**
     * The ketQuaXuLy field that carries the certificate of a dossier pushed as {@code pmhtModule}: giayKhaiSinh
     * (LTKS, KS) and giayKhaiTu (LTKT, KT) per DOMAIN.md F4; empty for the modules no document names it for (LTKH and
     * the v1.0 modules HN, KH, CMC, LH, GH, TGH), where the single PDF field of the result is taken.
     */
    public Optional<String> resultField(String pmhtModule) {
        return Optional.ofNullable(pmhtModule == null ? null : resultFields.get(pmhtModule));
    }

    /** Every certificate field the catalogue names. */
    public Set<String> namedResultFields() {
        return new LinkedHashSet<>(resultFields.values());
    }

    /** Empty when the module is known; otherwise a Problem on {@code field} listing the accepted codes. */
    public Optional<Problem> check(String field, String module) {
        if (toPmht(module).isPresent()) {
            return Optional.empty();
        }
        Set<String> accepted = new LinkedHashSet<>(fromDvclt.keySet());
        accepted.addAll(pmhtModules);
        return Optional.of(new Problem(field,
                "unknown module " + Texts.quote(module) + "; accepted: " + String.join(", ", accepted)));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
