package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one inbound DVCLT dossier and converts it into PMHT's push body (flows F1 -> F2).
 * Plain values in, plain values out; no transport, no logging (dossiers carry personal data).
 * {@link #process(String)} never throws: every defect of the input becomes a {@link Problem}.
 */
public final class CivilDossierProcessor {

    private static final java.util.regex.Pattern PROCEDURE_CODE = java.util.regex.Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]*");

    private static final Pattern DOSSIER_CODE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    static final int MAX_CODE = 50;
    static final int MAX_UNIT_CODE = 10;

    private final UnitCodeChecker units;
    private final ModuleCatalog modules;
    private final CivilLimits limits;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final DvcltXmlReader xmlReader;
    private final CivilDataRules dataRules;
    private final AttachmentRules attachmentRules;
    private final PmhtPushBody pushBody;

    public CivilDossierProcessor(AddressNormalizer addresses, UnitCodeChecker units, ModuleCatalog modules,
                                 CivilLimits limits) {
        this(addresses, units, modules, limits, Clock.system(DossierDates.VIETNAM));
    }

    /** @param clock decides "now" for the not-in-the-future check of ngayTiepNhan */
    public CivilDossierProcessor(AddressNormalizer addresses, UnitCodeChecker units, ModuleCatalog modules,
                                 CivilLimits limits, Clock clock) {
        this.units = Objects.requireNonNull(units, "units");
        this.modules = Objects.requireNonNull(modules, "modules");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = newMapper(limits);
        // The envelope and data object take two levels of the JSON depth budget.
        this.xmlReader = new DvcltXmlReader(Math.max(1, limits.maxJsonDepth() - 1));
        this.dataRules = new CivilDataRules(Objects.requireNonNull(addresses, "addresses"));
        this.attachmentRules = new AttachmentRules(limits);
        this.pushBody = new PmhtPushBody(mapper);
    }

    /** Checks and converts one dossier. Never throws. */
    public CivilOutcome process(String inboundJson) {
        try {
            return processChecked(inboundJson);
        } catch (RuntimeException | StackOverflowError e) {
            // Last line of defence for the "never throws" promise; a bug here must not kill the route.
            return new CivilOutcome.Invalid(null, List.of(new Problem("$",
                    "internal error while checking the dossier (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private CivilOutcome processChecked(String inboundJson) {
        ProblemList problems = new ProblemList();
        Optional<ObjectNode> parsed = parseEnvelope(inboundJson, problems);
        if (parsed.isEmpty()) {
            return new CivilOutcome.Invalid(null, problems.toList());
        }
        ObjectNode env = parsed.get();

        String maHoSo = dossierCode(env, "maHoSo", true, problems);
        String maHoSoMCDT = dossierCode(env, "maHoSoMCDT", false, problems);
        String maTTHC = string(env, "maTTHC", true, problems);
        if (maTTHC != null && maTTHC.length() > MAX_CODE) {
            problems.add("maTTHC", "is longer than " + MAX_CODE + " characters");
        } else if (maTTHC != null && !PROCEDURE_CODE.matcher(maTTHC).matches()) {
            problems.add("maTTHC", "must be a procedure code such as 1.001193 (letters, digits, '.', '-', '_')");
        }
        String moduleIn = string(env, "module", true, problems);
        String modulePushed = null;
        if (moduleIn != null) {
            modules.check("module", moduleIn).ifPresent(problems::add);
            modulePushed = modules.toPmht(moduleIn).orElse(null);
        }
        LocalDateTime received = received(env, problems);
        LocalDate registrationDate = received == null ? null : received.toLocalDate();
        String maDonVi = unitCode(env, registrationDate, problems);

        Map<String, Object> data = data(env, problems);
        List<AddressOutcome.Ambiguous> ambiguities = new ArrayList<>();
        Map<String, Object> pmhtData = null;
        if (data != null) {
            // Without a known module the required fields are unknown; the other rules still apply.
            pmhtData = dataRules.check(modulePushed == null ? "" : modulePushed, data, registrationDate,
                    problems, ambiguities);
        }
        List<Map<String, Object>> files = attachmentRules.check(env.get("fileDinhKem"), problems);

        String maTinh = null;
        if (problems.isEmpty()) {
            maTinh = province(maDonVi, registrationDate, problems);
        }
        if (!problems.isEmpty()) {
            return new CivilOutcome.Invalid(maHoSo, problems.toList());
        }
        if (!ambiguities.isEmpty()) {
            return new CivilOutcome.NeedsReview(maHoSo, maDonVi, List.copyOf(ambiguities));
        }
        String push = pushBody.build(maDonVi, modulePushed, maHoSo, maHoSoMCDT == null ? maHoSo : maHoSoMCDT,
                received, pmhtData, files);
        // the envelope is not read after this: its attachment contents go (the push body already has them)
        return new CivilOutcome.Ready(maHoSo, moduleIn, modulePushed, maTinh, maDonVi,
                PmhtPushBody.contentVersion(push), push, maTTHC, received, KeptPayload.of(env, mapper));
    }

    private Optional<ObjectNode> parseEnvelope(String json, ProblemList problems) {
        if (json == null || json.isBlank()) {
            problems.add("$", "input is empty");
            return Optional.empty();
        }
        long bytes = utf8Length(json, limits.maxDocumentBytes());
        if (bytes > limits.maxDocumentBytes()) {
            problems.add("$", "document is larger than the limit of " + limits.maxDocumentBytes() + " bytes");
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            String msg = String.valueOf(e.getOriginalMessage());
            problems.add("$", msg.contains("nesting depth")
                    ? "JSON nests deeper than " + limits.maxJsonDepth() + " levels"
                    : "document exceeds a parser limit (string, name, number or document length)");
            return Optional.empty();
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String msg = String.valueOf(e.getOriginalMessage());
            problems.add("$", msg.startsWith("Duplicate field")
                    ? "not valid JSON" + where + ": duplicate field " + Texts.quote(duplicateName(msg))
                    : "not valid JSON" + where);
            return Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            // found by the fuzzer: a number such as 888…e888 overflows while the tree is built
            problems.add("$", "not valid JSON: a number is out of range");
            return Optional.empty();
        }
        if (root == null || root.isMissingNode()) {
            problems.add("$", "input is empty");
            return Optional.empty();
        }
        if (!root.isObject()) {
            problems.add("$", "must be a JSON object, got " + JsonValues.typeName(root));
            return Optional.empty();
        }
        return Optional.of((ObjectNode) root);
    }

    /** The value of a string envelope field, or null after reporting why it is unusable. */
    private static String string(ObjectNode env, String name, boolean required, ProblemList problems) {
        JsonNode v = env.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(name, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(name, "must be a string, got " + JsonValues.typeName(v));
            return null;
        }
        String s = v.textValue().trim();
        if (s.isEmpty()) {
            if (required) {
                problems.add(name, "must not be blank");
            }
            return null;
        }
        return s;
    }

    private static String dossierCode(ObjectNode env, String name, boolean required, ProblemList problems) {
        String s = string(env, name, required, problems);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_CODE) {
            problems.add(name, "is longer than " + MAX_CODE + " characters");
            return null;
        }
        if (!DOSSIER_CODE.matcher(s).matches()) {
            problems.add(name, "may contain only letters, digits, '.', '-' and '_'");
            return null;
        }
        return s;
    }

    private LocalDateTime received(ObjectNode env, ProblemList problems) {
        String s = string(env, "ngayTiepNhan", true, problems);
        if (s == null) {
            return null;
        }
        DossierDates.Parsed<LocalDateTime> parsed = DossierDates.parseReceived(s);
        if (parsed.value() == null) {
            problems.add("ngayTiepNhan", parsed.reason());
            return null;
        }
        LocalDateTime latest = LocalDateTime.now(clock.withZone(DossierDates.VIETNAM)).plusDays(1);
        if (parsed.value().isAfter(latest)) {
            problems.add("ngayTiepNhan", "is more than one day in the future");
            return null;
        }
        return parsed.value();
    }

    private String unitCode(ObjectNode env, LocalDate registrationDate, ProblemList problems) {
        String s = string(env, "maDonVi", true, problems);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_UNIT_CODE || !DIGITS.matcher(s).matches()) {
            problems.add("maDonVi", "must be a unit code of at most " + MAX_UNIT_CODE + " digits");
            return null;
        }
        if (registrationDate == null) {
            return s; // which catalogue applies is unknown; the date problem is reported already
        }
        Optional<String> reason;
        try {
            reason = units.checkMaDonVi(s, registrationDate);
        } catch (RuntimeException e) {
            problems.add("maDonVi", "could not be checked: the unit code checker failed");
            return null;
        }
        if (reason != null && reason.isPresent()) {
            problems.add("maDonVi", reason.get());
            return null;
        }
        return s;
    }

    private String province(String maDonVi, LocalDate date, ProblemList problems) {
        Optional<String> maTinh;
        try {
            maTinh = units.provinceOf(maDonVi, date);
        } catch (RuntimeException e) {
            maTinh = Optional.empty();
        }
        if (maTinh == null || maTinh.isEmpty() || maTinh.get().isBlank()) {
            problems.add("maDonVi", "the province of this unit is unknown at " + date);
            return null;
        }
        return maTinh.get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> data(ObjectNode env, ProblemList problems) {
        JsonNode v = env.get("data");
        if (v == null || v.isNull()) {
            problems.add("data", "is required");
            return null;
        }
        if (v.isObject()) {
            return (Map<String, Object>) JsonValues.toJava(v);
        }
        if (v.isTextual() && v.textValue().stripLeading().startsWith("<")) {
            DvcltXmlReader.Result r = xmlReader.read("data", v.textValue());
            if (r instanceof DvcltXmlReader.Result.Parsed p) {
                return p.data();
            }
            problems.add(((DvcltXmlReader.Result.Failed) r).problem());
            return null;
        }
        problems.add("data", "must be a JSON object or a string holding <hoTich> XML, got "
                + (v.isTextual() ? "a string that is not XML" : JsonValues.typeName(v)));
        return null;
    }

    /** Jackson says: Duplicate field 'name'. Only the name is kept (it is a wire field, not personal data). */
    private static String duplicateName(String msg) {
        int a = msg.indexOf('\'');
        int b = msg.lastIndexOf('\'');
        return a >= 0 && b > a ? msg.substring(a + 1, b) : "";
    }

    /** UTF-8 length without encoding; stops counting once past {@code cap}. */
    private static long utf8Length(String s, long cap) {
        if (s.length() > cap) {
            return s.length();
        }
        long n = 0;
        for (int i = 0; i < s.length() && n <= cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static ObjectMapper newMapper(CivilLimits limits) {
        int docLimit = (int) limits.maxDocumentBytes();
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(docLimit)
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNameLength(1_000)
                .maxNumberLength(100)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .build();
    }
}
