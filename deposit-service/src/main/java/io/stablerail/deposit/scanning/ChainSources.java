package io.stablerail.deposit.scanning;

import java.util.List;


/** The chain sources built from configuration, and the endpoint pools behind them (closed with the context). */
public record ChainSources(List<ChainSource> sources, List<AutoCloseable> resources) implements AutoCloseable {

    public ChainSources {
        sources = List.copyOf(sources);
        resources = List.copyOf(resources);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }
}
