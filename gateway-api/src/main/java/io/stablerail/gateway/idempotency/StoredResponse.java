package io.stablerail.gateway.idempotency;

/** The final response of a request, kept to be replayed byte for byte. */
public record StoredResponse(int status, String contentType, String location, byte[] body) {
}
