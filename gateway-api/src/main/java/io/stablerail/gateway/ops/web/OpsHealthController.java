package io.stablerail.gateway.ops.web;

import io.stablerail.gateway.ops.SuiteHealth;
import io.stablerail.gateway.ops.SuiteHealthService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/api/health}: one look tells whether the suite is healthy. 200 when every service is UP, 503 when any
 * is DOWN (so monitors can alert on the status code); the body says which and why either way.
 */
@RestController
class OpsHealthController {

    private final SuiteHealthService health;

    OpsHealthController(SuiteHealthService health) {
        this.health = health;
    }

    @GetMapping(path = "/ops/api/health", produces = "application/json")
    ResponseEntity<SuiteHealth> health() {
        SuiteHealth suite = health.check();
        HttpStatus status = "UP".equals(suite.status()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).body(suite);
    }
}
