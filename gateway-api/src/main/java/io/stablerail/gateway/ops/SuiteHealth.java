package io.stablerail.gateway.ops;

import java.time.Instant;
import java.util.List;

/**
 * The health of the whole suite: {@code UP} only when every service is.
 *
 * @param status    {@code UP} or {@code DOWN}
 * @param checkedAt when the services were asked
 * @param services  one entry per service, gateway first
 */
public record SuiteHealth(String status, Instant checkedAt, List<ServiceHealth> services) {

    public static SuiteHealth of(Instant checkedAt, List<ServiceHealth> services) {
        boolean allUp = services.stream().allMatch(ServiceHealth::isUp);
        return new SuiteHealth(allUp ? ServiceHealth.UP : ServiceHealth.DOWN, checkedAt, services);
    }
}
