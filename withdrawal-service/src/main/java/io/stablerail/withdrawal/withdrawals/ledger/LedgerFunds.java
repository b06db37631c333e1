package io.stablerail.withdrawal.withdrawals.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Funds;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reserves and voids holds through ledger-service ({@code POST /internal/v1/holds}, {@code /holds/{id}/void}). Both
 * are idempotent on the hold id, so a retry after a lost answer is safe. Anything but a clear answer is
 * {@link Funds.FundsUnavailableException}: the caller does not move money.
 *
 * <p>The JDK client is used directly, not through Spring's {@code RestClient}: its JDK request factory starts a thread
 * per request to write the body and drains every response through a cancelled future (five exceptions per call), which
 * the withdrawal-intake benchmark showed on the hot path of every withdrawal.
 */
@Component
class LedgerFunds implements Funds {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI holds;
    private final Duration readTimeout;

    LedgerFunds(LedgerProperties properties) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout()).build();
        String base = properties.baseUrl().toString();
        this.holds = URI.create((base.endsWith("/") ? base : base + "/") + "internal/v1/holds");
        this.readTimeout = properties.readTimeout();
    }

    @Override
    public Reservation reserve(UUID holdId, String merchantId, String currency, BigInteger amountMinor,
                               String reference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hold_id", holdId.toString());
        body.put("merchant_id", merchantId);
        body.put("currency", currency);
        body.put("amount", amountMinor.toString());
        body.put("reference", reference);
        HttpResponse<String> response = post("reserve", holdId, holds, JSON.writeValueAsString(body));
        int status = response.statusCode();
        if (status / 100 == 2) {
            return Reservation.RESERVED;
        }
        if (status == 422 && response.body().contains("\"insufficient_funds\"")) {
            return Reservation.INSUFFICIENT_FUNDS;
        }
        throw refused("reserve", holdId, response);
    }

    @Override
    public void release(UUID holdId) {
        HttpResponse<String> response = post("void", holdId, holds.resolve("holds/" + holdId + "/void"), null);
        int status = response.statusCode();
        if (status / 100 == 2 || status == 404) {
            return; // 404: the hold was never created, nothing to release
        }
        throw refused("void", holdId, response);
    }

    private HttpResponse<String> post(String what, UUID holdId, URI uri, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) { // includes timeouts and refused connections
            throw new FundsUnavailableException("ledger did not answer " + what + " of hold " + holdId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FundsUnavailableException("interrupted while asking the ledger to " + what + " hold " + holdId,
                    e);
        }
    }

    private static FundsUnavailableException refused(String what, UUID holdId, HttpResponse<String> response) {
        return new FundsUnavailableException("ledger refused " + what + " of hold " + holdId + " with "
                + response.statusCode() + ": " + response.body(), null);
    }
}
