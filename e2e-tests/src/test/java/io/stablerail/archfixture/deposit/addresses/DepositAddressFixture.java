package io.stablerail.archfixture.deposit.addresses;

/** A class of another "service" in the fixture, used by {@code BadLedgerDomain}. */
public class DepositAddressFixture {
}
