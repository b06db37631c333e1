#!/usr/bin/env node
// Installs the pinned node dependencies with `npm ci` unless node_modules already holds exactly this lockfile's
// install (the sha-256 of package-lock.json is stamped into node_modules after a successful npm ci).
// The Maven build of chain-devnet runs it (exec-maven-plugin, initialize phase); on a clean clone it runs npm ci.
// Install scripts are not run (--ignore-scripts): nothing the devnet needs has one that matters (keccak falls back
// to its prebuilt or pure-JS implementation), and it keeps a registry package from running code at build time.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = __dirname;
const stamp = path.join(root, 'node_modules', '.stablerail-package-lock.sha256');
const lockHash = crypto.createHash('sha256').update(fs.readFileSync(path.join(root, 'package-lock.json'))).digest('hex');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === lockHash
    && fs.existsSync(path.join(root, 'node_modules', 'hardhat', 'package.json'))) {
  console.log('node_modules matches package-lock.json (' + lockHash.slice(0, 12) + '), npm ci skipped');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  console.error('npm ci failed (exit ' + result.status + ')');
  process.exit(result.status || 1);
}
fs.writeFileSync(stamp, lockHash + '\n');
