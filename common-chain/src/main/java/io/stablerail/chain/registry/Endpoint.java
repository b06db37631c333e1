package io.stablerail.chain.registry;

import java.util.regex.Pattern;

/**
 * One node to call. EVM: a JSON-RPC URL ({@code https://…} or {@code http://…}). TRON: a gRPC {@code host:port} for
 * the full node and one for the solidity node. {@code name} labels metrics and logs; URLs may carry provider API
 * keys, so {@link #toString()} shows the name only.
 */
public record Endpoint(String name, String url, String solidityUrl) {

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}");

    public Endpoint {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("endpoint name must be lower-case letters, digits and '-', got "
                    + name);
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("endpoint " + name + " has no URL");
        }
    }

    Endpoint validatedFor(ChainFamily family, String chain) {
        switch (family) {
            case EVM -> {
                if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    throw new IllegalArgumentException("endpoint " + name + " of " + chain
                            + " must be an http(s) JSON-RPC URL");
                }
            }
            case TRON -> {
                if (!HOST_PORT.matcher(url).matches() || solidityUrl == null
                        || !HOST_PORT.matcher(solidityUrl).matches()) {
                    throw new IllegalArgumentException("endpoint " + name + " of " + chain
                            + " needs gRPC host:port for both the full node and the solidity node");
                }
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return "Endpoint[" + name + "]";
    }
}
