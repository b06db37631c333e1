package io.stablerail.deposit.addresses.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.addresses.DepositAddress;
import io.stablerail.deposit.addresses.DepositException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal API of addresses; the merchant id comes in the path, as gateway-api passes it to the ledger. Onboarding
 * ({@code PUT …/xpubs}) is called by withdrawal-service, the key side.
 */
@RestController
@RequestMapping("/internal/v1/merchants/{merchantId}")
class AddressController {

    record XpubsJson(String tronXpub, String evmXpub) {
    }

    record OnboardedView(String merchantId, boolean onboarded) {
    }

    record CreateAddressJson(String chain, String customerReference) {
    }

    record AddressView(String addressId, String merchantId, String chain, String family, int index, String address,
                       String customerReference, Instant createdAt) {
        static AddressView of(DepositAddress a) {
            return new AddressView(a.addressId().toString(), a.merchantId(), a.chain(), a.family().name(), a.index(),
                    a.address(), a.customerReference(), a.createdAt());
        }
    }

    record AddressPage(List<AddressView> addresses, String nextCursor) {
    }

    private final AddressBook addresses;

    AddressController(AddressBook addresses) {
        this.addresses = addresses;
    }

    @PutMapping("/xpubs")
    ResponseEntity<OnboardedView> registerXpubs(@PathVariable String merchantId, @RequestBody XpubsJson body) {
        AddressBook.Registration outcome = addresses.registerXpubs(merchantId, body.tronXpub(), body.evmXpub());
        return ResponseEntity.status(outcome == AddressBook.Registration.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new OnboardedView(merchantId, true));
    }

    @PostMapping("/deposit-addresses")
    ResponseEntity<AddressView> create(@PathVariable String merchantId, @RequestBody CreateAddressJson body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(AddressView.of(addresses.create(merchantId, body.chain(), body.customerReference())));
    }

    @GetMapping("/deposit-addresses/{addressId}")
    AddressView get(@PathVariable String merchantId, @PathVariable UUID addressId) {
        return AddressView.of(addresses.get(merchantId, addressId));
    }

    /** Oldest first; {@code next_cursor} is absent on the last page. */
    @GetMapping("/deposit-addresses")
    AddressPage list(@PathVariable String merchantId, @RequestParam(required = false) String cursor,
                     @RequestParam(defaultValue = "50") int limit) {
        List<DepositAddress> page = addresses.list(merchantId, PageCursor.after(cursor), limit);
        String next = page.isEmpty() ? null : PageCursor.next(page.size(), limit, page.getLast().seq());
        return new AddressPage(page.stream().map(AddressView::of).toList(), next);
    }
}
