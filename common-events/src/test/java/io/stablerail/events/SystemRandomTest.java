package io.stablerail.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;

import org.junit.jupiter.api.Test;

class SystemRandomTest {

    /** Stands in for BouncyCastle, which trident and web3j register as the first provider. */
    public static final class FirstInLine extends Provider {
        public FirstInLine() {
            super("FirstInLine", "1", "a provider registered first, offering SecureRandom");
            put("SecureRandom.DEFAULT", Spi.class.getName());
        }
    }

    public static final class Spi extends SecureRandomSpi {
        @Override
        protected void engineSetSeed(byte[] seed) {
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 7);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return new byte[numBytes];
        }
    }

    @Test
    void comesFromTheJdksOwnProviderEvenWhenAnotherIsRegisteredFirst() {
        Security.insertProviderAt(new FirstInLine(), 1);
        try {
            assertThat(new SecureRandom().getProvider().getName()).as("what new SecureRandom() picks now")
                    .isEqualTo("FirstInLine");

            SecureRandom random = SystemRandom.secure();

            assertThat(random.getProvider().getName()).isEqualTo("SUN");
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            assertThat(bytes).isNotEqualTo(new byte[16]);
        } finally {
            Security.removeProvider("FirstInLine");
        }
    }
}
