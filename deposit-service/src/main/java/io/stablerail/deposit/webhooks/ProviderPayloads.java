package io.stablerail.deposit.webhooks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.RegistryException;
import io.stablerail.deposit.deposits.ObservedTransfer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads provider payloads. Amounts come from the raw integer value, never from a provider's decimal {@code value}.
 *
 * <p><b>alchemy</b> — Alchemy Notify "ADDRESS_ACTIVITY": {@code id} (event id), {@code event.network}
 * (e.g. {@code ETH_MAINNET}), {@code event.activity[]} with {@code category: "token"}, {@code fromAddress},
 * {@code toAddress}, {@code rawContract.address}, {@code rawContract.rawValue} (hex base units) and {@code log}
 * ({@code transactionHash}, {@code logIndex}, {@code blockNumber}, {@code blockHash}, {@code removed}). Activities
 * that are not token transfers, or whose log was removed, are skipped.
 *
 * <p><b>tron</b> — StableRail's TRON event shape: <pre>{@code
 * {"event_id": "…", "network": "tron",
 *  "transfers": [{"transaction_id": "…hex…", "log_index": 0, "block_number": 123, "block_hash": "…hex…",
 *                 "contract": "T…", "from": "T…", "to": "T…", "amount": "1000000"}]}
 * }</pre> {@code amount} is a decimal integer string of base units; {@code network} is a TRON chain of the registry.
 */
public final class ProviderPayloads {

    public static final String ALCHEMY = "alchemy";
    public static final String TRON = "tron";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A payload that cannot be read; the request is refused (or a stored event is left for ops). */
    public static class InvalidPayloadException extends RuntimeException {
        public InvalidPayloadException(String message) {
            super(message);
        }
    }

    private final Map<String, String> alchemyNetworks;

    public ProviderPayloads(Map<String, String> alchemyNetworks) {
        this.alchemyNetworks = alchemyNetworks;
    }

    public static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidPayloadException("the body is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidPayloadException("the body is not JSON");
        }
    }

    /** The provider's id of this event, the dedup key of raw events. */
    public String eventId(String provider, JsonNode payload) {
        String id = text(payload, ALCHEMY.equals(provider) ? "id" : "event_id");
        if (id.length() > 200) {
            throw new InvalidPayloadException("event id longer than 200 characters");
        }
        return id;
    }

    public List<ObservedTransfer> transfers(String provider, JsonNode payload) {
        return switch (provider) {
            case ALCHEMY -> alchemy(payload);
            case TRON -> tron(payload);
            default -> throw new InvalidPayloadException("unknown provider " + provider);
        };
    }

    private List<ObservedTransfer> alchemy(JsonNode payload) {
        JsonNode event = payload.path("event");
        String network = text(event, "network");
        String chain = alchemyNetworks.get(network);
        if (chain == null) {
            throw new InvalidPayloadException("unknown Alchemy network " + network);
        }
        List<ObservedTransfer> transfers = new ArrayList<>();
        for (JsonNode activity : event.path("activity")) {
            JsonNode log = activity.path("log");
            if (!"token".equals(activity.path("category").asString("")) || log.isMissingNode()
                    || log.path("removed").asBoolean(false)) {
                continue;
            }
            transfers.add(new ObservedTransfer(chain, text(log, "transactionHash"), hexLong(log, "logIndex"),
                    hexLong(log, "blockNumber"), text(log, "blockHash"), text(activity.path("rawContract"), "address"),
                    activity.path("fromAddress").asString(""), text(activity, "toAddress"),
                    hexInteger(activity.path("rawContract"), "rawValue")));
        }
        return transfers;
    }

    private List<ObservedTransfer> tron(JsonNode payload) {
        String chain = text(payload, "network");
        ChainSpec spec;
        try {
            spec = ChainRegistry.knownChain(chain);
        } catch (RegistryException e) {
            throw new InvalidPayloadException("unknown network " + chain);
        }
        if (spec.family() != ChainFamily.TRON) {
            throw new InvalidPayloadException(chain + " is not a TRON chain");
        }
        List<ObservedTransfer> transfers = new ArrayList<>();
        for (JsonNode transfer : payload.path("transfers")) {
            String amount = text(transfer, "amount");
            if (!amount.matches("[0-9]{1,78}")) {
                throw new InvalidPayloadException("amount must be an integer of base units");
            }
            transfers.add(new ObservedTransfer(chain, text(transfer, "transaction_id"), number(transfer, "log_index"),
                    number(transfer, "block_number"), text(transfer, "block_hash"), text(transfer, "contract"),
                    transfer.path("from").asString(""), text(transfer, "to"), new BigInteger(amount)));
        }
        return transfers;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw new InvalidPayloadException(field + " is required");
        }
        return value.asString();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new InvalidPayloadException(field + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static long hexLong(JsonNode node, String field) {
        return hexInteger(node, field).longValueExact();
    }

    private static BigInteger hexInteger(JsonNode node, String field) {
        String text = text(node, field);
        if (!text.matches("0x[0-9a-fA-F]{1,64}")) {
            throw new InvalidPayloadException(field + " must be 0x-prefixed hex");
        }
        return new BigInteger(text.substring(2), 16);
    }
}
