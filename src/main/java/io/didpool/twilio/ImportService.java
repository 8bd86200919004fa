package io.didpool.twilio;

import io.didpool.api.DomainException;
import io.didpool.api.PlainText;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.did.DidLifecycle;
import io.didpool.did.DidRules;
import io.didpool.did.DidService;
import io.didpool.did.ImportedNumber;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports every number of a tenant's Twilio account as a DID. Page by page: each page Twilio returns is validated
 * and written by one statement (one transaction) before the next is asked for, so memory does not grow with the
 * account, a failure leaves every page before it saved and consistent, and running the import again completes it
 * (what is already there reports as unchanged). Existing DIDs get the new segment, trunk (unless the import is for new
 * numbers only) and Twilio metadata and keep their usage and status; new ones are created {@code active}. Once the
 * account was read to its end, the DIDs imported from it earlier that it no longer lists are reported (and released
 * when asked).
 */
@Service
class ImportService {

    static final String DEFAULT_SEGMENT = "twilio-main";
    static final String NEW_ONLY = "NEW_ONLY";

    /** Errors listed in one answer; {@code failed} still counts them all. Keeps the answer small for any account. */
    static final int MAX_ERRORS_LISTED = 1000;

    /** What imported DIDs show as their provider and import source. */
    private static final String PROVIDER = "Twilio";
    private static final String IMPORT_SOURCE = "twilio-api";

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final int MAX_SID = 64;
    private static final int MAX_FRIENDLY_NAME = 255;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern NOT_PLAIN_TEXT = Pattern.compile(PlainText.REFUSED);

    private final CredentialsService credentials;
    private final TwilioGateway twilio;
    private final ImportRepository repository;
    private final DidService dids;
    private final TrunkService trunks;
    private final ImportMetrics metrics;
    private final Audit audit;
    private final DidLifecycle lifecycle;

    ImportService(CredentialsService credentials, TwilioGateway twilio, ImportRepository repository, DidService dids,
            TrunkService trunks, ImportMetrics metrics, Audit audit, DidLifecycle lifecycle) {
        this.credentials = credentials;
        this.lifecycle = lifecycle;
        this.twilio = twilio;
        this.repository = repository;
        this.dids = dids;
        this.trunks = trunks;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * What an import does: the segment and trunk of new numbers (and of existing DIDs unless {@code newOnly}), and
     * whether the DIDs the account no longer lists are marked released.
     */
    record Options(String segment, String trunk, boolean newOnly, boolean releaseMissing, boolean dryRun) {
    }

    ImportResult importNumbers(TenantId tenant, Options options) {
        trunks.requireOpenTo(tenant, options.trunk());
        boolean dryRun = options.dryRun();
        TwilioCredentials account = credentials.load(tenant);
        ImportedNumber.Target target = new ImportedNumber.Target(options.segment(), options.trunk(), PROVIDER,
                account.accountSid(), IMPORT_SOURCE, options.newOnly());
        long started = System.nanoTime();
        Optional<ImportRepository.ImportLock> lock = repository.tryLock(tenant);
        if (lock.isEmpty()) {
            metrics.run("refused", dryRun, since(started));
            throw new DomainException.Conflict("an import of Twilio numbers is already running for this tenant; "
                    + "run it again when that one has finished");
        }
        Tally tally = new Tally();
        List<ImportedNumber.Missing> missing;
        try (ImportRepository.ImportLock held = lock.get()) {
            twilio.forEachNumberPage(account, page -> importPage(tenant, target, dryRun, page, tally));
            // only once the account was read to its end can a number it lacks be called missing
            missing = dids.missingFromProvider(tenant, target, tally.listed.toArray(String[]::new),
                    options.releaseMissing() && !dryRun);
            if (!dryRun) {
                // the ownership check of an import: every number the account lists is on it
                lifecycle.markOnAccount(tenant, tally.listed.toArray(String[]::new));
            }
        } catch (TwilioFailure e) {
            metrics.run("failed", dryRun, since(started));
            log.warn("Twilio import of tenant {} (account {}) stopped after {} numbers: {}",
                    tenant, account.accountSid(), tally.fetched, e.getMessage());
            recordInAudit(tenant, options, tally, "failed: " + e.getMessage(), 0);
            throw new DomainException.UpstreamFailed(e.getMessage() + "; " + progress(tally, dryRun));
        } catch (RuntimeException e) {
            metrics.run("failed", dryRun, since(started));
            throw e;
        }
        long released = options.releaseMissing() && !dryRun ? missing.size() : 0;
        metrics.run("succeeded", dryRun, since(started));
        recordInAudit(tenant, options, tally, "succeeded", released);
        log.info("Twilio import of tenant {} (account {}{}) into segment {} trunk {}{}: fetched {}, created {}, "
                        + "updated {}, unchanged {}, failed {}, missing {}, released {} in {} ms",
                tenant, account.accountSid(), dryRun ? ", dry run" : "", target.segment(), target.trunk(),
                options.newOnly() ? " (new numbers only)" : "", tally.fetched, tally.created, tally.updated,
                tally.unchanged, tally.failed, missing.size(), released, since(started).toMillis());
        return tally.result(missing, released, dryRun);
    }

    /**
     * One audit entry per import that wrote something: its options and counts (the pages were written in
     * transactions of their own, so the entry is written when the import ends, failed or not).
     */
    private void recordInAudit(TenantId tenant, Options options, Tally tally, String outcome, long released) {
        if (options.dryRun() || tally.created + tally.updated + released == 0) {
            return;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("outcome", outcome);
        after.put("segment", options.segment());
        after.put("trunk", options.trunk());
        after.put("mode", options.newOnly() ? NEW_ONLY : "UPDATE_SEGMENTS");
        after.put("fetched", tally.fetched);
        after.put("created", tally.created);
        after.put("updated", tally.updated);
        after.put("failed", tally.failed);
        after.put("released", released);
        audit.record(tenant, AuditEntity.DID, null, "twilio-import", null, after);
    }

    private void importPage(TenantId tenant, ImportedNumber.Target target, boolean dryRun,
            List<TwilioNumber> page, Tally tally) {
        List<ImportedNumber> usable = new ArrayList<>(page.size());
        Set<String> seen = new HashSet<>();
        int failed = 0;
        for (TwilioNumber number : page) {
            if (number.number() != null) {
                tally.listed.add(number.number());
            }
            String problem = problem(number);
            if (problem == null && !seen.add(number.number())) {
                problem = "Twilio listed this number twice";
            }
            if (problem == null) {
                usable.add(withFittingName(number));
            } else {
                failed++;
                tally.error(number.number(), problem);
            }
        }
        ImportedNumber.Counts counts = dids.importNumbers(tenant, target, usable, dryRun);
        int unchanged = usable.size() - counts.created() - counts.updated();
        tally.add(page.size(), counts.created(), counts.updated(), unchanged, failed);
        metrics.numbers("created", dryRun, counts.created());
        metrics.numbers("updated", dryRun, counts.updated());
        metrics.numbers("unchanged", dryRun, unchanged);
        metrics.numbers("failed", dryRun, failed);
    }

    /** Why a number cannot become a DID, or null when it can. */
    private static String problem(TwilioNumber number) {
        if (number.number() == null || number.number().isBlank()) {
            return "Twilio gave no phone number";
        }
        if (!DidRules.isNumber(number.number())) {
            return "not an E.164 number (+ then up to 15 digits, the first not 0)";
        }
        if (number.sid() == null || number.sid().isBlank()) {
            return "Twilio gave no SID for this number";
        }
        if (number.sid().length() > MAX_SID) {
            return "the Twilio SID is longer than " + MAX_SID + " characters";
        }
        if (CONTROL.matcher(number.sid()).find()) {
            return "the Twilio SID holds control characters";
        }
        return null;
    }

    /**
     * The number as a DID takes it, with its friendly name made to fit: each character a name may not hold
     * ({@link PlainText}: controls, invisible and format characters, lone surrogates) becomes a space (PostgreSQL
     * cannot store a NUL, and the whole page would fail with it; a hidden character would show only as a name that
     * looks like another), then cut to the column's size. A name is metadata, never a reason to skip.
     */
    private static ImportedNumber withFittingName(TwilioNumber number) {
        String name = number.friendlyName();
        if (name != null) {
            name = NOT_PLAIN_TEXT.matcher(name).replaceAll(" ");
            if (name.length() > MAX_FRIENDLY_NAME) {
                // never between the two halves of a pair: half of one is a lone surrogate, which a name may not hold
                name = name.substring(0, Character.isHighSurrogate(name.charAt(MAX_FRIENDLY_NAME - 1))
                        ? MAX_FRIENDLY_NAME - 1 : MAX_FRIENDLY_NAME);
            }
        }
        return new ImportedNumber(number.number(), number.sid(), name, number.voice(), number.sms(), number.mms());
    }

    private static String progress(Tally tally, boolean dryRun) {
        if (dryRun) {
            return "dry run: nothing was written";
        }
        if (tally.fetched == 0) {
            return "nothing was written";
        }
        return "the " + tally.fetched + " numbers read before were saved (created " + tally.created + ", updated "
                + tally.updated + "); run the import again to complete it";
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The running totals of one import. */
    private static final class Tally {
        private long fetched;
        private long created;
        private long updated;
        private long unchanged;
        private long failed;
        private final List<ImportedNumber.Problem> errors = new ArrayList<>();
        /** Every number the account listed: about 60 bytes each, so 1 MB for 16,000 numbers. */
        private final List<String> listed = new ArrayList<>();

        void add(int fetched, int created, int updated, int unchanged, int failed) {
            this.fetched += fetched;
            this.created += created;
            this.updated += updated;
            this.unchanged += unchanged;
            this.failed += failed;
        }

        void error(String number, String reason) {
            if (errors.size() < MAX_ERRORS_LISTED) {
                // whatever Twilio sent, shown short and on one line
                String shown = number == null ? null : number.replaceAll("\\p{Cntrl}", "?");
                shown = shown == null || shown.length() <= 32 ? shown : shown.substring(0, 32) + "…";
                errors.add(new ImportedNumber.Problem(shown, reason));
            }
        }

        ImportResult result(List<ImportedNumber.Missing> missing, long released, boolean dryRun) {
            return new ImportResult(fetched, created, updated, unchanged, failed, List.copyOf(errors),
                    List.copyOf(missing.subList(0, Math.min(missing.size(), MAX_ERRORS_LISTED))), missing.size(),
                    released, dryRun);
        }
    }
}
