/** Local chains for tests and the local stack: TRON ({@code tron}), EVM ({@code evm}) and a local AWS KMS ({@code kms}). */
package io.stablerail.devnet;
