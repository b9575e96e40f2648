package dev.switchboard.participants.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VisitorExportTest {

  @Test
  void aFileNameCannotLeadOutOfItsFolderInTheZip() {
    assertEquals("files/1/report.pdf", VisitorExport.entry("1", "report.pdf"));
    assertEquals("files/1/.._.._etc_passwd", VisitorExport.entry("1", "../../etc/passwd"));
    assertEquals("files/1/.._evil.exe", VisitorExport.entry("1", "..\\evil.exe"));
    assertEquals("files/1/file", VisitorExport.entry("1", ".."));
    assertEquals("files/1/a_b", VisitorExport.entry("1", "a\nb"));
  }
}
