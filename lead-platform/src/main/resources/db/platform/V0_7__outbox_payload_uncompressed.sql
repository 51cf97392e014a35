-- An event's payload is written once and read once by the relay, then deleted: compressing it is work for
-- nothing. PostgreSQL compressed every payload over 2 KB with pglz, an import's batch events (a few hundred KB
-- each) among them: 4.85 MB of such JSON took 43 ms to insert compressed and 16 ms stored as it is. External
-- storage keeps large payloads out of line, uncompressed.
alter table outbox alter column payload set storage external;
