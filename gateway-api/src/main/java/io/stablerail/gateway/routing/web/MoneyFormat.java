package io.stablerail.gateway.routing.web;

import io.stablerail.gateway.routing.ServiceClient;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merchant API shows amounts as decimal strings ({@code "12.500000"}); services speak integer minor units
 * ({@code "12500000"}). USDT and USDC have 6 decimals on every chain StableRail supports.
 */
final class MoneyFormat {

    static final int STABLECOIN_DECIMALS = 6;
    private static final Set<String> AMOUNT_FIELDS = Set.of("available", "held", "total");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MoneyFormat() {
    }

    static String decimal(String minorUnits) {
        return new BigDecimal(new BigInteger(minorUnits), STABLECOIN_DECIMALS).toPlainString();
    }

    /** Rewrites {@code balances[].available|held|total} from minor units to decimal strings. */
    static ServiceClient.Answer balancesAsDecimals(ServiceClient.Answer answer) {
        JsonNode body = JSON.readTree(answer.body());
        for (JsonNode balance : body.path("balances")) {
            if (balance instanceof ObjectNode fields) {
                for (String field : AMOUNT_FIELDS) {
                    if (fields.path(field).isString()) {
                        fields.put(field, decimal(fields.get(field).asString()));
                    }
                }
            }
        }
        return new ServiceClient.Answer(answer.status(), answer.contentType(), JSON.writeValueAsBytes(body));
    }
}
