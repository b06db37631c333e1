/** A local server speaking the AWS KMS JSON protocol, for the KMS signer's tests and the local stack. */
package io.stablerail.devnet.kms;
