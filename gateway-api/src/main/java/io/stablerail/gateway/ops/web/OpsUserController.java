package io.stablerail.gateway.ops.web;

import java.time.Instant;
import java.util.List;

import io.stablerail.gateway.ops.IssuedOpsToken;
import io.stablerail.gateway.ops.OpsActor;
import io.stablerail.gateway.ops.OpsUser;
import io.stablerail.gateway.ops.OpsUsers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops users ({@code /ops/api/ops-users}): the bootstrap credential creates and disables them; any ops caller lists
 * them. A new user's token is in the creation response only.
 */
@RestController
@RequestMapping("/ops/api/ops-users")
class OpsUserController {

    private final OpsUsers opsUsers;

    OpsUserController(OpsUsers opsUsers) {
        this.opsUsers = opsUsers;
    }

    record CreateOpsUser(String name) {
    }

    record OpsUserView(String id, String name, Instant createdAt, String createdBy, Instant disabledAt) {
        static OpsUserView of(OpsUser user) {
            return new OpsUserView(user.id(), user.name(), user.createdAt(), user.createdBy(), user.disabledAt());
        }
    }

    /** The one response that carries the secret token. */
    record IssuedOpsTokenView(String id, String name, Instant createdAt, String token) {
        static IssuedOpsTokenView of(IssuedOpsToken issued) {
            return new IssuedOpsTokenView(issued.user().id(), issued.user().name(), issued.user().createdAt(),
                    issued.token());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedOpsTokenView create(@RequestBody CreateOpsUser body, HttpServletRequest request) {
        OpsActor by = OpsActors.bootstrapOnly(request, "create ops users");
        return IssuedOpsTokenView.of(opsUsers.create(body.name(), by));
    }

    @GetMapping
    List<OpsUserView> list() {
        return opsUsers.list().stream().map(OpsUserView::of).toList();
    }

    @PostMapping("/{name}/disable")
    OpsUserView disable(@PathVariable String name, HttpServletRequest request) {
        OpsActor by = OpsActors.bootstrapOnly(request, "disable ops users");
        return OpsUserView.of(opsUsers.disable(name, by));
    }
}
