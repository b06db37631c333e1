package io.stablerail.deposit.scanning;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code stablerail.deposits.scanner}: how often each chain's scanner ticks and its limits; {@code start-blocks} gives
 * the first block of a chain that has no cursor yet (absent: start at the head).
 */
@Validated
@ConfigurationProperties("stablerail.deposits.scanner")
public record ScannerProperties(Duration interval, int rangeBlocksMax, int rangesPerTickMax, int reorgWindowBlocks,
                                Map<String, Long> startBlocks) {

    public ScannerProperties {
        interval = interval == null ? Duration.ofSeconds(2) : interval;
        rangeBlocksMax = rangeBlocksMax == 0 ? 500 : rangeBlocksMax;
        rangesPerTickMax = rangesPerTickMax == 0 ? 20 : rangesPerTickMax;
        reorgWindowBlocks = reorgWindowBlocks == 0 ? 256 : reorgWindowBlocks;
        startBlocks = startBlocks == null ? Map.of() : Map.copyOf(startBlocks);
    }

    public ScannerSettings settingsFor(String chain) {
        return new ScannerSettings(startBlocks.getOrDefault(chain, -1L), rangeBlocksMax, rangesPerTickMax,
                reorgWindowBlocks);
    }
}
