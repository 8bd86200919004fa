package io.didpool.twilio;

import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.OutgoingCallerId;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.Local;
import com.twilio.rest.api.v2010.account.availablephonenumbercountry.LocalReader;
import com.twilio.rest.pricing.v1.phonenumber.Country;
import com.twilio.rest.trunking.v1.trunk.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;
import com.twilio.type.PhoneNumberPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Twilio requests of a number's lifecycle, through the SDK and {@link TwilioGateway} (same clients, retries and
 * failures as the import): searching, pricing, buying and releasing numbers, a trunk's numbers and the account's
 * verified caller IDs.
 */
@Component
class NumberCalls {

    private static final Logger log = LoggerFactory.getLogger(NumberCalls.class);
    private static final String US = "US";
    private static final long PAGE = 1000;

    private final TwilioGateway twilio;

    NumberCalls(TwilioGateway twilio) {
        this.twilio = twilio;
    }

    /** Up to {@code count} local US numbers for sale near what {@code search} names. */
    List<TwilioNumber> searchLocal(TwilioCredentials credentials, NumberSearch search, int count) {
        LocalReader reader = Local.reader(credentials.accountSid(), US).setPageSize((long) count);
        switch (search.by()) {
            case AREA_CODE -> reader.setAreaCode(Integer.valueOf(search.value()));
            case REGION -> reader.setInRegion(search.value());
            case NEAR_NUMBER -> reader.setNearNumber(search.value());
        }
        List<Local> found = twilio.request(credentials, client -> reader.firstPage(client)).getRecords();
        return found.stream().filter(local -> local.getPhoneNumber() != null).limit(count)
                .map(NumberCalls::offered).toList();
    }

    /** A number for sale as a TwilioNumber (no SID: it is not the account's yet). */
    private static TwilioNumber offered(Local local) {
        PhoneNumberCapabilities capabilities = local.getCapabilities();
        return new TwilioNumber(local.getPhoneNumber().getEndpoint(), null,
                local.getFriendlyName() == null ? null : local.getFriendlyName().getEndpoint(),
                capabilities == null ? null : capabilities.getVoice(),
                capabilities == null ? null : capabilities.getSms(),
                capabilities == null ? null : capabilities.getMms());
    }

    /** What a local US number costs a month on this account (Pricing API); empty when Twilio does not say. */
    Optional<BigDecimal> localMonthlyPrice(TwilioCredentials credentials) {
        try {
            Country country = twilio.request(credentials, client -> Country.fetcher(US).fetch(client));
            return country.getPhoneNumberPrices() == null ? Optional.empty()
                    : country.getPhoneNumberPrices().stream()
                            .filter(p -> p.getType() == PhoneNumberPrice.Type.LOCAL)
                            .findFirst()
                            .map(p -> BigDecimal.valueOf(p.getCurrentPrice()));
        } catch (RuntimeException e) {
            log.info("No local number price from Twilio's Pricing API: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Buys the number; the account's new IncomingPhoneNumber. */
    TwilioNumber buy(TwilioCredentials credentials, String number) {
        return TwilioNumber.of(twilio.request(credentials, client ->
                IncomingPhoneNumber.creator(credentials.accountSid(), new com.twilio.type.PhoneNumber(number))
                        .create(client)));
    }

    /** The account's IncomingPhoneNumber of {@code number}, if it has it. */
    Optional<TwilioNumber> findOnAccount(TwilioCredentials credentials, String number) {
        return twilio.request(credentials, client -> IncomingPhoneNumber.reader(credentials.accountSid())
                        .setPhoneNumber(number).firstPage(client)).getRecords().stream()
                .map(TwilioNumber::of)
                .filter(n -> number.equals(n.number()))
                .findFirst();
    }

    /** Releases the number (its PN… SID) from the account; false when the account no longer had it. */
    boolean release(TwilioCredentials credentials, String sid) {
        try {
            return twilio.request(credentials,
                    client -> IncomingPhoneNumber.deleter(credentials.accountSid(), sid).delete(client));
        } catch (TwilioFailure e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /** The numbers on the Elastic SIP Trunk, each with its PN… SID, by number. */
    Map<String, String> trunkNumbers(TwilioCredentials credentials, String trunkSid) {
        Map<String, String> numbers = new LinkedHashMap<>();
        twilio.forEachPage(credentials, PhoneNumber.reader(trunkSid).setPageSize(PAGE), page -> page.forEach(n -> {
            if (n.getPhoneNumber() != null) {
                numbers.put(n.getPhoneNumber().getEndpoint(), n.getSid());
            }
        }));
        return numbers;
    }

    /** Associates the account's number (its PN… SID) with the Elastic SIP Trunk. */
    void associate(TwilioCredentials credentials, String trunkSid, String numberSid) {
        twilio.request(credentials, client -> PhoneNumber.creator(trunkSid, numberSid).create(client));
    }

    /** Every number of the account (its IncomingPhoneNumbers). */
    Set<String> accountNumbers(TwilioCredentials credentials) {
        Set<String> numbers = new HashSet<>();
        twilio.forEachNumberPage(credentials, page -> page.forEach(n -> numbers.add(n.number())));
        return numbers;
    }

    /** The account's verified caller IDs (OutgoingCallerIds). */
    Set<String> verifiedCallerIds(TwilioCredentials credentials) {
        List<String> numbers = new ArrayList<>();
        twilio.forEachPage(credentials, OutgoingCallerId.reader(credentials.accountSid()).setPageSize(PAGE),
                page -> page.forEach(c -> {
                    if (c.getPhoneNumber() != null) {
                        numbers.add(c.getPhoneNumber().getEndpoint());
                    }
                }));
        return new HashSet<>(numbers);
    }

    /** Where to look for numbers to buy: one of an area code, a state or province, or near a number. */
    record NumberSearch(By by, String value) {
        enum By { AREA_CODE, REGION, NEAR_NUMBER }
    }
}
