package vn.lienthong.gateway.catalog;

import vn.lienthong.gateway.civil.AddressCandidate;
import vn.lienthong.gateway.civil.AddressNormalizer;
import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.PmhtAddress;
import vn.lienthong.gateway.civil.Problem;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Normalizes DVCLT addresses (flat text, optionally with a separate unit text) and PMHT code objects into
 * PMHT's {maTinh, maHuyen, maXa, dcChiTiet}, using the catalogue that applies at the registration date.
 * Never guesses between several units and never throws.
 */
public final class CatalogAddressNormalizer implements AddressNormalizer {

    /** Longer inputs are not addresses; refusing them keeps every call cheap. */
    static final int MAX_LENGTH = 1000;

    private final AdminUnitCatalog catalog;
    private final FlatAddressResolver resolver;
    private final PmhtCodeCheck codeCheck;

    public CatalogAddressNormalizer(AdminUnitCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.resolver = new FlatAddressResolver(catalog);
        this.codeCheck = new PmhtCodeCheck(catalog);
    }

    @Override
    public AddressOutcome normalize(String field, Object raw, String unitName, LocalDate registrationDate) {
        String f = field == null || field.isBlank() ? "address" : field;
        try {
            if (raw == null || (raw instanceof CharSequence cs && cs.toString().isBlank())) {
                return invalid(f, "required address is empty");
            }
            if (registrationDate == null) {
                return invalid(f, "registration date is missing: cannot tell which catalogue applies");
            }
            if (raw instanceof Map<?, ?> map) {
                return codeCheck.check(f, map, registrationDate);
            }
            if (raw instanceof CharSequence cs) {
                return flat(f, cs.toString(), unitName, registrationDate);
            }
            return invalid(f, "unsupported address value: expected text or an object {maTinh, maHuyen, maXa, dcChiTiet}");
        } catch (RuntimeException e) {
            // A bug here must reject one address, not break the dossier's route.
            return invalid(f, "address could not be processed");
        }
    }

    private AddressOutcome flat(String field, String raw, String unitName, LocalDate date) {
        boolean separateUnits = unitName != null && !unitName.isBlank();
        if (raw.length() > MAX_LENGTH || (separateUnits && unitName.length() > MAX_LENGTH)) {
            return invalid(field, "address is too long (more than " + MAX_LENGTH + " characters)");
        }
        AddressText rawText = AddressText.parse(raw);
        AddressText unitText = separateUnits ? AddressText.parse(unitName) : rawText;
        FlatAddressResolver.Resolution r = resolver.resolve(unitText, date);
        if (!r.ok()) {
            return invalid(field, r.problem());
        }
        String input = separateUnits ? raw.trim() + " | " + unitName.trim() : raw.trim();
        if (r.wards().size() > 1) {
            List<AddressCandidate> candidates = r.wards().stream()
                    .map(w -> new AddressCandidate(w.provinceCode(), w.districtCode(), w.code(),
                            w.label() + " (" + w.code() + ")"))
                    .toList();
            return new AddressOutcome.Ambiguous(field, input, candidates);
        }
        Ward ward = r.wards().get(0);
        String detail = separateUnits ? detailWithoutUnits(rawText, r.unitKeys()) : rawText.textBefore(r.firstUnitSegment());
        return new AddressOutcome.Resolved(new PmhtAddress(ward.provinceCode(), ward.districtCode(), ward.code(), detail));
    }

    /** The raw text minus trailing parts that only repeat the units already given separately. */
    private static String detailWithoutUnits(AddressText raw, Set<String> unitKeys) {
        int end = raw.size();
        while (end > 0 && namesUnit(raw.get(end - 1).folded(), unitKeys)) {
            end--;
        }
        return raw.textBefore(end);
    }

    private static boolean namesUnit(String folded, Set<String> unitKeys) {
        for (NameFolding.Level level : NameFolding.Level.values()) {
            for (NameFolding.NameQuery q : NameFolding.interpretations(folded, level)) {
                if (unitKeys.contains(q.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static AddressOutcome invalid(String field, String reason) {
        return new AddressOutcome.Invalid(List.of(new Problem(field, reason)));
    }

    AdminUnitCatalog catalog() {
        return catalog;
    }
}
