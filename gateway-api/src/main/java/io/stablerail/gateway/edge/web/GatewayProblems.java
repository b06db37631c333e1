package io.stablerail.gateway.edge.web;

import io.stablerail.gateway.merchants.ApiKeys;
import io.stablerail.gateway.ops.OpsActor;
import io.stablerail.gateway.ops.OpsUsers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Controller errors as problem details with stable codes; unknown JSON fields are refused as {@code unknown_field}. */
@RestControllerAdvice
class GatewayProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("Unrecognized property")) {
            String field = message.replaceAll("(?s).*Unrecognized property \"([^\"]*)\".*", "$1");
            return Problems.of(HttpStatus.BAD_REQUEST, "unknown_field",
                    "unknown field \"" + field + "\"", RequestIdFilter.of(request));
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", "the request body is not valid JSON of the "
                + "expected shape", RequestIdFilter.of(request));
    }

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ProblemDetail invalid(Exception e, HttpServletRequest request) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(), RequestIdFilter.of(request));
    }

    @ExceptionHandler(OpsActor.Refused.class)
    ProblemDetail refused(OpsActor.Refused e, HttpServletRequest request) {
        return Problems.of(HttpStatus.FORBIDDEN, e.code(), e.getMessage(), RequestIdFilter.of(request));
    }

    @ExceptionHandler(OpsUsers.NameTakenException.class)
    ProblemDetail nameTaken(OpsUsers.NameTakenException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.CONFLICT, "ops_user_exists", e.getMessage(), RequestIdFilter.of(request));
    }

    @ExceptionHandler({ApiKeys.UnknownMerchantException.class, ApiKeys.UnknownApiKeyException.class,
            OpsUsers.UnknownOpsUserException.class})
    ProblemDetail notFound(RuntimeException e, HttpServletRequest request) {
        return Problems.of(HttpStatus.NOT_FOUND, "resource_missing", e.getMessage(), RequestIdFilter.of(request));
    }
}
