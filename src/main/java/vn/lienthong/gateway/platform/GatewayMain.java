package vn.lienthong.gateway.platform;
public class GatewayMain { public static void main(String[] a) {} }
