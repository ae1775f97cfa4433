package dev.clusterlog.runtime.pod;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PodEvents#logged()}: events at INFO, warnings at WARN, under the logger named after {@link PodEvents}. */
final class LoggedPodEvents implements PodEvents {
    static final LoggedPodEvents INSTANCE = new LoggedPodEvents();

    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);

    private LoggedPodEvents() {
    }

    @Override
    public void event(String line) {
        LOG.info(line);
    }

    @Override
    public void warning(String line) {
        LOG.warn(line);
    }
}
