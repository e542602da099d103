package dev.nanite.cli;

import dev.nanite.TrustedKeys;
import dev.nanite.internal.security.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nanite keygen}: a signing key and the line that makes a fabric trust it. */
@Command(name = "keygen",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Makes an Ed25519 signing key and prints its trusted-keys line.",
    description = {
        "",
        "Writes DIR/ID.key, the private key (PKCS#8 PEM, readable by its owner only), for"
            + " --signing-key of the processes that sign as IDENTITIES; and DIR/ID.pub, the"
            + " line a trusted-keys file (--trusted-keys) holds for it, which it also prints:",
        "",
        "  nanite keygen --key-id nanite3-a --identities 'nanite3-*' --out keys",
        "",
        "Add the line to the trusted-keys file of every process (>> keys/trusted-keys)."
            + " --signing-key keys/nanite3-a.key then signs as key nanite3-a (its file name),"
            + " for identities starting with nanite3-. It never overwrites a key file."
            + " To rotate, make a new key, add its line beside the old one, move the signers"
            + " to it, then remove the old line. See docs/security.md.",
        ""},
    footer = ExitCodes.FOOTER)
final class KeygenCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--key-id", paramLabel = "ID", required = true,
      description = "The key's id: one word, also the key file's name.")
  String keyId;

  @Option(names = "--identities", paramLabel = "PATTERN", required = true,
      description = "The identities the key signs for: one, or a prefix ending in *"
          + " (nanite3-*).")
  String identities;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "Where to write ID.key and ID.pub (default: the current folder).")
  Path out;

  KeygenCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      Keys.checkId(keyId);
      Keys.checkIdentities(identities);
      if (keyId.contains("/") || keyId.contains("\\") || keyId.startsWith(".")) {
        throw new IllegalArgumentException("a key id names its file: it must not hold a / or"
            + " \\ nor start with a dot, got '" + keyId + "'");
      }
    } catch (IllegalArgumentException e) {
      io.err().println("nanite keygen: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    Path keyFile = out.resolve(keyId + ".key").toAbsolutePath().normalize();
    Path pubFile = out.resolve(keyId + ".pub").toAbsolutePath().normalize();
    if (Files.exists(keyFile)) {
      io.err().println("nanite keygen: " + keyFile + " exists: keygen never overwrites a key;"
          + " choose another --key-id, or remove the file first");
      return ExitCodes.ERROR;
    }
    KeyPair pair = Keys.generate();
    String line = new TrustedKeys.Key(keyId, identities, pair.getPublic()).line();
    try {
      Files.createDirectories(keyFile.getParent());
      Files.createFile(keyFile, ownerOnly()); // fails if it appeared meanwhile
    } catch (FileAlreadyExistsException e) {
      io.err().println("nanite keygen: " + keyFile + " exists: keygen never overwrites a key");
      return ExitCodes.ERROR;
    } catch (IOException e) {
      io.err().println("nanite keygen: cannot create " + keyFile + ": " + e);
      return ExitCodes.ERROR;
    }
    try {
      Files.writeString(keyFile, Keys.pem(pair.getPrivate()), StandardCharsets.US_ASCII);
      Files.writeString(pubFile, line + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(keyFile); // no half-written key left behind
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      io.err().println("nanite keygen: cannot write " + keyFile + " and " + pubFile + ": " + e);
      return ExitCodes.ERROR;
    }
    io.out().println(line);
    io.out().flush();
    io.err().println("nanite keygen: wrote " + keyFile + " (the private key: keep it on the"
        + " hosts that sign as " + identities + ") and " + pubFile);
    return ExitCodes.OK;
  }

  /** Read and write for the owner only, where the file system has POSIX permissions. */
  private static FileAttribute<?>[] ownerOnly() {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
    return new FileAttribute<?>[0];
  }
}
