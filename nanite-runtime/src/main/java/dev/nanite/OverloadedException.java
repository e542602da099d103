package dev.nanite;

/**
 * The mapper already has as many calls in flight as it allows ({@code Mapper.Builder.maxInFlight})
 * and refused this one rather than queue it without limit; try again when some have completed.
 */
public class OverloadedException extends NaniteException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public OverloadedException(String path, String message) {
    super(path, message);
  }
}
