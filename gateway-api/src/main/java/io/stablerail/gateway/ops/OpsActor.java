package io.stablerail.gateway.ops;

/**
 * Who is calling the ops API, as the edge authenticated them: an ops user by name, or the holder of the bootstrap
 * token ({@value #BOOTSTRAP}). The edge names this actor in {@code X-Actor} for every handler and relayed call,
 * replacing whatever the caller sent.
 */
public record OpsActor(String name, boolean bootstrap) {

    public static final String REQUEST_ATTRIBUTE = OpsActor.class.getName();
    public static final String BOOTSTRAP = "bootstrap";

    public static OpsActor bootstrapToken() {
        return new OpsActor(BOOTSTRAP, true);
    }

    public static OpsActor user(String name) {
        return new OpsActor(name, false);
    }

    /** Refused: the action needs a person (an ops user), or the bootstrap credential; problem code {@link #code()}. */
    public static final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
