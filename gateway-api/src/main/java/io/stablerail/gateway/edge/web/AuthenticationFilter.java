package io.stablerail.gateway.edge.web;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.stablerail.gateway.GatewayProperties;
import io.stablerail.gateway.Tokens;
import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.merchants.AuthenticatedMerchant;
import io.stablerail.gateway.merchants.Scope;
import io.stablerail.gateway.ops.OpsActor;
import io.stablerail.gateway.ops.OpsUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
 * read, others: write); {@code /ops/api/**} (but the health page) needs an ops user's token ({@code sro_…}) or the
 * ops bootstrap token, and then carries the authenticated actor in {@code X-Actor} (the user's name, or
 * {@code bootstrap}) — a caller's own {@code X-Actor} is replaced, so an ops action is always attributed to the
 * person whose token made it. Missing, wrong, revoked, disabled or expired → 401 and nothing runs. If the key or
 * user store cannot answer → 503 and nothing runs (fail closed).
 * {@code /internal/**} is never served by the public edge: 404.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class AuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final ApiKeys apiKeys;
    private final OpsUsers opsUsers;
    private final byte[] opsTokenSha256;

    public AuthenticationFilter(ApiKeys apiKeys, OpsUsers opsUsers, GatewayProperties properties) {
        this.apiKeys = apiKeys;
        this.opsUsers = opsUsers;
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
            unavailable(request, response, "API key store", e);
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
        String token = bearer(request);
        boolean userShaped = OpsUsers.looksLikeUserToken(token);
        Optional<OpsActor> actor = Optional.empty();
        if (userShaped) {
            try {
                actor = opsUsers.authenticate(token);
            } catch (DataAccessException e) {
                unavailable(request, response, "ops user store", e);
                return;
            }
        }
        if (actor.isEmpty() && opsTokenSha256 != null && token != null
                && MessageDigest.isEqual(opsTokenSha256, Tokens.sha256(token))) {
            actor = Optional.of(OpsActor.bootstrapToken()); // whatever its text looks like
        }
        if (actor.isEmpty() && opsTokenSha256 == null && !userShaped) {
            Problems.write(request, response, HttpStatus.FORBIDDEN, "ops_api_disabled",
                    "no ops credential is configured (stablerail.gateway.ops.bootstrap-token-sha256)");
            return;
        }
        if (actor.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "a valid ops token is required");
            return;
        }
        request.setAttribute(OpsActor.REQUEST_ATTRIBUTE, actor.get());
        chain.doFilter(new ActorNamed(request, actor.get().name()), response);
    }

    /** The request with {@code X-Actor} set to the authenticated ops actor, whatever the caller sent. */
    private static final class ActorNamed extends HttpServletRequestWrapper {
        private static final String HEADER = "X-Actor";
        private final String actor;

        ActorNamed(HttpServletRequest request, String actor) {
            super(request);
            this.actor = actor;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? actor : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(actor)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.removeIf(HEADER::equalsIgnoreCase);
            names.add(HEADER);
            return Collections.enumeration(names);
        }
    }

    /** The credential store could not answer: 503, nothing runs (fail closed). */
    private static void unavailable(HttpServletRequest request, HttpServletResponse response, String store,
                                    DataAccessException e) throws IOException {
        log.warn("{} unavailable, refusing request: {}", store, e.getMostSpecificCause().toString());
        Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                "the request could not be authenticated right now; nothing was done, retry later");
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
    }

}
