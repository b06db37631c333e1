package io.stablerail.gateway.merchants;

import java.util.Locale;

/** What an API key may do: {@code read} (GET) or {@code write} (everything else). */
public enum Scope {
    READ, WRITE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
