package vn.lienthong.gateway.dvcqg;

/** What the caller of a DVCQG operation gets: the HTTP status (also told to JMS callers) and the JSON body. */
public record LookupAnswer(int httpStatus, String status, String json) {

    public boolean ok() {
        return httpStatus < 300;
    }
}
