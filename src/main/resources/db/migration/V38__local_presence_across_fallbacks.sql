-- A policy may look for the destination's area code (then its region) over the request's fallback segments too,
-- before settling for any DID of the first segment (issue 29). Off by default: rotation stays as before.
ALTER TABLE segment_policies
    ADD COLUMN local_presence_across_fallbacks BOOLEAN NOT NULL DEFAULT false,
    ADD CONSTRAINT across_fallbacks_needs_local_presence
        CHECK (NOT local_presence_across_fallbacks OR local_presence);
