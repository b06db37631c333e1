package io.stablerail.gateway.ops.web;

import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.messaging.deadletter.web.DeadLetterOpsController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The suite's dead-letter topics for ops, behind the ops token ({@code /ops/api/dead-letters}): the same handlers as
 * every service's internal {@code /internal/v1/ops/dead-letters} — list per topic, inspect, replay with
 * {@code X-Actor} — since every DLT is on the one Kafka cluster the gateway also uses. The gateway itself does not
 * serve the internal path (it is the public edge; {@code stablerail.messaging.dead-letters.internal-endpoints=false}).
 */
@RestController
@RequestMapping("/ops/api/dead-letters")
class OpsDeadLetterController extends DeadLetterOpsController {

    OpsDeadLetterController(DeadLetters deadLetters) {
        super(deadLetters);
    }
}
