package io.didpool.did;

import io.didpool.api.DomainException;
import io.didpool.audit.Audit;
import io.didpool.audit.AuditEntity;
import io.didpool.tenant.TenantId;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Segments as things of their own: a segment exists when it is declared (with a description) or holds DIDs. It may be
 * declared before it holds any (so that a journey can name it), renamed (its DIDs and everything naming it follow)
 * and deleted once empty.
 */
@Service
class SegmentService {

    private final SegmentRepository segments;
    private final DidRepository dids;
    private final SegmentPolicyStore policies;
    private final Audit audit;
    private final ApplicationEventPublisher events;

    SegmentService(SegmentRepository segments, DidRepository dids, SegmentPolicyStore policies, Audit audit,
            ApplicationEventPublisher events) {
        this.segments = segments;
        this.dids = dids;
        this.policies = policies;
        this.audit = audit;
        this.events = events;
    }

    Segment get(TenantId tenant, String name) {
        return find(tenant, name).orElseThrow(() -> notFound(tenant, name));
    }

    /**
     * Declares the segment, or replaces the declaration of a declared one (a segment holding DIDs may be declared
     * too): its description and its inbound route (null: none; 400 when it is no route).
     */
    @Transactional
    Segment declare(TenantId tenant, String name, String description, String inboundRoute) {
        DidRules.route("inboundRoute", inboundRoute);
        segments.lockNames(tenant, name);
        Optional<Segment> before = find(tenant, name);
        segments.upsert(tenant, name, description, inboundRoute);
        Segment after = get(tenant, name);
        audit.record(tenant, AuditEntity.SEGMENT, name, before.map(Segment::declared).orElse(false) ? "update"
                : "declare", before.orElse(null), after);
        return after;
    }

    /** The segment's caller-ID policy ({@link SegmentPolicy#NONE} when it has none); 404 for an unknown segment. */
    SegmentPolicy policy(TenantId tenant, String name) {
        get(tenant, name);
        return policies.policy(tenant, name);
    }

    /** Replaces the segment's caller-ID policy whole; the next allocation follows it. 404 for an unknown segment. */
    @Transactional
    SegmentPolicy setPolicy(TenantId tenant, String name, SegmentPolicy policy) {
        if (policy.localPresenceAcrossFallbacks() && !policy.localPresence()) {
            throw new io.didpool.api.FieldRefused("localPresenceAcrossFallbacks",
                    "true looks for local DIDs across fallbacks, which needs \"localPresence\":true (got false)");
        }
        segments.lockNames(tenant, name);
        get(tenant, name);
        Optional<SegmentPolicy> before = policies.find(tenant, name);
        SegmentPolicy after = policies.save(tenant, name, policy);
        audit.record(tenant, AuditEntity.POLICY, name, before.isPresent() ? "update" : "set", before.orElse(null),
                after);
        return after;
    }

    /** Deletes an empty segment (its declaration and its policy); 409 while it holds DIDs. */
    @Transactional
    void delete(TenantId tenant, String name) {
        segments.lockNames(tenant, name);
        Segment segment = get(tenant, name);
        if (segment.totalDids() > 0) {
            throw new DomainException.Conflict("segment " + name + " holds " + segment.totalDids() + " DID(s): move"
                    + " them to another segment first (POST /api/asterisk-dids/bulk), then delete it");
        }
        segments.delete(tenant, name);
        policies.delete(tenant, name);
        audit.record(tenant, AuditEntity.SEGMENT, name, "delete", segment, null);
    }

    /**
     * Renames the segment: its declaration, its DIDs, and (through {@link SegmentRenaming} and {@link SegmentRenamed})
     * whatever else names it, in one transaction. 404 for an unknown segment, 409 when the new name is a segment already.
     */
    @Transactional
    Segment rename(TenantId tenant, String from, String to) {
        segments.lockNames(tenant, from, to);
        Segment before = get(tenant, from);
        if (from.equals(to)) {
            return before;
        }
        if (find(tenant, to).isPresent()) {
            throw new DomainException.Conflict("to: segment " + to + " exists already; to merge " + from + " into it,"
                    + " move the DIDs (POST /api/asterisk-dids/bulk)");
        }
        segments.rename(tenant, from, to);
        events.publishEvent(new SegmentRenaming(tenant, from, to));
        dids.renameSegment(tenant, from, to);
        policies.renameSegment(tenant, from, to);
        events.publishEvent(new SegmentRenamed(tenant, from, to));
        Segment after = get(tenant, to);
        audit.record(tenant, AuditEntity.SEGMENT, from, "rename", before, after);
        return after;
    }

    private Optional<Segment> find(TenantId tenant, String name) {
        Optional<SegmentRepository.Declared> declared = segments.find(tenant, name);
        DidRepository.SegmentCounts counts = dids.segmentCounts(tenant, name);
        if (declared.isEmpty() && counts.total() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Segment(name, declared.map(SegmentRepository.Declared::description).orElse(null),
                declared.isPresent(), counts.total(), counts.selectable(),
                declared.map(SegmentRepository.Declared::inboundRoute).orElse(null)));
    }

    private DomainException notFound(TenantId tenant, String name) {
        return new DomainException.NotFound(UnknownSegment.message(name, dids.segments(tenant)));
    }

    /**
     * A segment as the API shows it; {@code declared}: it exists whether or not it holds DIDs; {@code inboundRoute}:
     * where a call to one of its DIDs goes when it is no callback (null: none; a segment only its DIDs make has none).
     */
    record Segment(String name, String description, boolean declared, long totalDids, long selectableDids,
            String inboundRoute) {
    }
}
