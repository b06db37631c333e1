package io.stablerail.deposit.addresses;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.DepositAddresses;
import io.stablerail.chain.keys.ExtendedPublicKey;
import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.RegistryException;
import io.stablerail.events.TimeOrderedIds;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merchant onboarding (account xpubs, never replaced) and deposit-address derivation. Addresses come from xpubs alone
 * (watch-only, DESIGN rule 9): {@code m/44'/195'/{account}'/0/i} on TRON, {@code m/44'/60'/{account}'/0/i} on every EVM
 * chain.
 */
@Service
public class AddressBook {

    public static final int LIST_LIMIT_MAX = 100;
    public static final int ACCOUNT_DEPTH = 3;
    private static final int HARDENED_BIT = 0x80000000;
    static final String MERCHANT_ID = "[A-Za-z0-9_-]{1,64}";
    static final int CUSTOMER_REFERENCE_MAX = 128;

    /** Outcome of a registration: created now, or the same values were already registered. */
    public enum Registration { CREATED, UNCHANGED }

    private final AddressRepository repository;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public AddressBook(AddressRepository repository, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Registers the merchant's account xpubs. The same values again are a no-op; different values for a merchant that
     * has xpubs are refused ({@code xpub_conflict}) — an address already handed out must stay attributable.
     */
    public Registration registerXpubs(String merchantId, String tronXpub, String evmXpub) {
        requireMerchantId(merchantId);
        return registerKeys(merchantId, accountKey(tronXpub, "tron_xpub"), accountKey(evmXpub, "evm_xpub"));
    }

    private Registration registerKeys(String merchantId, ExtendedPublicKey tronKey, ExtendedPublicKey evmKey) {
        String tron = tronKey.serialize();
        String evm = evmKey.serialize();
        if (tron.equals(evm)) {
            throw DepositException.invalid("tron_xpub and evm_xpub must be different account keys");
        }
        try {
            return register(merchantId, tron, evm);
        } catch (DuplicateKeyException e) {
            throw new DepositException(DepositException.Kind.CONFLICT, "xpub_in_use",
                    "these account xpubs are registered for another merchant; a key belongs to one merchant only");
        }
    }

    /**
     * Registers xpubs the key side announced for BIP-32 account {@code accountIndex}: as {@link #registerXpubs}, after
     * checking that both keys are that account's ({@code m/44'/coin'/accountIndex'}: child number {@code
     * accountIndex'}). A key of another account would give this merchant addresses the key side files under someone
     * else — refused {@code account_index_mismatch}, nothing stored.
     */
    public Registration registerAnnouncedXpubs(String merchantId, int accountIndex, String tronXpub, String evmXpub) {
        if (accountIndex <= 0) {
            throw new DepositException(DepositException.Kind.INVALID, "account_index_mismatch",
                    "account index must be positive, got " + accountIndex);
        }
        ExtendedPublicKey tron = requireAccount(accountKey(tronXpub, "tron_xpub"), accountIndex, "tron_xpub");
        ExtendedPublicKey evm = requireAccount(accountKey(evmXpub, "evm_xpub"), accountIndex, "evm_xpub");
        requireMerchantId(merchantId);
        return registerKeys(merchantId, tron, evm);
    }

    private static ExtendedPublicKey requireAccount(ExtendedPublicKey key, int accountIndex, String field) {
        int childNumber = key.childNumber();
        if (childNumber != (accountIndex | HARDENED_BIT)) {
            throw new DepositException(DepositException.Kind.INVALID, "account_index_mismatch", field
                    + " is not the key of account " + accountIndex + "' (its child number is "
                    + ((childNumber & HARDENED_BIT) != 0 ? (childNumber & ~HARDENED_BIT) + "'" : childNumber) + ")");
        }
        return key;
    }

    private Registration register(String merchantId, String tron, String evm) {
        return Objects.requireNonNull(transaction.execute(status -> {
            boolean tronNew = repository.xpub(merchantId, CoinType.TRON.number()).isEmpty();
            boolean evmNew = repository.xpub(merchantId, CoinType.ETHEREUM.number()).isEmpty();
            String storedTron = repository.insertXpubIfAbsent(merchantId, CoinType.TRON.number(), tron);
            String storedEvm = repository.insertXpubIfAbsent(merchantId, CoinType.ETHEREUM.number(), evm);
            if (!storedTron.equals(tron) || !storedEvm.equals(evm)) {
                status.setRollbackOnly();
                throw new DepositException(DepositException.Kind.CONFLICT, "xpub_conflict",
                        "merchant " + merchantId + " already has different xpubs; they are never replaced");
            }
            return tronNew || evmNew ? Registration.CREATED : Registration.UNCHANGED;
        }));
    }

    /** Derives the merchant's next address for the chain's family. */
    public DepositAddress create(String merchantId, String chainName, String customerReference) {
        requireMerchantId(merchantId);
        ChainSpec chain = knownChain(chainName);
        if (customerReference != null && (customerReference.isBlank()
                || customerReference.length() > CUSTOMER_REFERENCE_MAX
                || customerReference.chars().anyMatch(Character::isISOControl))) {
            throw DepositException.invalid("customer_reference must be 1-" + CUSTOMER_REFERENCE_MAX
                    + " printable characters");
        }
        int coin = coinOf(chain.family());
        return transaction.execute(status -> {
            String xpub = repository.xpub(merchantId, coin).orElseThrow(() -> new DepositException(
                    DepositException.Kind.CONFLICT, "merchant_not_onboarded",
                    "merchant " + merchantId + " has no account xpubs registered"));
            int index = repository.allocateIndex(merchantId, coin);
            ExtendedPublicKey account = ExtendedPublicKey.parse(xpub);
            String address = switch (chain.family()) {
                case EVM -> DepositAddresses.evm(account, index).checksummed();
                case TRON -> DepositAddresses.tron(account, index).base58();
            };
            DepositAddress created = new DepositAddress(0, TimeOrderedIds.next(), merchantId, chain.name(),
                    chain.family(), index, address, customerReference, clock.instant());
            repository.insert(created, coin, AddressKeys.of(chain.family(), address));
            return repository.find(merchantId, created.addressId()).orElseThrow();
        });
    }

    public DepositAddress get(String merchantId, UUID addressId) {
        return repository.find(merchantId, addressId).orElseThrow(() -> new DepositException(
                DepositException.Kind.NOT_FOUND, "address_not_found", "no deposit address " + addressId));
    }

    public List<DepositAddress> list(String merchantId, long afterSeq, int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw DepositException.invalid("limit must be 1-" + LIST_LIMIT_MAX);
        }
        return repository.list(merchantId, afterSeq, limit);
    }

    /** The owners of those of the candidate match keys that are our addresses (one indexed lookup). */
    public Map<String, AddressMatch> match(Collection<String> matchKeys) {
        return matchKeys.isEmpty() ? Map.of() : repository.match(matchKeys);
    }

    public static int coinOf(ChainFamily family) {
        return family == ChainFamily.TRON ? CoinType.TRON.number() : CoinType.ETHEREUM.number();
    }

    private static ChainSpec knownChain(String chainName) {
        if (chainName == null) {
            throw DepositException.invalid("chain is required");
        }
        try {
            return ChainRegistry.knownChain(chainName);
        } catch (RegistryException e) {
            throw new DepositException(DepositException.Kind.INVALID, "unknown_chain", e.getMessage());
        }
    }

    private static void requireMerchantId(String merchantId) {
        if (merchantId == null || !merchantId.matches(MERCHANT_ID)) {
            throw DepositException.invalid("merchant id must be 1-64 letters, digits, '_' or '-'");
        }
    }

    /** Parses an account-level xpub (depth 3); the message never repeats the key. */
    private static ExtendedPublicKey accountKey(String xpub, String field) {
        if (xpub == null || xpub.isBlank()) {
            throw new DepositException(DepositException.Kind.INVALID, "invalid_xpub", field + " is required");
        }
        ExtendedPublicKey key;
        try {
            key = ExtendedPublicKey.parse(xpub.strip());
        } catch (IllegalArgumentException e) {
            throw new DepositException(DepositException.Kind.INVALID, "invalid_xpub",
                    field + " is not a valid xpub (base58check, 78 bytes, mainnet xpub version, key on secp256k1)");
        }
        if (key.depth() != ACCOUNT_DEPTH) {
            throw new DepositException(DepositException.Kind.INVALID, "invalid_xpub",
                    field + " must be an account-level key (depth 3, m/44'/coin'/account'), got depth " + key.depth());
        }
        return key;
    }
}
