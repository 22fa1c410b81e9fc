package vn.lienthong.gateway.molisa;

/** MOLISA's answer to a call: {@code error_code} 0 is success, anything else a refusal with MOLISA's message. */
public record MolisaResult(int errorCode, String message) {

    public boolean ok() {
        return errorCode == 0;
    }

    public static MolisaResult success(String message) {
        return new MolisaResult(0, message);
    }
}
