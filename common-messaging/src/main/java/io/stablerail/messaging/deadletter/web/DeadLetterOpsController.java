package io.stablerail.messaging.deadletter.web;

import java.net.URI;
import java.util.List;

import io.stablerail.messaging.deadletter.DeadLetter;
import io.stablerail.messaging.deadletter.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Ops inspection and replay of the dead-letter topics, in every service that has a web server (internal API;
 * gateway-api authenticates the ops user and names them in {@code X-Actor}). Topics are named by their base name
 * ({@code stablerail.withdrawals.v1}); a replay sends the record back to that topic, where the consumer's inbox makes a
 * second application harmless. gateway-api serves the same handlers under its ops API by extending this class with
 * another base path.
 */
@RestController
@RequestMapping("/internal/v1/ops/dead-letters")
public class DeadLetterOpsController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterOpsController.class);

    private final DeadLetters deadLetters;

    public DeadLetterOpsController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** One row per base topic with the number of records in its DLT. */
    public record TopicView(String topic, long deadLetters) {
    }

    @GetMapping
    public List<TopicView> topics() {
        return deadLetters.sizes().entrySet().stream().map(e -> new TopicView(e.getKey(), e.getValue())).toList();
    }

    @GetMapping("/{topic}")
    public List<DeadLetter> list(@PathVariable String topic,
                                 @RequestParam(name = "limit", defaultValue = "50") int limit) {
        requireKnown(topic);
        if (limit < 1 || limit > DeadLetters.LIST_LIMIT_MAX) {
            throw new Refused(HttpStatus.BAD_REQUEST, "invalid_request",
                    "limit must be between 1 and " + DeadLetters.LIST_LIMIT_MAX);
        }
        return deadLetters.list(topic, limit);
    }

    @PostMapping("/{topic}/{partition}/{offset}/replay")
    public DeadLetter replay(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
                             @RequestHeader(name = "X-Actor", required = false) String actor) {
        requireKnown(topic);
        if (actor == null || actor.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "actor_required", "X-Actor names the ops user replaying");
        }
        DeadLetter replayed;
        try {
            replayed = deadLetters.replay(topic, partition, offset);
        } catch (IllegalArgumentException e) {
            throw new Refused(HttpStatus.NOT_FOUND, "dead_letter_not_found", e.getMessage());
        }
        log.warn("OPS dead letter {}/{}/{} replayed to {} by {}", replayed.deadLetterTopic(), partition, offset,
                replayed.originalTopic(), actor.strip());
        return replayed;
    }

    private static void requireKnown(String topic) {
        if (!DeadLetters.isKnownTopic(topic)) {
            throw new Refused(HttpStatus.NOT_FOUND, "unknown_topic", "no such topic: " + topic);
        }
    }

    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String code;

        Refused(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @ExceptionHandler(Refused.class)
    ProblemDetail refused(Refused e) {
        return problem(e.status, e.code, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid_request", "parameter " + e.getName() + " is not valid");
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://docs.stablerail.io/errors/" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }
}
