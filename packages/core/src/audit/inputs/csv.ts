/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks (Camille stacks do). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Excel writes a BOM
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Splits a multi-value cell on the separators Chinese spreadsheets use (、；; | and line breaks). */
export function splitList(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(/[、；;|\n,，]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
