package io.rebase.commons.events;

import io.rebase.commons.messaging.TaskEventPublisher;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the service's {@link TaskEvents}: its task-events publisher, stamped with the application name. */
@Dependent
public class TaskEventsProducer {

    @Produces
    @Singleton
    TaskEvents taskEvents(TaskEventPublisher publisher) {
        return new TaskEvents(publisher, publisher.source());
    }
}
