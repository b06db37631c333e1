#!/usr/bin/env node
// Compiles contracts/*.sol with the pinned solc npm package (the compiler version is the package version in
// package-lock.json, checked below) into artifacts/<Contract>.json = { contractName, sourceName, compiler,
// evmVersion, abi, bytecode }. Reproducible: sources are read in sorted order under relative names, the settings
// are fixed, and the output is written with a fixed key order, so running it twice gives identical files.
// Usage: npm run compile   (or: node compile.js --check  → exits 1 when the committed artifacts are stale)
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const SOLC_VERSION = '0.8.28';
const EVM_VERSION = 'paris'; // no PUSH0: deployable on every chain we support, and on Hardhat's default fork
const root = __dirname;
const contractsDir = path.join(root, 'contracts');
const artifactsDir = path.join(root, 'artifacts');

function main() {
  const check = process.argv.includes('--check');
  const actualVersion = solc.version();
  if (!actualVersion.startsWith(SOLC_VERSION + '+')) {
    throw new Error(`solc ${SOLC_VERSION} expected, found ${actualVersion}; run npm ci`);
  }
  const sources = {};
  for (const file of fs.readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort()) {
    sources[`contracts/${file}`] = { content: fs.readFileSync(path.join(contractsDir, file), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const message of output.errors || []) {
    console.error(message.formattedMessage);
  }
  if (errors.length > 0) {
    throw new Error(`${errors.length} compilation error(s)`);
  }
  const expected = {};
  for (const sourceName of Object.keys(output.contracts).sort()) {
    for (const contractName of Object.keys(output.contracts[sourceName]).sort()) {
      const contract = output.contracts[sourceName][contractName];
      const artifact = {
        contractName,
        sourceName,
        compiler: `solc ${actualVersion}`,
        evmVersion: EVM_VERSION,
        optimizerRuns: 200,
        abi: contract.abi,
        bytecode: '0x' + contract.evm.bytecode.object,
      };
      expected[`${contractName}.json`] = JSON.stringify(artifact, null, 2) + '\n';
    }
  }
  if (check) {
    const stale = Object.entries(expected).filter(([file, text]) => {
      const target = path.join(artifactsDir, file);
      return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text;
    });
    if (stale.length > 0) {
      console.error('stale artifacts: ' + stale.map(([file]) => file).join(', ') + ' (run npm run compile)');
      process.exit(1);
    }
    console.log('artifacts are up to date');
    return;
  }
  fs.mkdirSync(artifactsDir, { recursive: true });
  for (const [file, text] of Object.entries(expected)) {
    fs.writeFileSync(path.join(artifactsDir, file), text);
    console.log('wrote artifacts/' + file);
  }
}

main();
