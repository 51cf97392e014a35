-- The W3C trace context of the transaction that wrote the event (the HTTP request, or the event being
-- consumed), so the relay can continue that trace into the Kafka record's headers.
alter table outbox add column traceparent text;
