package io.leadpool.platform;

import io.leadpool.events.EventEnvelope;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.LeadTouched;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.platform.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Event records are (de)serialised reflectively by Jackson: register them for native images. */
@RegisterForReflection(targets = { EventEnvelope.class, LeadDetails.class, LeadDetails.LeadSource.class,
        LeadReceived.class, LeadAccepted.class, LeadDuplicateDetected.class, LeadRejected.class,
        LeadRejected.Violation.class, LeadPooled.class, OwnershipChanged.class, FollowUpLogged.class,
        LeadTouched.class, io.leadpool.events.LeadLockChanged.class, RecycleDue.class,
        io.leadpool.events.LeadDeadlines.class, io.leadpool.events.StageChanged.class,
        io.leadpool.events.LeadRescheduled.class, io.leadpool.events.LeadConverted.class,
        io.leadpool.events.RepNotified.class, io.leadpool.events.ImportRow.class,
        io.leadpool.events.ConflictResolved.class, io.leadpool.events.ReminderDue.class, ProblemException.FieldError.class })
final class EventReflection {
    private EventReflection() {
    }
}
