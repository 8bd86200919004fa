-- A DID's use is counted when rotation chooses it for a call, in the claim that gives the call its set-up slot; it is
-- given back when the call ends without any Originate having left (cancelled while queued, interrupted before it was
-- sent, ended unplaced). Two facts about the call decide that and make the give-back exact:
--
-- did_used_at: the time of the use on its DID, which is its did_calls row's `at` (and the DID's last_used_at right
-- after it): what names the row to remove. Null for calls given their DID before this migration (their give-back
-- lowers the count only; their did_calls row stays, which errs on the side of fewer calls under a cap).
--
-- originated_at: when the call's first Originate left, written after the dialer took it, off the timer that sends, a
-- few calls at a time (dialing.OriginateMarks). A call found in progress with neither this mark nor an earlier
-- set-up (attempts = 1) when its instance stops or is revived never left: its use is given back. A queued call
-- never sent one when attempts = 0 (a slot given back gives its attempt back). A kill -9 between an Originate and
-- the commit of its mark gives back a use that did leave (docs/dialing.md).
ALTER TABLE calls
    ADD COLUMN did_used_at   TIMESTAMPTZ,
    ADD COLUMN originated_at TIMESTAMPTZ;
