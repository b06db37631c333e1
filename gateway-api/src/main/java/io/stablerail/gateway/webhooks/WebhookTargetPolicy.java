package io.stablerail.gateway.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. Production: {@code https} to public addresses only — never private (10/8, 172.16/12,
 * 192.168/16, 100.64/10, fc00::/7), loopback, link-local (169.254/16, the cloud metadata address, fe80::/10),
 * unspecified, multicast or IPv4-mapped forms of those. Checked at registration and again right before every
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
        InetAddress effective = unmapped(address);
        if (effective.isAnyLocalAddress() || effective.isLoopbackAddress() || effective.isLinkLocalAddress()
                || effective.isSiteLocalAddress() || effective.isMulticastAddress()) {
            return false;
        }
        byte[] b = effective.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && first != 10 && first != 127 && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 169 && second == 254) && !(first == 172 && second >= 16 && second < 32)
                    && !(first == 192 && second == 168) && first < 224;
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) != 0xfc; // fc00::/7 unique local
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    private static boolean isLocalName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1");
    }
}
