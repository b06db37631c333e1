package io.stablerail.chain.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "SIGERROR, FAIL_FAST", "CONTRACT_VALIDATE_ERROR, FAIL_FAST", "CONTRACT_EXE_ERROR, FAIL_FAST",
            "TOO_BIG_TRANSACTION_ERROR, FAIL_FAST", "BANDWITH_ERROR, RETRY", "DUP_TRANSACTION_ERROR, ALREADY_KNOWN",
            "TAPOS_ERROR, REBUILD", "TRANSACTION_EXPIRATION_ERROR, REBUILD", "SERVER_BUSY, RETRY",
            "NO_CONNECTION, RETRY", "NOT_ENOUGH_EFFECTIVE_CONNECTION, RETRY", "BLOCK_UNSOLIDIFIED, RETRY",
            "OTHER_ERROR, RETRY", "SOMETHING_NEW, RETRY"})
    void tronResponseCodes(String code, FailureClass expected) {
        assertThat(FailureClassifier.tron(code)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "nonce too low: next nonce 5, tx nonce 4 | ALREADY_KNOWN",
            "already known | ALREADY_KNOWN",
            "ALREADY_EXISTS: already known | ALREADY_KNOWN",
            "Known transaction: 0xabc | ALREADY_KNOWN",
            "replacement transaction underpriced | REBUILD",
            "max fee per gas less than block base fee: address 0x1, maxFeePerGas: 1 baseFee: 7 | REBUILD",
            "insufficient funds for gas * price + value: balance 0, tx cost 21000 | RETRY",
            "execution reverted: ERC20: transfer amount exceeds balance | FAIL_FAST",
            "intrinsic gas too low | FAIL_FAST",
            "invalid sender | FAIL_FAST",
            "Error: VM Exception while processing transaction: reverted with reason string 'blacklisted' | FAIL_FAST",
            "Trying to send an incompatible EIP-155 transaction, signed for another chain. | FAIL_FAST",
            "Trying to send a raw transaction with an invalid chainId. The expected chainId is 31337 | FAIL_FAST",
            "Nonce too low. Expected nonce to be 5 but got 4. | ALREADY_KNOWN",
            "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 3 is necessary | REBUILD",
            "Request timed out | RETRY",
            "429 Too Many Requests | RETRY",
            "something nobody has seen before | RETRY"})
    void evmErrorMessages(String message, FailureClass expected) {
        assertThat(FailureClassifier.evm(message)).isEqualTo(expected);
    }

    @Test
    void httpStatusesAndNonFailures() {
        assertThat(FailureClassifier.http(429)).isEqualTo(FailureClass.RETRY);
        assertThat(FailureClassifier.http(503)).isEqualTo(FailureClass.RETRY);
        assertThat(FailureClassifier.http(400)).isEqualTo(FailureClass.FAIL_FAST);
        assertThatThrownBy(() -> FailureClassifier.http(200)).hasMessageContaining("not a failure");
        assertThatThrownBy(() -> FailureClassifier.tron("SUCCESS")).hasMessageContaining("not a failure");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "query returned more than 10000 results | true",
            "block range is too large | true",
            "exceed maximum block range: 5000 | true",
            "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range | true",
            "eth_getLogs is limited to a 10,000 range | true",
            "Requested range exceeds maximum range limit | true",
            "execution reverted | false",
            "header not found | false"})
    void logRangeRefusals(String message, boolean tooLarge) {
        assertThat(FailureClassifier.logRangeTooLarge(message)).isEqualTo(tooLarge);
    }

    @Test
    void http413RefusesALogRange() {
        assertThat(FailureClassifier.logRangeTooLarge(413)).isTrue();
        assertThat(FailureClassifier.logRangeTooLarge(429)).isFalse();
    }

    @Test
    void anUnknownFailureIsNeverARebuild() {
        assertThat(FailureClassifier.evm(null)).isEqualTo(FailureClass.RETRY);
        assertThat(FailureClassifier.tron("UNHEARD_OF")).isNotEqualTo(FailureClass.REBUILD);
    }
}
