package io.stablerail.devnet.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the devnet directory: the property wins, and a directory without Hardhat is refused with the fix. */
class HardhatProcessTest {

    private final String previous = System.getProperty(HardhatProcess.EVM_DIR_PROPERTY);

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(HardhatProcess.EVM_DIR_PROPERTY);
        } else {
            System.setProperty(HardhatProcess.EVM_DIR_PROPERTY, previous);
        }
    }

    @Test
    void aDirectoryWithoutAHardhatConfigIsRefused(@TempDir Path empty) {
        System.setProperty(HardhatProcess.EVM_DIR_PROPERTY, empty.toString());

        assertThatThrownBy(HardhatProcess::locateEvmDir).isInstanceOf(DevnetException.class)
                .hasMessageContaining("cannot find the EVM devnet directory")
                .hasMessageContaining(HardhatProcess.EVM_DIR_PROPERTY);
    }

    @Test
    void aDirectoryWithoutInstalledHardhatSaysHowToInstallIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("hardhat.config.js"), "module.exports = {};\n");
        System.setProperty(HardhatProcess.EVM_DIR_PROPERTY, dir.toString());

        assertThatThrownBy(HardhatProcess::locateEvmDir).isInstanceOf(DevnetException.class)
                .hasMessageContaining("Hardhat is not installed").hasMessageContaining("ensure-deps.js");
    }

    @Test
    void withoutThePropertyItIsFoundByWalkingUp(@TempDir Path repository) throws IOException {
        System.clearProperty(HardhatProcess.EVM_DIR_PROPERTY);
        Path evm = Files.createDirectories(repository.resolve("chain-devnet/evm"));
        Files.writeString(evm.resolve("hardhat.config.js"), "module.exports = {};\n");
        Path cli = Files.createDirectories(evm.resolve("node_modules/hardhat/internal/cli")).resolve("cli.js");
        Files.writeString(cli, "// placeholder: only its presence is checked\n");
        Path deep = Files.createDirectories(repository.resolve("deposit-service/src/test"));

        assertThat(HardhatProcess.locateEvmDir(repository)).isEqualTo(evm);
        assertThat(HardhatProcess.locateEvmDir(repository.resolve("chain-devnet"))).isEqualTo(evm);
        assertThat(HardhatProcess.locateEvmDir(deep)).isEqualTo(evm);
    }
}
