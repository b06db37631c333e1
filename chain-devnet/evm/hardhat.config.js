// Minimal Hardhat 2 configuration for the StableRail EVM devnet (see docs/chain-devnet.md, "EVM devnet").
// Contracts are compiled by compile.js with the solc npm package, not by Hardhat (no compiler download), so the
// solidity section only mirrors compile.js for anyone running `npx hardhat compile` by hand.
'use strict';

// Hardhat's well-known development mnemonic: its keys are public knowledge, never hold real funds with them.
const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';
// cancun (EIP-1559) by default; berlin gives a chain without EIP-1559 (no baseFeePerGas) for the legacy fee path.
const HARDFORKS = ['cancun', 'berlin'];
const hardfork = process.env.STABLERAIL_DEVNET_HARDFORK || 'cancun';
if (!HARDFORKS.includes(hardfork)) {
  throw new Error(`STABLERAIL_DEVNET_HARDFORK must be one of ${HARDFORKS.join(', ')}, got ${hardfork}`);
}

module.exports = {
  solidity: { version: '0.8.28', settings: { evmVersion: 'paris', optimizer: { enabled: true, runs: 200 } } },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork,
      accounts: { mnemonic: DEVNET_MNEMONIC, count: 10, accountsBalance: '10000000000000000000000' },
      mining: { auto: true, interval: 0 },
      loggingEnabled: true,
    },
  },
};
