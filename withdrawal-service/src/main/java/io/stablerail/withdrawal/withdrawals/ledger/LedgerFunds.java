package io.stablerail.withdrawal.withdrawals.ledger;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Funds;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reserves and voids holds through ledger-service ({@code POST /internal/v1/holds}, {@code /holds/{id}/void}). Both
 * are idempotent on the hold id, so a retry after a lost answer is safe. Anything but a clear answer is
 * {@link Funds.FundsUnavailableException}: the caller does not move money.
 */
@Component
class LedgerFunds implements Funds {

    private final RestClient http;

    LedgerFunds(LedgerProperties properties) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(properties.readTimeout());
        this.http = RestClient.builder().baseUrl(properties.baseUrl().toString()).requestFactory(factory).build();
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
        try {
            http.post().uri("/internal/v1/holds").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                    .toBodilessEntity();
            return Reservation.RESERVED;
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == 422 && e.getResponseBodyAsString().contains("\"insufficient_funds\"")) {
                return Reservation.INSUFFICIENT_FUNDS;
            }
            throw unavailable("reserve", holdId, e.getStatusCode(), e.getResponseBodyAsString());
        } catch (RestClientException e) {
            throw new FundsUnavailableException("ledger did not answer reserve of hold " + holdId + ": " + e, e);
        }
    }

    @Override
    public void release(UUID holdId) {
        try {
            http.post().uri("/internal/v1/holds/{id}/void", holdId).retrieve().toBodilessEntity();
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == 404) {
                return; // the hold was never created: nothing to release
            }
            throw unavailable("void", holdId, e.getStatusCode(), e.getResponseBodyAsString());
        } catch (RestClientException e) {
            throw new FundsUnavailableException("ledger did not answer void of hold " + holdId + ": " + e, e);
        }
    }

    private static FundsUnavailableException unavailable(String what, UUID holdId, HttpStatusCode status, String body) {
        return new FundsUnavailableException("ledger refused " + what + " of hold " + holdId + " with " + status
                + ": " + body, null);
    }
}
