package dev.switchboard.limits;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.SharedFileInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A request whose body has arrived whole ({@link RequestBodies}): read from memory, or, an upload,
 * from the file it was spooled to. An upload's parts are parsed here (with Jakarta Mail's MIME
 * parser, reading the file in place), since the container's parser reads the connection's stream,
 * which this body was read from already.
 */
public final class WholeBody extends HttpServletRequestWrapper {

  private final Path file;
  private OutputStream spool;
  private byte[] bytes;
  private long size;
  private boolean discarded;
  private SharedFileInputStream shared;
  private List<Part> parts;

  private WholeBody(HttpServletRequest request, Path file) throws IOException {
    super(request);
    this.file = file;
    this.spool = file == null ? null : Files.newOutputStream(file);
    this.bytes = file == null ? new byte[1024] : null;
  }

  static WholeBody inMemory(HttpServletRequest request) throws IOException {
    return new WholeBody(request, null);
  }

  static WholeBody spooled(HttpServletRequest request, File directory) throws IOException {
    return new WholeBody(request, Files.createTempFile(directory.toPath(), "upload-", ".body"));
  }

  synchronized long size() {
    return size;
  }

  synchronized void append(byte[] chunk, int length) throws IOException {
    if (discarded) {
      return;
    }
    if (spool != null) {
      spool.write(chunk, 0, length);
    } else {
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.max(bytes.length * 2L, size + length));
      }
      System.arraycopy(chunk, 0, bytes, (int) size, length);
    }
    size += length;
  }

  /** The whole body is here. */
  synchronized void complete() throws IOException {
    if (spool != null) {
      spool.close();
      spool = null;
    }
  }

  /** The request is answered (or given up): a spooled body's file goes. */
  synchronized void discard() {
    if (discarded) {
      return;
    }
    discarded = true;
    bytes = null;
    try {
      if (spool != null) {
        spool.close();
      }
      if (shared != null) {
        shared.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file the container's temp directory keeps until it is cleaned
    }
  }

  @Override
  public synchronized ServletInputStream getInputStream() throws IOException {
    InputStream in =
        file != null
            ? Files.newInputStream(file)
            : new ByteArrayInputStream(discarded ? new byte[0] : bytes, 0, (int) size);
    return new Stream(in);
  }

  @Override
  public BufferedReader getReader() throws IOException {
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }

  @Override
  public int getContentLength() {
    return (int) Math.min(Integer.MAX_VALUE, size());
  }

  @Override
  public long getContentLengthLong() {
    return size();
  }

  @Override
  public Part getPart(String name) throws IOException, ServletException {
    for (Part part : getParts()) {
      if (name.equals(part.getName())) {
        return part;
      }
    }
    return null;
  }

  @Override
  public synchronized Collection<Part> getParts() throws IOException, ServletException {
    if (file == null || discarded) {
      throw new ServletException("the body is not multipart/form-data");
    }
    if (parts == null) {
      shared = new SharedFileInputStream(file.toFile());
      String type = getContentType();
      try {
        var multipart =
            new MimeMultipart(
                new DataSource() {
                  @Override
                  public InputStream getInputStream() {
                    // Read in place: each part is a range of the file. A stream of its own,
                    // which the parser closes: closing the first closes the file for every part.
                    return shared.newStream(0, -1);
                  }

                  @Override
                  public OutputStream getOutputStream() {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public String getContentType() {
                    return type;
                  }

                  @Override
                  public String getName() {
                    return "body";
                  }
                });
        var found = new ArrayList<Part>();
        for (int i = 0; i < multipart.getCount(); i++) {
          found.add(new FormPart((MimeBodyPart) multipart.getBodyPart(i)));
        }
        parts = Collections.unmodifiableList(found);
      } catch (MessagingException e) {
        throw new ServletException("the body is not multipart/form-data", e);
      }
    }
    return parts;
  }

  /** A part of a form, as the Servlet API names it. */
  private static final class FormPart implements Part {
    private final MimeBodyPart part;
    private final ContentDisposition disposition;

    FormPart(MimeBodyPart part) throws MessagingException {
      this.part = part;
      String header = part.getHeader("Content-Disposition", null);
      this.disposition = new ContentDisposition(header == null ? "form-data" : header);
    }

    @Override
    public InputStream getInputStream() throws IOException {
      try {
        return part.getInputStream();
      } catch (MessagingException e) {
        throw new IOException(e);
      }
    }

    @Override
    public String getContentType() {
      return header("Content-Type");
    }

    @Override
    public String getName() {
      return utf8(disposition.getParameter("name"));
    }

    @Override
    public String getSubmittedFileName() {
      return utf8(disposition.getParameter("filename"));
    }

    @Override
    public long getSize() {
      try {
        return part.getSize();
      } catch (MessagingException e) {
        return -1;
      }
    }

    @Override
    public void write(String fileName) {
      throw new UnsupportedOperationException("read the part's stream");
    }

    @Override
    public void delete() {
      // the spooled body is deleted with the request
    }

    @Override
    public String getHeader(String name) {
      return header(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
      try {
        String[] values = part.getHeader(name);
        return values == null ? List.of() : List.of(values);
      } catch (MessagingException e) {
        return List.of();
      }
    }

    @Override
    public Collection<String> getHeaderNames() {
      try {
        return Collections.list(part.getAllHeaders()).stream().map(h -> h.getName()).toList();
      } catch (MessagingException e) {
        return List.of();
      }
    }

    private String header(String name) {
      try {
        return part.getHeader(name, null);
      } catch (MessagingException e) {
        return null;
      }
    }

    /**
     * Browsers send a form's names as UTF-8, which the MIME parser reads as ISO-8859-1 (a byte a
     * character): read again as UTF-8 where they are.
     */
    private static String utf8(String value) {
      if (value == null) {
        return null;
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
            .toString();
      } catch (CharacterCodingException notUtf8) {
        return value;
      }
    }
  }

  /** The body as the API reads it: all there, so never waiting. */
  private static final class Stream extends ServletInputStream {
    private final InputStream in;
    private boolean finished;

    Stream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      finished = b < 0;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      finished = n < 0;
      return n;
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      try {
        listener.onDataAvailable();
        listener.onAllDataRead();
      } catch (IOException e) {
        listener.onError(e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
