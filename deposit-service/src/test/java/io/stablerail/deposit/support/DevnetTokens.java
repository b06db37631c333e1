package io.stablerail.deposit.support;

import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The devnets' token contracts as deposit-service configuration ({@code stablerail.deposits.tokens.*}). */
public final class DevnetTokens {

    private DevnetTokens() {
    }

    /** Every Hardhat devnet token on {@code evm-devnet} and the TRON devnet's USDT on {@code tron-devnet}. */
    public static void register(DynamicPropertyRegistry registry, HardhatDevnet evm, TronDevnet tron) {
        int i = 0;
        for (DevnetToken token : DevnetToken.values()) {
            String prefix = "stablerail.deposits.tokens.evm-devnet[" + i++ + "].";
            registry.add(prefix + "symbol", token::symbol);
            registry.add(prefix + "contract", () -> evm.token(token).checksummed());
            registry.add(prefix + "decimals", () -> DevnetToken.DECIMALS);
            registry.add(prefix + "source", () -> "devnet");
        }
        registry.add("stablerail.deposits.tokens.tron-devnet[0].symbol", () -> "USDT");
        registry.add("stablerail.deposits.tokens.tron-devnet[0].contract", () -> tron.usdtContract().base58());
        registry.add("stablerail.deposits.tokens.tron-devnet[0].decimals", () -> 6);
        registry.add("stablerail.deposits.tokens.tron-devnet[0].source", () -> "devnet");
    }
}
