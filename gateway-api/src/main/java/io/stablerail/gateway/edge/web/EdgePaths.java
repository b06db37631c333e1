package io.stablerail.gateway.edge.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * The path the edge's filters decide on: the one handlers are matched on — decoded, without {@code ;} parameters,
 * doubled slashes merged — never the raw request URI. {@code /%6Fps/api/…} reaches the ops handlers, so it must be
 * checked (and fingerprinted) as {@code /ops/api/…}; before this, the raw URI let it past the ops-token check.
 */
final class EdgePaths {

    private EdgePaths() {
    }

    static String of(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
    }
}
