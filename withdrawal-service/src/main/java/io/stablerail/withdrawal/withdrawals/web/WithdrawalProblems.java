package io.stablerail.withdrawal.withdrawals.web;

import java.net.URI;

import io.stablerail.withdrawal.withdrawals.WithdrawalException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details with a stable {@code code}; a refused request changed nothing unless it says so. */
@RestControllerAdvice
class WithdrawalProblems {

    @ExceptionHandler(WithdrawalException.class)
    ProblemDetail refused(WithdrawalException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ProblemDetail problem = problem(status, e.code(), e.getMessage());
        if (e.withdrawalId() != null) {
            problem.setProperty("withdrawal_id", e.withdrawalId().toString());
        }
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String message = e.getMostSpecificCause().getMessage();
        boolean unknownField = message != null && message.contains("Unrecognized property");
        return problem(HttpStatus.BAD_REQUEST, unknownField ? "unknown_field" : "invalid_request",
                unknownField ? "the request has a field this API does not know" : "the request body is not valid JSON "
                        + "of the expected shape");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://docs.stablerail.io/errors/" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }
}
