package io.leadpool.platform;

import io.leadpool.events.ConflictResolved;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportBatchPooled;
import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadConverted;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.LeadTouched;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.ReminderDue;
import io.leadpool.events.RepNotified;
import io.leadpool.events.StageChanged;
import io.leadpool.events.TenantChanged;
import io.leadpool.platform.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Event records are (de)serialised reflectively by Jackson, never through a REST signature Quarkus
 * could see: register them, their nested records and their enums for native images.
 * {@code EventReflectionTest} fails when an event of {@code EventType}, or a type inside one, is missing.
 */
@RegisterForReflection(targets = { EventEnvelope.class, LeadDetails.class, LeadDetails.LeadSource.class,
        LeadReceived.class, ImportBatchReceived.class, ImportBatchReceived.ImportedLead.class,
        ImportBatchDecided.class, LeadAccepted.class, LeadDuplicateDetected.class, LeadRejected.class,
        LeadRejected.Violation.class, LeadPooled.class, ImportBatchPooled.class, OwnershipChanged.class, FollowUpLogged.class,
        LeadTouched.class, LeadLockChanged.class, RecycleDue.class, LeadDeadlines.class, StageChanged.class,
        LeadRescheduled.class, LeadConverted.class, RepNotified.class, ImportRow.class, ConflictResolved.class,
        ConflictResolved.Action.class, ReminderDue.class, TenantChanged.class, TenantChanged.Status.class,
        ProblemException.FieldError.class },
        // The envelope the outbox writes (EventCodec.encode), private to the codec.
        classNames = "io.leadpool.events.EventCodec$Outgoing")
final class EventReflection {
    private EventReflection() {
    }
}
