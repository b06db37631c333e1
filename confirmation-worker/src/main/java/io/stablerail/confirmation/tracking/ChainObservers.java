package io.stablerail.confirmation.tracking;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The observers of the enabled chains, by chain name. */
public final class ChainObservers implements AutoCloseable {

    private final Map<String, ChainObserver> byChain = new TreeMap<>();
    private final Map<String, ConfirmationProperties.ChainSettings> settings;

    public ChainObservers(Collection<? extends ChainObserver> observers) {
        this(observers, Map.of());
    }

    /** @param settings the resolved settings of each enabled chain (configured and local devnets) */
    public ChainObservers(Collection<? extends ChainObserver> observers,
            Map<String, ConfirmationProperties.ChainSettings> settings) {
        this.settings = Map.copyOf(settings);
        for (ChainObserver observer : observers) {
            if (byChain.put(observer.chain(), observer) != null) {
                throw new IllegalArgumentException("two observers for chain " + observer.chain());
            }
        }
    }

    /** The chain's observer; an {@link IllegalArgumentException} when the chain is not enabled here. */
    public ChainObserver of(String chain) {
        ChainObserver observer = byChain.get(chain);
        if (observer == null) {
            throw new IllegalArgumentException("chain '" + chain + "' is not enabled in confirmation-worker; enabled: "
                    + byChain.keySet());
        }
        return observer;
    }

    /** The chain's settings (the stuck bound); an {@link IllegalArgumentException} when the chain is not enabled. */
    public ConfirmationProperties.ChainSettings settings(String chain) {
        ConfirmationProperties.ChainSettings chainSettings = settings.get(chain);
        if (chainSettings == null) {
            throw new IllegalArgumentException("chain '" + chain + "' has no settings");
        }
        return chainSettings;
    }

    /** The chain's settings, or null when none were given (observers built without settings, in unit tests). */
    public ConfirmationProperties.ChainSettings settingsOrNull(String chain) {
        return settings.get(chain);
    }

    public Collection<String> chains() {
        return byChain.keySet();
    }

    /** Closes the observers that hold connections. */
    @Override
    public void close() {
        for (ChainObserver observer : byChain.values()) {
            if (observer instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // closing at shutdown: nothing left to do about it
                }
            }
        }
    }
}
