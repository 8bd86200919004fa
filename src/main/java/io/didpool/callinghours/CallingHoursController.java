package io.didpool.callinghours;

import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's calling hours: when its calls may start, in the callee's local time.
 * <pre>
 * {"timeZoneUnknown":"STRICTEST"|"REFUSE",
 *  "days":{"MON":{"start":"08:00","end":"21:00"}, … ,"SUN":null},
 *  "regions":{"FL":{"days":{…}}},
 *  "closedDates":["2027-12-25"]}
 * </pre>
 * A day null (or, in a request, left out) is closed; a window allows start ≤ t &lt; end, "HH:mm", an end of "24:00"
 * being the end of the day. A region (US state, DC, Canadian province or territory code) has its own week, replacing
 * the days for destinations there; closed dates apply everywhere. {@code GET /api/calling-hours/default} answers the
 * shipped default in the same shape, each rule with its {@code "source"}: each day
 * {@code {"start","end","source":"47 CFR 64.1200(c)(1)"}}, each region
 * {@code {"days":{…},"source":"Fla. Stat. § 501.616(6)(a)"}}. See docs/calling-hours.md.
 */
@RestController
@RequestMapping("/api/calling-hours")
@Tag(name = "Calling hours", description = "when calls may start, in the callee's local time; didpool's default")
class CallingHoursController {

    private final CallingHoursService hours;

    CallingHoursController(CallingHoursService hours) {
        this.hours = hours;
    }

    @GetMapping
    @Operation(summary = "The tenant's calling hours", description = """
            A tenant that never set its own has didpool's shipped default (GET /api/calling-hours/default, without \
            the sources). All seven days are listed, a closed one null.""")
    CallingHoursJson get(TenantId tenant) {
        return hours.tenantHours(tenant);
    }

    @PutMapping
    @Operation(summary = "Replace the tenant's calling hours", description = """
            Journeys and campaigns without hours of their own follow them. A day left out or null is closed; a \
            window is "HH:mm" to "HH:mm" (start before end; "24:00" ends the day, "00:00" is no end); regions are US \
            state, DC or Canadian province or territory codes; closedDates are "yyyy-MM-dd", each once. Any \
            problem is a 400 naming the field and the value. Answers the hours as stored; audited.""")
    CallingHoursJson put(TenantId tenant, @RequestBody CallingHoursJson request) {
        return hours.replaceTenant(tenant, request);
    }

    @GetMapping("/default")
    @Operation(summary = "didpool's shipped default calling hours, each rule with its source", description = """
            The federal window every day and the stricter windows of the states listed, each day and each region \
            with its "source" (the law it comes from). Not legal advice. Sent back with PUT, the sources are \
            ignored.""")
    ShippedHours.Sourced shippedDefault() {
        return ShippedHours.sourced();
    }
}
