package org.ehr.tools.hl7check;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.AbstractGroup;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict HL7 v2.5.1 receiver over MLLP: each message is decoded in the character set its MSH-18
 * declares (ASCII when absent, so an undeclared non-ASCII byte is an error), parsed by HAPI with
 * its default validation rules, and refused (AE) for any parse or validation error or any segment
 * the message structure does not define. One JSON line per message goes to stdout.
 */
public final class Receiver {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HapiContext context = new DefaultHapiContext(ValidationContextFactory.defaultValidation());
    PipeParser parser = context.getPipeParser();
    try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      OUT.println("{\"listening\":" + server.getLocalPort() + "}");
      while (true) {
        Socket socket = server.accept();
        new Thread(() -> serve(socket, parser)).start();
      }
    }
  }

  private static void serve(Socket socket, PipeParser parser) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      for (byte[] frame = readFrame(in); frame != null; frame = readFrame(in)) {
        String ack = check(frame, parser);
        out.write(0x0b);
        out.write(ack.getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
      }
    } catch (IOException e) {
      // The sender hung up.
    }
  }

  private static byte[] readFrame(InputStream in) throws IOException {
    int b;
    while ((b = in.read()) != 0x0b) if (b < 0) return null;
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    while (true) {
      b = in.read();
      if (b < 0) return null;
      if (b == 0x1c) {
        in.read();
        return frame.toByteArray();
      }
      frame.write(b);
    }
  }

  /** Checks one message; answers the ACK and prints the verdict. */
  static String check(byte[] bytes, PipeParser parser) {
    String controlId = "";
    String trigger = "";
    List<String> errors = new ArrayList<>();
    String familyName = null;
    try {
      String latin = new String(bytes, StandardCharsets.ISO_8859_1);
      String[] msh = latin.split("\r", 2)[0].split("\\|", -1);
      controlId = msh.length > 9 ? msh[9] : "";
      trigger = msh.length > 8 ? msh[8] : "";
      String declared = msh.length > 17 ? msh[17] : "";
      Charset charset = charsetOf(declared);
      if (declared.isEmpty()) {
        for (byte b : bytes) if ((b & 0x80) != 0) { errors.add("non-ASCII bytes but MSH-18 declares no character set"); break; }
      }
      String text = new String(bytes, charset);
      Message message = parser.parse(text);
      nonstandard(message, errors);
      Terser terser = new Terser(message);
      try {
        familyName = terser.get("/.PID-5-1");
      } catch (HL7Exception e) {
        familyName = null;
      }
    } catch (Exception e) {
      errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    String code = errors.isEmpty() ? "AA" : "AE";
    OUT.println("{\"controlId\":" + json(controlId) + ",\"trigger\":" + json(trigger) + ",\"ack\":\"" + code + "\",\"familyName\":" + json(familyName) + ",\"errors\":[" + String.join(",", errors.stream().map(Receiver::json).toList()) + "]}");
    String msa = "MSA|" + code + "|" + controlId.replaceAll("[^A-Za-z0-9.-]", "") + (errors.isEmpty() ? "" : "|" + errors.get(0).replaceAll("[^ -~]", "?").replaceAll("[|^~\\\\&]", " "));
    return "MSH|^~\\&|HL7-CHECK|TEST|EHR-ADT|GENHOSP|20260101000000||ACK|" + controlId.replaceAll("[^A-Za-z0-9.-]", "") + "|P|2.5.1\r" + msa + "\r";
  }

  /** MSH-18 as HL7 table 0211 names it; a name not in the table is an error. */
  private static Charset charsetOf(String declared) {
    switch (declared) {
      case "": case "ASCII": return StandardCharsets.US_ASCII;
      case "UNICODE UTF-8": return StandardCharsets.UTF_8;
      case "8859/1": return StandardCharsets.ISO_8859_1;
      default: throw new IllegalArgumentException("MSH-18 \"" + declared + "\" is not a character set this receiver accepts");
    }
  }

  /** Segments the message structure does not define (HAPI keeps them as nonstandard) are errors here. */
  private static void nonstandard(Group group, List<String> errors) throws HL7Exception {
    if (group instanceof AbstractGroup g) {
      for (String name : g.getNonStandardNames()) errors.add("segment " + name + " is not part of " + group.getName());
    }
    for (String name : group.getNames()) {
      for (Structure s : group.getAll(name)) if (s instanceof Group child) nonstandard(child, errors);
    }
  }

  private static String json(String value) {
    if (value == null) return "null";
    StringBuilder sb = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }
}
