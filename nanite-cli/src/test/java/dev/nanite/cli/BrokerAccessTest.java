package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.CredentialsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How every command merges its broker settings, flags over the config file over the
 * environment: the URI, the password kept out of it, and the TLS stores.
 */
class BrokerAccessTest {
  private static final String CLUSTER = "amqps://nanite1@rabbit1:5671,rabbit2:5671/nanite";

  @TempDir
  Path dir;

  private BrokerOptions config(String... lines) throws Exception {
    Path file = dir.resolve("nanite.properties");
    Files.writeString(file, String.join("\n", lines));
    return BrokerOptions.of(AgentConfig.read(file));
  }

  private static BrokerOptions flags(String uri, Path passwordFile) {
    return BrokerOptions.flags(uri, passwordFile, null, null, null, null);
  }

  private static BrokerAccess resolve(BrokerOptions flags, BrokerOptions config,
      Map<String, String> env) {
    return BrokerAccess.resolve(flags, config, env);
  }

  private static String refused(BrokerOptions flags, BrokerOptions config,
      Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class,
        () -> BrokerAccess.resolve(flags, config, env).check()).getMessage();
  }

  private static void assertCredentials(String user, String password, BrokerAccess access) {
    CredentialsProvider credentials = access.credentials();
    assertNotNull(credentials, access.toString());
    assertEquals(user, credentials.getUsername());
    assertEquals(password, credentials.getPassword());
  }

  @Test
  void theUriComesFromTheFlagThenTheFileThenTheEnvironment() throws Exception {
    Map<String, String> env = Map.of(BrokerUri.ENV, "amqp://guest:guest@env1:5672,env2:5672");
    BrokerOptions file = config("uri = amqp://guest:guest@file1:5672,file2:5672/nanite");
    assertEquals("amqp://guest:guest@flag1,flag2",
        resolve(flags("amqp://guest:guest@flag1,flag2", null), file, env).uri());
    assertEquals("amqp://guest:guest@file1:5672,file2:5672/nanite",
        resolve(BrokerOptions.NONE, file, env).uri());
    assertEquals("amqp://guest:guest@env1:5672,env2:5672",
        resolve(BrokerOptions.NONE, BrokerOptions.NONE, env).uri());
    BrokerAccess local = resolve(BrokerOptions.NONE, BrokerOptions.NONE, Map.of());
    assertEquals(BrokerUri.LOCAL_RABBITMQ, local.uri());
    assertNull(local.credentials());
    assertNull(local.sslContext());
  }

  @Test
  void aBadUriNamesItsSettingWithoutItsPassword() throws Exception {
    String bad = refused(flags("amqp://guest:hunter2@h1:5672,h2:nope", null),
        BrokerOptions.NONE, Map.of());
    assertTrue(bad.startsWith("--uri: not a usable broker URI: amqp://guest:***@h1:5672,h2:nope:"),
        bad);
    assertFalse(bad.contains("hunter2"), bad);
    // The URI's parser reads "pa" as a port, or "ss@h1" as a host, and would say so.
    for (String unescaped : List.of("amqp://guest:pa/ss@h1", "amqp://guest:pa@ss@h1")) {
      assertEquals("--uri: the password in amqp://guest:***@h1 holds a character the URI needs"
          + " percent-encoded (/ as %2F, ? as %3F, # as %23, @ as %40); or keep it out of the"
          + " URI with --password-file", refused(flags(unescaped, null), BrokerOptions.NONE,
              Map.of()));
    }
    // An @ after the host is ambiguous (a password's, or the vhost's?): the runtime refuses it.
    assertTrue(refused(flags("amqp://guest:pw@h1:5672/v@x", null), BrokerOptions.NONE, Map.of())
        .contains("@ as %40"));
    Path file = dir.resolve("nanite.properties");
    assertTrue(refused(BrokerOptions.NONE, config("uri = http://h1"), Map.of())
        .startsWith(file + ": uri: not a usable broker URI"));
    assertTrue(refused(BrokerOptions.NONE, BrokerOptions.NONE, Map.of(BrokerUri.ENV, "h1:5672"))
        .startsWith("$NANITE_AMQP_URI: not a usable broker URI"));
  }

  @Test
  void thePasswordComesFromAFileWithoutItsTrailingNewline() throws Exception {
    Path flagFile = Files.writeString(dir.resolve("flag.password"), "from flag\n");
    Path envFile = Files.writeString(dir.resolve("env.password"), "from env file\r\n");
    Files.writeString(dir.resolve("file.password"), " from config \n\n");
    BrokerOptions file = config("password-file = file.password"); // relative to the file
    Map<String, String> env = Map.of(BrokerUri.ENV, CLUSTER,
        BrokerAccess.PASSWORD_FILE_ENV, envFile.toString(),
        BrokerAccess.PASSWORD_ENV, "from env");

    assertCredentials("nanite1", "from flag", resolve(flags(null, flagFile), file, env));
    assertCredentials("nanite1", " from config ", resolve(BrokerOptions.NONE, file, env));
    assertCredentials("nanite1", "from env file",
        resolve(BrokerOptions.NONE, BrokerOptions.NONE, env));
    assertCredentials("nanite1", "from env", resolve(BrokerOptions.NONE, BrokerOptions.NONE,
        Map.of(BrokerUri.ENV, CLUSTER, BrokerAccess.PASSWORD_ENV, "from env")));
    assertNull(resolve(BrokerOptions.NONE, BrokerOptions.NONE, Map.of(BrokerUri.ENV,
        "amqps://rabbit1/?auth_mechanism=external")).credentials(), "a client certificate");
  }

  @Test
  void aPasswordFileThatCannotBeReadNamesItsSetting() throws Exception {
    Path missing = dir.resolve("missing.password");
    assertEquals("--password-file: the password file " + missing + " does not exist",
        refused(flags(CLUSTER, missing), BrokerOptions.NONE, Map.of()));
    Path empty = Files.writeString(dir.resolve("empty.password"), "\n");
    assertEquals(dir.resolve("nanite.properties") + ": password-file: the password file "
        + empty + " is empty",
        refused(BrokerOptions.NONE, config("uri = " + CLUSTER, "password-file = empty.password"),
            Map.of()));
    assertEquals("$NANITE_AMQP_PASSWORD_FILE: the password file " + missing + " does not exist",
        refused(BrokerOptions.NONE, BrokerOptions.NONE, Map.of(BrokerUri.ENV, CLUSTER,
            BrokerAccess.PASSWORD_FILE_ENV, missing.toString())));
  }

  @Test
  void aPasswordGivenTwiceIsAnErrorUnlessTheUriOutranksIt() throws Exception {
    Path password = Files.writeString(dir.resolve("pw"), "hunter2\n");
    String twice = refused(flags("amqp://guest:guest@h1,h2", password), BrokerOptions.NONE,
        Map.of());
    assertEquals("--password-file gives a password, but the URI of --uri"
        + " (amqp://guest:***@h1,h2) holds one too: leave it out of the URI", twice);
    assertEquals("$NANITE_AMQP_PASSWORD gives a password, but the URI of $NANITE_AMQP_URI"
        + " (amqp://guest:***@h1) holds one too: leave it out of the URI",
        refused(BrokerOptions.NONE, BrokerOptions.NONE, Map.of(BrokerUri.ENV,
            "amqp://guest:guest@h1", BrokerAccess.PASSWORD_ENV, "hunter2")));
    assertEquals("$NANITE_AMQP_PASSWORD gives a password, but no broker URI names its user: give"
        + " one with --uri, uri in nanite.properties or $NANITE_AMQP_URI"
        + " (amqp://USER@host:5672/vhost)",
        refused(BrokerOptions.NONE, BrokerOptions.NONE, Map.of(BrokerAccess.PASSWORD_ENV, "x")));
    assertEquals("--password-file gives a password, but the URI of --uri (amqp://h1:5672) names"
        + " no user: write amqp[s]://USER@host...",
        refused(flags("amqp://h1:5672", password), BrokerOptions.NONE, Map.of()));

    // A production password in the environment does not spoil a development URI given
    // explicitly, which holds its own password or names no user.
    Map<String, String> production = Map.of(BrokerUri.ENV, CLUSTER,
        BrokerAccess.PASSWORD_ENV, "hunter2");
    assertNull(resolve(flags("amqp://guest:guest@localhost:5673", null), BrokerOptions.NONE,
        production).credentials());
    assertNull(resolve(BrokerOptions.NONE, config("uri = amqp://localhost:5673"), production)
        .credentials());
    assertNull(resolve(flags("amqp://guest:guest@localhost:5673", null), BrokerOptions.NONE,
        Map.of(BrokerAccess.PASSWORD_FILE_ENV, dir.resolve("missing").toString())).credentials(),
        "a password file the URI makes moot is not read");
  }

  @Test
  void aTrustStoreNeedsAnAmqpsUri() throws Exception {
    Path store = TestStores.trustStore(dir.resolve("ca.p12"), "trust-pw",
        TestStores.selfSigned("ca").certificate());
    String plain = refused(BrokerOptions.flags("amqp://guest:guest@h1:5672,h2:5672", null, store,
        null, null, null), BrokerOptions.NONE, Map.of());
    assertEquals("--trust-store gives a trust store for TLS, but the broker URI of --uri"
        + " (amqp://guest:***@h1:5672,h2:5672) is not amqps://: write amqps:// (default port"
        + " 5671) to connect over TLS", plain);
    assertTrue(refused(BrokerOptions.NONE, config("tls.key-store = client.p12"), Map.of())
        .startsWith(dir.resolve("nanite.properties") + ": tls.key-store gives a key store for"
            + " TLS, but the broker URI of the default broker"), "default: amqp://localhost");
  }

  @Test
  void storesAndTheirPasswordsComeFromTheFlagThenTheFileThenTheEnvironment() throws Exception {
    TestStores.Identity ca = TestStores.selfSigned("ca");
    Path fileStore = TestStores.trustStore(dir.resolve("file-ca.p12"), "file-pw",
        ca.certificate());
    Path flagStore = TestStores.trustStore(dir.resolve("flag-ca.p12"), "flag-pw",
        ca.certificate());
    Files.writeString(dir.resolve("file.password"), "file-pw\n");
    Path flagPassword = Files.writeString(dir.resolve("flag.password"), "flag-pw\n");
    TestStores.keyStore(dir.resolve("client.p12"), "env-pw", TestStores.selfSigned("agent"));
    BrokerOptions file = config("uri = " + CLUSTER, "tls.trust-store = file-ca.p12",
        "tls.trust-store-password-file = file.password", "tls.key-store = client.p12");
    Map<String, String> env = Map.of(BrokerAccess.PASSWORD_ENV, "amqp-pw",
        BrokerAccess.KEY_STORE_PASSWORD_ENV, "env-pw",
        BrokerAccess.TRUST_STORE_PASSWORD_ENV, "wrong-pw");

    // The file's stores open with the file's and the environment's passwords.
    BrokerAccess fromFile = resolve(BrokerOptions.NONE, file, env);
    assertNotNull(fromFile.sslContext());
    assertCredentials("nanite1", "amqp-pw", fromFile);
    // The flags' store opens with the flags' password, not the file's or the environment's.
    BrokerOptions flagged = BrokerOptions.flags(null, null, flagStore, flagPassword, null, null);
    assertNotNull(resolve(flagged, file, env).sslContext());
    // The environment's trust store password is used when no file gives one: here it is wrong.
    String wrong = refused(BrokerOptions.flags(null, null, flagStore, null, null, null),
        config("uri = " + CLUSTER), env);
    assertEquals("--trust-store: the trust store " + flagStore + " does not open with the"
        + " password from $NANITE_TLS_TRUST_STORE_PASSWORD: wrong password", wrong);

    Path lonely = dir.resolve("flag.password");
    assertEquals("--trust-store-password-file gives the password of a trust store, but no trust"
        + " store is given (--trust-store)",
        refused(BrokerOptions.flags(CLUSTER, null, null, lonely, null, null),
            BrokerOptions.NONE, Map.of()));
  }

  @Test
  void printsNoPassword() throws Exception {
    Path password = Files.writeString(dir.resolve("pw"), "hunter2\n");
    BrokerAccess access = resolve(flags(CLUSTER, password), BrokerOptions.NONE, Map.of());
    assertEquals("BrokerAccess[" + CLUSTER + ", password given]", access.toString());
    assertEquals("amqp://guest:***@localhost:5672",
        resolve(BrokerOptions.NONE, BrokerOptions.NONE, Map.of()).toString()
            .replaceAll("^BrokerAccess\\[|\\]$", ""));
    AgentSpec spec = AgentSpecs.resolve(new AgentFlags(dir, null, flags(CLUSTER, password), null,
        null, List.of(), null, List.of(), List.of(), null, null,
        null, null, null), Map.of());
    assertFalse(spec.toString().contains("hunter2"), spec.toString());
    assertEquals("--password-file (" + password + ")",
        Secret.read(password, "--password-file").toString());
  }
}
