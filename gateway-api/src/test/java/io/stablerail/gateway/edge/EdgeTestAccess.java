package io.stablerail.gateway.edge;

/** Lets tests in other packages use the edge test helpers. */
public final class EdgeTestAccess {

    private EdgeTestAccess() {
    }

    /** The ops bootstrap token the tests configure (a test value, never a real secret). */
    public static String opsToken() {
        return EdgeTestSupport.OPS_TOKEN;
    }

    public static String opsTokenSha256() {
        return EdgeTestSupport.sha256Hex(EdgeTestSupport.OPS_TOKEN);
    }

    public static String opsUser(int port, String name) throws Exception {
        return new EdgeTestSupport.Api(port).opsUser(name);
    }

    public static String merchantWithKey(int port, String name, String scopesJson) throws Exception {
        return new EdgeTestSupport.Api(port).merchantWithKey(name, scopesJson);
    }
}
