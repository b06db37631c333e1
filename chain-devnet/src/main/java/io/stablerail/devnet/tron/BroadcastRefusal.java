package io.stablerail.devnet.tron;

import org.tron.trident.proto.Response.TransactionReturn.response_code;

/**
 * A broadcast the devnet refuses, with java-tron's {@code response_code} and the exact message
 * {@code Wallet.broadcastTransaction} puts in {@code Return.message}.
 */
final class BroadcastRefusal extends Exception {

    private final response_code code;

    BroadcastRefusal(response_code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    response_code code() {
        return code;
    }

    static BroadcastRefusal signature(String detail) {
        return new BroadcastRefusal(response_code.SIGERROR, "Validate signature error: " + detail);
    }

    static BroadcastRefusal contractValidate(String detail) {
        return new BroadcastRefusal(response_code.CONTRACT_VALIDATE_ERROR, "Contract validate error : " + detail);
    }

    static BroadcastRefusal expired() {
        return new BroadcastRefusal(response_code.TRANSACTION_EXPIRATION_ERROR, "Transaction expired");
    }

    static BroadcastRefusal tapos() {
        return new BroadcastRefusal(response_code.TAPOS_ERROR, "Tapos check error.");
    }

    static BroadcastRefusal duplicate() {
        return new BroadcastRefusal(response_code.DUP_TRANSACTION_ERROR, "Dup transaction.");
    }

    static BroadcastRefusal bandwidth() {
        return new BroadcastRefusal(response_code.BANDWITH_ERROR, "Account resource insufficient error.");
    }

    static BroadcastRefusal busy() {
        return new BroadcastRefusal(response_code.SERVER_BUSY, "Server busy.");
    }
}
