import { NOTICE_COLUMNS, type Notice, problemsCell } from "@pipguard/core";
import ExcelJS from "exceljs";

/** The inspection notice as an XLSX workbook (one sheet, the regulators' columns, deadline in the title rows). */
export async function renderNoticeXlsx(notice: Notice): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "pipguard";
  const ws = wb.addWorksheet("通报名单");
  ws.mergeCells(1, 1, 1, NOTICE_COLUMNS.length);
  ws.getCell(1, 1).value = notice.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: "center" };
  ws.mergeCells(2, 1, 2, NOTICE_COLUMNS.length);
  ws.getCell(2, 1).value = notice.deadline ? `整改期限：${notice.deadline} 前完成整改` : "";
  const header = ws.getRow(3);
  NOTICE_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEEEEE" } };
  });
  // Cells are written as strings: an app name such as "=HYPERLINK(…)" stays text, never a formula.
  notice.rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    const values: (string | number)[] = [r.no, r.name, r.developer, r.source, r.version, problemsCell(r)];
    values.forEach((v, j) => {
      row.getCell(j + 1).value = v;
    });
    row.getCell(6).alignment = { wrapText: true, vertical: "top" };
  });
  const widths = [6, 24, 30, 14, 12, 60];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
