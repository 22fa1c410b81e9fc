package vn.lienthong.gateway.dvcqg;

/** One row of the security-server catalogue (LayDanhMucSSTaiTep): an agency and its security server's member code. */
public record Agency(String maCoQuan, String tenCoQuan, String dstCode) {
}
