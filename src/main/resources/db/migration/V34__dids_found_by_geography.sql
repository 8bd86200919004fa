-- Finding a tenant's DIDs by area code, region and number prefix (the list's, export's and bulk change's areaCode,
-- region and numberPrefix) without reading every DID. The indexes are on did_search_terms, which holds each DID's
-- number off the table every allocation writes (V15): an index on asterisk_dids would take a new entry at every
-- allocation, these only when a number changes.
--
-- A DID's area code is nanp_area_code(number) (V21: the trigger derives asterisk_dids.area_code with it), and a
-- region is its area codes (NanpGeography), so one index on the function serves both.
CREATE INDEX did_search_terms_by_area_code ON did_search_terms (nanp_area_code(number));

-- A prefix is a range of numbers in byte order ("+1212" <= number < "+1212:", ':' coming after '9'): pattern_ops
-- compares bytes, whatever the database's collation.
CREATE INDEX did_search_terms_by_number_prefix ON did_search_terms (number varchar_pattern_ops);
