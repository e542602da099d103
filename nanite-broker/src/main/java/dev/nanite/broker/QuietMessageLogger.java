package dev.nanite.broker;

import org.apache.qpid.server.logging.LogMessage;
import org.apache.qpid.server.logging.LogSubject;
import org.apache.qpid.server.logging.MessageLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Qpid's operational log (BRK-1001 start-up, CON-1001 connection opened, ...) to SLF4J at
 * DEBUG instead of INFO, so that every connection a test opens does not print a line.
 *
 * <p>Qpid's own {@code LoggingMessageLogger} logs each message at INFO under a logger named by the
 * message's hierarchy ({@code qpid.message.connection.open}, ...). This one keeps those logger
 * names, so {@code qpid.message} at DEBUG brings the messages back.
 */
final class QuietMessageLogger implements MessageLogger {

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public boolean isMessageEnabled(String logHierarchy) {
    return LoggerFactory.getLogger(logHierarchy).isDebugEnabled();
  }

  @Override
  public void message(LogMessage message) {
    Logger logger = LoggerFactory.getLogger(message.getLogHierarchy());
    if (logger.isDebugEnabled()) {
      logger.debug("{}", message);
    }
  }

  @Override
  public void message(LogSubject subject, LogMessage message) {
    Logger logger = LoggerFactory.getLogger(message.getLogHierarchy());
    if (logger.isDebugEnabled()) {
      logger.debug("{} {}", subject.toLogString(), message);
    }
  }
}
