package io.stablerail.gateway.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. Production: {@code https} to public addresses only ({@link AddressClass}) — never private
 * (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), loopback, link-local (169.254/16, the cloud metadata address,
 * fe80::/10), unspecified, multicast, reserved, IPv6 outside 2000::/3, or IPv4 embedded in IPv6 (mapped, NAT64,
 * 6to4) that is any of those. Checked at registration and again right before every
 * connection (a name may resolve elsewhere later: DNS rebinding). The local stack may allow plain {@code http} to
 * localhost. Names are resolved through {@link Resolver}, so tests can play DNS.
 */
@Component
public class WebhookTargetPolicy {

    /** A refused target, with the reason; API code {@code webhook_target_not_allowed}. */
    public static class TargetNotAllowedException extends RuntimeException {
        public TargetNotAllowedException(String reason) {
            super("webhook target not allowed: " + reason);
        }
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLocalHttp;
    private final Resolver resolver;

    @org.springframework.beans.factory.annotation.Autowired
    public WebhookTargetPolicy(WebhookProperties properties) {
        this(properties.allowLocalHttp(), host -> List.of(InetAddress.getAllByName(host)));
    }

    public WebhookTargetPolicy(boolean allowLocalHttp, Resolver resolver) {
        this.allowLocalHttp = allowLocalHttp;
        this.resolver = resolver;
    }

    public void checkAtRegistration(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        String host = target.getHost();
        if (host == null || target.getRawUserInfo() != null || target.getRawFragment() != null) {
            throw new TargetNotAllowedException("the URL needs a host and no user info or fragment");
        }
        boolean localHttp = allowLocalHttp && scheme.equals("http") && isLocalName(host);
        if (!scheme.equals("https") && !localHttp) {
            throw new TargetNotAllowedException("only https URLs are accepted");
        }
        if (target.toString().length() > 2048) {
            throw new TargetNotAllowedException("the URL is longer than 2048 characters");
        }
        resolveAllowed(host);
    }

    /** Resolves {@code host} now and refuses it if any address is not allowed; returns the addresses. */
    public List<InetAddress> resolveAllowed(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new TargetNotAllowedException(host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new TargetNotAllowedException(host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed(host, address)) {
                throw new TargetNotAllowedException(host + " resolves to a non-public address "
                        + address.getHostAddress());
            }
        }
        return addresses;
    }

    private boolean allowed(String host, InetAddress address) {
        if (allowLocalHttp && isLocalName(host) && address.isLoopbackAddress()) {
            return true;
        }
        return isPublic(address);
    }

    static boolean isPublic(InetAddress address) {
        return AddressClass.of(address) == AddressClass.PUBLIC;
    }

    private static boolean isLocalName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1");
    }
}
