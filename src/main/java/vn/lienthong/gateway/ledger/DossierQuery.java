package vn.lienthong.gateway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Renders a dossier and its trail as JSON for the HTTP API; null when unknown. */
public class DossierQuery {

    private final Ledger ledger;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public DossierQuery(Ledger ledger) {
        this.ledger = ledger;
    }

    public String findJson(String maHoSo) throws JsonProcessingException {
        var view = ledger.find(maHoSo);
        return view.isPresent() ? json.writeValueAsString(view.get()) : null;
    }
}
