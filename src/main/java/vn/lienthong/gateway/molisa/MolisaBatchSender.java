package vn.lienthong.gateway.molisa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;

/**
 * Bean for the route: sends one batch of mapped records to an operation, isolating the records MOLISA refuses.
 * The route does the batching ({@link MolisaConfig#batchSize()}) and records the outcome per MaHoSo.
 */
public final class MolisaBatchSender {

    private final MolisaClient client;

    public MolisaBatchSender(MolisaClient client) {
        this.client = client;
    }

    public BatchSplitter.Outcome<Map<String, Object>> sendDossiers(List<Map<String, Object>> records) {
        return send(Table.DONG_BO_DVC, records);
    }

    public BatchSplitter.Outcome<Map<String, Object>> sendProgress(List<Map<String, Object>> records) {
        return send(Table.XU_LY_HO_SO, records);
    }

    public BatchSplitter.Outcome<Map<String, Object>> sendDecisions(List<Map<String, Object>> records) {
        return send(Table.FILE_QUYET_DINH, records);
    }

    public BatchSplitter.Outcome<Map<String, Object>> send(Table table, List<Map<String, Object>> records) {
        return send(table, records, null);
    }

    /** {@code beforeSend} runs right before each request MOLISA's circuit lets through. */
    public BatchSplitter.Outcome<Map<String, Object>> send(Table table, List<Map<String, Object>> records,
                                                         Runnable beforeSend) {
        return BatchSplitter.send(records, batch -> client.send(table, batch, beforeSend));
    }

    /** MaHoSo -> MOLISA's message for every rejected record: a plain map for the ledger. */
    public static Map<String, String> rejectedByMaHoSo(BatchSplitter.Outcome<Map<String, Object>> outcome) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BatchSplitter.Rejection<Map<String, Object>> r : outcome.rejected()) {
            out.put(String.valueOf(r.record().get("MaHoSo")), "error_code " + r.errorCode() + ": " + r.message());
        }
        return out;
    }
}
