package io.stablerail.gateway.edge.web;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import io.stablerail.gateway.GatewayProperties;
import io.stablerail.gateway.Tokens;
import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import io.stablerail.gateway.merchants.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /v1/**} needs a live API key ({@code Authorization: Bearer srk_…}) with the scope for the method (GET/HEAD:
 * read, others: write); {@code /ops/api/**} (but the health page) needs the ops bootstrap token. Missing, wrong,
 * revoked or expired → 401 and nothing runs. If the key store cannot answer → 503 and nothing runs (fail closed).
 * {@code /internal/**} is never served by the public edge: 404.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class AuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final ApiKeys apiKeys;
    private final byte[] opsTokenSha256;

    public AuthenticationFilter(ApiKeys apiKeys, GatewayProperties properties) {
        this.apiKeys = apiKeys;
        String hash = properties.ops().bootstrapTokenSha256();
        this.opsTokenSha256 = hash.isEmpty() ? null : HexFormat.of().parseHex(hash);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = EdgePaths.of(request);
        if (path.startsWith("/internal/") || path.equals("/internal")) {
            Problems.write(request, response, HttpStatus.NOT_FOUND, "not_found", "no such resource");
        } else if (path.startsWith("/v1/") && !path.equals("/v1/openapi.json")) {
            merchantApi(request, response, chain);
        } else if (path.startsWith("/ops/api/") && !path.equals("/ops/api/health")) {
            opsApi(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void merchantApi(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AuthenticatedMerchant> merchant;
        try {
            merchant = apiKeys.authenticate(bearer(request));
        } catch (DataAccessException e) {
            log.warn("API key store unavailable, refusing request: {}", e.getMostSpecificCause().toString());
            Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "the request could not be authenticated right now; nothing was done, retry later");
            return;
        }
        if (merchant.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "a valid API key is required: Authorization: Bearer <key>");
            return;
        }
        Scope needed = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? Scope.READ
                : Scope.WRITE;
        if (!merchant.get().may(needed)) {
            Problems.write(request, response, HttpStatus.FORBIDDEN, "insufficient_scope",
                    "this API key lacks the " + needed.wire() + " scope");
            return;
        }
        request.setAttribute(AuthenticatedMerchant.REQUEST_ATTRIBUTE, merchant.get());
        chain.doFilter(request, response);
    }

    private void opsApi(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (opsTokenSha256 == null) {
            Problems.write(request, response, HttpStatus.FORBIDDEN, "ops_api_disabled",
                    "no ops credential is configured (stablerail.gateway.ops.bootstrap-token-sha256)");
            return;
        }
        String token = bearer(request);
        if (token == null || !MessageDigest.isEqual(opsTokenSha256, Tokens.sha256(token))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "a valid ops token is required");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
    }

}
