package io.stablerail.gateway.routing.web;

import io.stablerail.gateway.edge.web.Problems;
import io.stablerail.gateway.edge.web.RequestIdFilter;
import io.stablerail.gateway.routing.ServiceClient;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A service that gave no usable answer (down, timed out, circuit open) becomes a problem with a stable code. */
@RestControllerAdvice(assignableTypes = {RoutedController.class, MoneyMovementController.class})
class UpstreamProblems {

    @ExceptionHandler(ServiceClient.UpstreamException.class)
    ProblemDetail upstream(ServiceClient.UpstreamException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.valueOf(e.status()), e.code(), e.getMessage(), RequestIdFilter.of(request));
    }
}
