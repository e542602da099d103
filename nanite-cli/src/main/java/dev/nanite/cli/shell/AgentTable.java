package dev.nanite.cli.shell;

import dev.nanite.AgentInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code agents} command's tables: one row per live agent, with the broker node it is
 * connected to ({@code -} for an agent too old to say).
 */
final class AgentTable {
  private static final String[] HEADERS =
      {"IDENTITY", "NODE", "STATUS", "TAGS", "PATHS", "LAST PING", "IN FLIGHT"};

  private AgentTable() {}

  /** The table's lines, headers first. */
  static List<String> format(List<AgentInfo> agents, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (AgentInfo agent : agents) {
      rows.add(new String[] {
          agent.identity(),
          agent.broker().isEmpty() ? "-" : agent.broker(),
          String.format(Locale.ROOT, "%.2f", agent.status()),
          agent.tags().isEmpty() ? "-" : String.join(",", agent.tags().stream().sorted().toList()),
          String.join(",", agent.services().keySet().stream().sorted().toList()),
          age(Duration.between(agent.lastSeen(), now)),
          Integer.toString(agent.inFlight())});
    }
    return lines(rows);
  }

  /**
   * The counters table ({@code agents --counters}): each agent's ping interval and what it
   * counted as of its last ping, a column per counter; {@code -} for an agent that sends none.
   */
  static List<String> counters(List<AgentInfo> agents) {
    Set<String> names = new LinkedHashSet<>();
    agents.forEach(agent -> names.addAll(agent.counters().keySet()));
    List<String[]> rows = new ArrayList<>();
    List<String> headers = new ArrayList<>(List.of("IDENTITY", "PING"));
    // badSignature → BAD_SIGNATURE
    names.forEach(name -> headers.add(
        name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)));
    rows.add(headers.toArray(String[]::new));
    for (AgentInfo agent : agents) {
      List<String> row = new ArrayList<>(List.of(agent.identity(),
          String.format(Locale.ROOT, "%.1fs", agent.pingInterval().toMillis() / 1000.0)));
      names.forEach(name -> {
        Long value = agent.counters().get(name);
        row.add(value == null ? "-" : Long.toString(value));
      });
      rows.add(row.toArray(String[]::new));
    }
    return lines(rows);
  }

  /** How long ago, such as {@code 1.2s ago}. */
  static String age(Duration since) {
    long millis = Math.max(0, since.toMillis());
    return String.format(Locale.ROOT, "%.1fs ago", millis / 1000.0);
  }

  /** {@code rows} in columns two spaces apart, each as wide as its widest cell. */
  private static List<String> lines(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? "" : "  ");
        line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
